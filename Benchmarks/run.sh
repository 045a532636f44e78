#!/usr/bin/env bash
# The ingest benchmark: builds ticketd in release mode and measures `ticketd ingest` beside two
# Python baselines on the same generated corpus, in the same run: one commit per mail (the floor)
# and N mails per commit (--batch N, default 100; when given, also ticketd's [limits] ingest_batch).
#   Benchmarks/run.sh [--count N] [--batch N]
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/env.sh
Scripts/setup.sh
swift build -c release --product ticketd 2>&1 | tail -n 1
exec python3 Benchmarks/ingest_benchmark.py --ticketd "$PWD/.build/release/ticketd" "$@"
