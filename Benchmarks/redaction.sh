#!/usr/bin/env bash
# The redaction benchmark: builds ticketd in release mode, makes (once) a Python environment with
# Microsoft Presidio under .bench/presidio-venv, and scores ticketd's partner and department
# copies beside Presidio's on a generated corpus with ground truth.
#   Benchmarks/redaction.sh [--count N] [--seed S] [--examples N] [--json FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/env.sh
Scripts/setup.sh
swift build -c release --product ticketd 2>&1 | tail -n 1
venv=.bench/presidio-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import presidio_analyzer' 2>/dev/null; then
    mkdir -p .bench
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet presidio-analyzer==2.2.355
fi
exec python3 Benchmarks/redaction_benchmark.py --ticketd "$PWD/.build/release/ticketd" --presidio-python "$PWD/$venv/bin/python" "$@"
