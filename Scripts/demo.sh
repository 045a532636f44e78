#!/usr/bin/env bash
# The main job on the embedded default, end to end, on a fresh Debian 12 machine:
#   Scripts/demo.sh
# It builds ticketd, lays out a working directory from Samples/ (configuration plus freshly made
# secrets), and shows each step with its output. Set TICKETD_DEMO_DIR to keep the directory.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/env.sh
Scripts/setup.sh

echo "== building ticketd"
swift build --product ticketd 2>&1 | tail -n 1
bin="$PWD/.build/debug/ticketd"

work="${TICKETD_DEMO_DIR:-$(mktemp -d /tmp/ticketd-demo.XXXXXX)}"
mkdir -p "$work/state"
cp Samples/ticketd.toml "$work/ticketd.toml"
(
    umask 077
    head -c 32 /dev/urandom | base64 > "$work/master.key"
    echo "demo-imap-password" > "$work/imap.password"
    echo "demo-smtp-password" > "$work/smtp.password"
)
config="$work/ticketd.toml"

step() { printf '\n== %s\n$ %s\n' "$1" "${*:2}"; "${@:2}" || echo "(exit status $?)"; }

step "1. Validate the sample configuration and the secrets it names" \
    "$bin" config check --config "$config"

broken="$work/broken.toml"
sed -e 's/poll_interval = "PT5S"/poll_interval = "5 seconds"/' \
    -e 's|url = "smtps://127.0.0.1:10465"|url = "http://127.0.0.1:10465"|' \
    -e 's/name = "web"/name = "tv"/' \
    -e 's/^level = "info"/level = "verbose"/' "$config" > "$broken"
cp "$work/master.key" "$work/broken-master.key"; chmod 644 "$work/broken-master.key"
sed -i 's/master_key_file = "master.key"/master_key_file = "broken-master.key"/' "$broken"
step "2. A copy with five mistakes: every one is reported at once, with its key and its fix" \
    "$bin" config check --config "$broken"

step "3. Open the sealed store (created on first use) and verify the audit chain" \
    "$bin" audit verify --config "$config"

step "4. The database: owner-only, WAL mode, secure_delete on, personal data only in sealed columns" \
    ls -l "$work/state"
if command -v sqlite3 >/dev/null; then
    step "   its tables" sqlite3 "$work/state/ticketd.sqlite3" ".tables"
    step "   journal mode" sqlite3 "$work/state/ticketd.sqlite3" "PRAGMA journal_mode"
fi

step "5. The same verification as one JSON document, for monitoring" \
    "$bin" audit verify --json --config "$config"

printf '\nThe demo directory is %s\n' "$work"
