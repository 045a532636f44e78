#!/usr/bin/env bash
# The serve benchmark: drains N mails (default 10,000) from the local Dovecot with
# `ticketd serve --once`, beside the curl command line fetching the same messages (the libcurl
# ceiling), in the same run.   Benchmarks/serve.sh [--count N]
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/env.sh
Scripts/setup.sh
swift build -c release --product ticketd 2>&1 | tail -n 1
exec python3 Benchmarks/serve_benchmark.py --ticketd "$PWD/.build/release/ticketd" "$@"
