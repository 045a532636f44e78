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

echo
echo "== 3. Start the local mail servers (Dovecot and Postfix on loopback, own CA) and send the sample mails through Postfix"
Scripts/mailserver.sh start
trap 'Scripts/mailserver.sh stop >/dev/null 2>&1 || true' EXIT
eval "$(Scripts/mailserver.sh env)"
cp "$TICKETD_TEST_PASSWORD_FILE_SUPPORT_EXAMPLE_COM" "$work/imap.password"; chmod 600 "$work/imap.password"
sed -i "s|^ca_file = \"\"|ca_file = \"$TICKETD_TEST_CA_FILE\"|" "$config"
for user in support@example.com tv-team@example.com service@acme.example; do
    doveadm -c "$TICKETD_TEST_DOVECOT_CONFIG" expunge -u "$user" mailbox '*' all 2>/dev/null || true
done
sent=0
for mail in Samples/mail/*.eml; do
    curl --silent --show-error --url "smtp://127.0.0.1:$TICKETD_TEST_SMTP_PORT" \
        --mail-from customer@example.org --mail-rcpt support@example.com --upload-file "$mail"
    sent=$((sent + 1))
done
for _ in $(seq 1 50); do
    delivered=$(doveadm -c "$TICKETD_TEST_DOVECOT_CONFIG" -f flow mailbox status -u support@example.com messages INBOX | sed 's/.*messages=//')
    [[ "$delivered" == "$sent" ]] && break
    sleep 0.2
done
echo "sent $sent mails through Postfix; $delivered are in support@example.com's INBOX"

step "   One poll cycle: fetch over IMAPS, read, seal, commit with the checkpoint, then move to Processed (JSON log lines)" \
    "$bin" serve --once --config "$config"
echo "INBOX now holds $(doveadm -c "$TICKETD_TEST_DOVECOT_CONFIG" -f flow mailbox status -u support@example.com messages INBOX | sed 's/.*messages=//') mails, Processed $(doveadm -c "$TICKETD_TEST_DOVECOT_CONFIG" -f flow mailbox status -u support@example.com messages Processed | sed 's/.*messages=//')"

step "4. The tickets, as the support team sees the list" \
    "$bin" tickets --config "$config"

step "5. One contact-form ticket as the agent sees it: the customer, the consent with its evidence, the full text" \
    "$bin" ticket show 1 --config "$config"

step "6. The same ticket as the TV department sees it: a pseudonym and the redacted text, no name, address or phone" \
    "$bin" ticket show 1 --as department --config "$config"

step "7. The server's own copies again, read from its Maildir (ticketd ingest): every one is recognised, nothing is doubled" \
    "$bin" ingest --config "$config" "$TICKETD_TEST_MAILDIR_SUPPORT_EXAMPLE_COM/.Processed"
step "   and a second poll cycle finds nothing new" "$bin" serve --once --config "$config"
step "   The quarantine: auto-reply, bounce, forms without processing consent, the over-size mail" \
    "$bin" quarantine --config "$config"

cp "$TICKETD_TEST_PASSWORD_FILE_SUPPORT_EXAMPLE_COM" "$work/smtp.password"; chmod 600 "$work/smtp.password"
export TICKETD_ACTOR=agent.anna
step "8. The agent looks at the copy for the manufacturer first: exactly what would leave, and its residual risk (nothing is queued)" \
    "$bin" ticket forward 1 --partner acme --note "Bitte prüfen Sie die WLAN-Kompatibilität." --preview --config "$config"
step "   then hands ticket 1 to the TV department and forwards it to the manufacturer (pseudonymized copies)" \
    "$bin" ticket assign 1 --queue tv --config "$config"
"$bin" ticket forward 1 --partner acme --note "Bitte prüfen Sie die WLAN-Kompatibilität." --config "$config"
step "   The next cycle sends them over SMTPS" "$bin" serve --once --config "$config"
step "   What the manufacturer received: no name, no address, no phone; a pseudonym for its domain only" \
    sh -c "cat '$TICKETD_TEST_MAILDIR_SERVICE_ACME_EXAMPLE'/new/* '$TICKETD_TEST_MAILDIR_SERVICE_ACME_EXAMPLE'/cur/* 2>/dev/null | head -40"
step "   The outbox" "$bin" outbox --config "$config"
step "   The Art. 30 register with its transfer log" "$bin" register --config "$config"

step "9. The audit trail of ticket 1, and the verification of the whole chain" \
    "$bin" audit log --ticket 1 --config "$config"
"$bin" audit verify --config "$config" 2>/dev/null

step "10. Proof: none of the personal values in the sample mails is stored in the clear (database and WAL searched byte by byte)" \
    python3 - "$work/state/ticketd.sqlite3" Samples/expected.json <<'PY'
import json, os, sys
database, expected = sys.argv[1], json.load(open(sys.argv[2]))
files = [database + suffix for suffix in ("", "-wal") if os.path.exists(database + suffix)]
blob = b"".join(open(f, "rb").read() for f in files)
values = [v for e in expected for v in e["personal_values"]]
found = [v for v in values if v.encode() in blob]
print(f"searched {len(files)} file(s), {len(blob)} bytes, for {len(values)} personal values: {len(found)} found in the clear")
sys.exit(1 if found else 0)
PY

# The customer of ticket 1, the one forwarded to the manufacturer: their export lists that transfer.
customer=$("$bin" ticket show 1 --json --config "$config" 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["customer"]["email"])')
step "11. The customer's rights: what ticketd holds about them (Art. 15; --json gives the Art. 20 document)" \
    "$bin" subject export --email "$customer" --config "$config"
step "   Art. 17: erase them: tickets, consents, key, WAL, and their mails on the IMAP server" \
    "$bin" subject erase --email "$customer" --config "$config"
step "   The export now holds nothing, and the audit chain still verifies" \
    "$bin" subject export --email "$customer" --json --config "$config"
"$bin" audit verify --config "$config" 2>/dev/null

# 12. A person asks by mail: the request, the confirmation with its one-time token, the person's
# answer from their own mailbox, and the export that comes back (text + JSON attachment).
requester=erika.beispiel@example.org
requester_maildir="$TICKETD_TEST_MAILDIR_ERIKA_BEISPIEL_EXAMPLE_ORG"
doveadm -c "$TICKETD_TEST_DOVECOT_CONFIG" expunge -u "$requester" mailbox '*' all 2>/dev/null || true
printf 'From: Erika Beispiel <%s>\r\nTo: datenschutz@example.com\r\nSubject: Meine Daten\r\nMessage-ID: <demo-request@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGuten Tag,\r\n\r\nAnfrage: Auskunft\r\n\r\nErika Beispiel\r\n' "$requester" >"$work/request.eml"
# datenschutz@ is meant to be an alias into the polled mailbox: the envelope goes to support@.
curl --silent --show-error --url "smtp://127.0.0.1:$TICKETD_TEST_SMTP_PORT" --mail-from "$requester" --mail-rcpt support@example.com --upload-file "$work/request.eml"
sleep 1
step "12. A data-subject request by mail (Anfrage: Auskunft): recorded with its deadline, a confirmation mail goes to the sender" \
    "$bin" serve --once --config "$config"
# The headers of the mails in the person's mailbox, decoded.
headers() {
    python3 - "$requester_maildir" "$@" <<'PY'
import email, glob, sys
from email import policy
for path in sorted(glob.glob(sys.argv[1] + "/new/*") + glob.glob(sys.argv[1] + "/cur/*")):
    message = email.message_from_binary_file(open(path, "rb"), policy=policy.default)
    if len(sys.argv) > 2:
        print(message[sys.argv[2]].addresses[0].addr_spec)
    else:
        for name in ("From", "To", "Reply-To", "Subject", "Auto-Submitted"):
            print(f"{name}: {message[name]}")
PY
}
step "   The confirmation in the person's mailbox: a one-time token in the reply address and the subject, nothing about the person" \
    headers
reply_to=$(headers Reply-To | head -1)
printf 'From: Erika Beispiel <%s>\r\nTo: %s\r\nSubject: Re: Bitte bestaetigen\r\nMessage-ID: <demo-confirmation@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nJa, das war ich.\r\n' "$requester" "$reply_to" >"$work/confirmation.eml"
curl --silent --show-error --url "smtp://127.0.0.1:$TICKETD_TEST_SMTP_PORT" --mail-from "$requester" --mail-rcpt "$reply_to" --upload-file "$work/confirmation.eml"
sleep 1
step "   The person answers from their own address: confirmed, carried out, the answer sent" \
    "$bin" serve --once --config "$config"
step "   What arrived: the readable export and the JSON document attached" \
    python3 - "$requester_maildir" <<'PY'
import email, glob, sys
from email import policy
for path in sorted(glob.glob(sys.argv[1] + "/new/*") + glob.glob(sys.argv[1] + "/cur/*")):
    message = email.message_from_binary_file(open(path, "rb"), policy=policy.default)
    if "done" not in str(message["Subject"]):
        continue
    print("Subject:", message["Subject"])
    for part in message.walk():
        if part.is_multipart():
            continue
        print(f"- part {part.get_content_type()}" + (f", attachment {part.get_filename()}" if part.get_filename() else "") + f", {len(part.get_content())} characters")
PY
step "   The request is done; its audit events" \
    sh -c "'$bin' requests --config '$config'; '$bin' audit log --config '$config' | grep -E 'request\.' "

step "13. The operator's view: what the daemon did last and what waits (from the database)" \
    "$bin" status --config "$config"

printf '\nThe demo directory is %s\n' "$work"
