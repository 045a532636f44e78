#!/usr/bin/env bash
# The whole test suite: set-up, a build that must have zero warnings, the local mail servers and
# PostgreSQL, then every test; the servers are stopped again at the end, whatever happened. Each
# stage's line says when it began.
#   Scripts/test.sh            (what .ci/run calls)
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/env.sh
Scripts/setup.sh

mkdir -p .build
build_log=.build/ticketd-build.log
# Each stage's time, for the CI budget (30 minutes on two cores).
stage() { echo "== [$((SECONDS / 60))m$((SECONDS % 60))s] $*"; }
stage "build (debug, with tests)"
swift build --build-tests 2>&1 | tee "$build_log"

# Zero warnings in our own code. The compiler prints each warning once per build of a file, so
# this gate is exact on a fresh clone (CI); locally, `swift package clean` first to see them all.
# SwiftPM's notes on a dependency's own manifest ("warning: 'swift-distributed-tracing': found 1
# file(s) which are unhandled") are about their package, not ours, and are left out too.
own_warnings() {
    grep -E "warning:" "$build_log" | grep -v "/.build/checkouts/" \
        | awk -v q="'" '!($0 ~ ("^warning: " q "[^" q "]+" q ": found [0-9]+ file[(]s[)] which are unhandled") && $0 !~ ("^warning: " q "ticketd" q))' | sort -u
}
if own_warnings | grep -q .; then
    echo "== FAILED: the build has warnings:" >&2
    own_warnings >&2
    exit 1
fi

# The instruction budget of the ingest path: a count, not a time, so a busy machine cannot fail it
# and a slower hot path cannot pass it (Benchmarks/instructions.py says how).
stage "instruction budget (ticketd ingest under callgrind, release build)"
swift build -c release --product ticketd 2>&1 | tail -n 1
python3 Benchmarks/instructions.py --ticketd "$PWD/.build/release/ticketd"

stage "local mail servers (Dovecot and Postfix on loopback, Scripts/mailserver.sh)"
Scripts/mailserver.sh start
trap 'Scripts/mailserver.sh stop >/dev/null 2>&1 || true; Scripts/pgserver.sh stop >/dev/null 2>&1 || true' EXIT

stage "local PostgreSQL 15 (loopback, TLS only, Scripts/pgserver.sh)"
Scripts/pgserver.sh start

stage "tests"
export TICKETD_BIN="$PWD/.build/debug/ticketd"
swift test --skip-build
stage "done"
