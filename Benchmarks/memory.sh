#!/usr/bin/env bash
# The memory benchmark: peak RSS of `ticketd ingest` for one mail just under the 25 MB limit,
# beside Python's email package reading the same file, and RSS and CPU time of an idle
# `ticketd serve` over 60 s against the local Dovecot, in the same run.
# (The peak RSS of the 10,000-mail drain is printed by Benchmarks/serve.sh.)
#   Benchmarks/memory.sh [--idle-seconds S] [--poll-interval PT5S] [--part all|mail|idle]
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/env.sh
Scripts/setup.sh
swift build -c release --product ticketd 2>&1 | tail -n 1
exec python3 Benchmarks/memory.py --ticketd "$PWD/.build/release/ticketd" "$@"
