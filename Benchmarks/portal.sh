#!/usr/bin/env bash
# The privacy portal under load: 100 signed-in sessions browsing for 60 s over TLS, beside the
# static file and the sign-in page as baselines (Benchmarks/portal_benchmark.py says how). Needs
# root and the local mail servers (started here unless --mail-state or
# $TICKETD_TEST_MAIL_STATE_DIR names running ones).
#   Benchmarks/portal.sh [--clients C] [--seconds S] [--forms N] [--mail-state DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/env.sh
Scripts/setup.sh
swift build -c release --product ticketd 2>&1 | tail -n 1
exec python3 Benchmarks/portal_benchmark.py --ticketd "$PWD/.build/release/ticketd" "$@"
