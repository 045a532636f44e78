#!/usr/bin/env bash
# The sweep benchmark: builds ticketd in release mode, generates a database of N tickets
# (default 1,000,000) of which D (default 10,000) are due, and measures `ticketd sweep` with D due
# beside a sweep with nothing due on a copy of the same database, and again on a database of N/10
# tickets with the same D due, in the same run.
#   Benchmarks/sweep.sh [--tickets N] [--due D] [--no-small] [--keep] [--what-if SQL]...
# It needs no mail server: the benchmark's configuration has no [imap] or [smtp] section.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/env.sh
Scripts/setup.sh
swift build -c release --product ticketd 2>&1 | tail -n 1
exec python3 Benchmarks/sweep_benchmark.py --ticketd "$PWD/.build/release/ticketd" "$@"
