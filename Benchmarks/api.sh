#!/usr/bin/env bash
# The staff API under load: 50 clients on the daemon's socket for 60 s, without and with the
# poller taking in 1,000 mails (Benchmarks/api_benchmark.py says how). Needs root.
#   Benchmarks/api.sh [--clients C] [--seconds S] [--mails N]
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/env.sh
Scripts/setup.sh
swift build -c release --product ticketd 2>&1 | tail -n 1
exec python3 Benchmarks/api_benchmark.py --ticketd "$PWD/.build/release/ticketd" "$@"
