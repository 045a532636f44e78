#!/usr/bin/env bash
# The instruction-count guard: builds ticketd in release mode, counts with valgrind's callgrind
# the instructions `ticketd ingest` spends per mail on a fixed corpus of 300 generated mails, and
# compares them with the budget in Benchmarks/instruction-budget.json (exit 1 when over by more
# than 10%). `--write-budget` makes the measured figure the new budget, for a commit of its own.
#   Benchmarks/instructions.sh [--write-budget] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/env.sh
Scripts/setup.sh
swift build -c release --product ticketd 2>&1 | tail -n 1
exec python3 Benchmarks/instructions.py --ticketd "$PWD/.build/release/ticketd" "$@"
