#!/usr/bin/env python3
"""The Python baseline that ticketd's Swift ingest is measured against.

    python_baseline.py DIR DB [--synchronous NORMAL|FULL] [--batch N]

For each .eml file in DIR (sorted by name), it

1. parses the mail with the standard `email` package (policy=email.policy.default),
2. checks that it is a "website-contact" form mail (to support@example.com, Subject starting
   with "Kontaktformular" or "Contact form"), takes the text/plain body or else the text/html
   body turned into text, and reads the form's fields and consents with a simple label reader
   (the labels of Samples/ticketd.toml),
3. writes one row per mail into the SQLite database DB (WAL mode), the way a fair ingest would:
   a content hash and the Message-ID for de-duplication, a keyed hash (HMAC-SHA256) of the
   e-mail address for lookups, the fields, the consents and the raw mail.

With `--batch 1` (the default) every mail is committed in its own transaction: the floor, since
with synchronous=FULL each commit waits for the disk. With `--batch N` the mails are parsed N at
a time and each group of N is written in one transaction (BEGIN IMMEDIATE ... COMMIT), the group
commit ticketd does; the duplicate check is the same query inside that transaction, so it also
sees the rows written earlier in the same batch, and a duplicate inside a batch is skipped as
well. Both variants run exactly the same statements; only the number of commits differs.

Then it prints one line of JSON:

    {"mails": N, "batch": B, "seconds": S, "mails_per_second": R, "peak_rss_kib": K}

`mails` counts the files read; a mail already in DB (same content or Message-ID) is read and
skipped, as a second fetch of the same mail would be, so measure with a fresh DB.
`seconds` covers reading, parsing and storing every mail (not opening the database). The
baseline does not seal (encrypt) anything, since the standard library has no AES-GCM, so it does
less work per mail than ticketd. Standard library only.
"""

import argparse
import email
import email.policy
import hashlib
import hmac
import html
import json
import os
import re
import resource
import sqlite3
import sys
import time

FORM_TO = "support@example.com"
FORM_SUBJECT_PREFIXES = ("Kontaktformular", "Contact form")
FIELD_LABELS = {
    "name": ["Name", "Your name"],
    "email": ["E-Mail", "Email"],
    "phone": ["Telefon", "Phone"],
    "address": ["Anschrift", "Address"],
    "message": ["Nachricht", "Message"],
    "processing": ["Einwilligung Datenverarbeitung", "Consent to processing"],
    "marketing": ["Einwilligung Produktempfehlungen", "Product recommendations"],
    "version": ["Formular-Version"],
}
LABEL_TO_FIELD = {label: field for field, labels in FIELD_LABELS.items() for label in labels}
# A known label at the start of a line, then ":" or a tab (HTML table cells) or the end of the
# line (HTML "<b>Label</b><br>value" blocks put the value on the next line).
LABEL_LINE = re.compile(
    r"^\s*(" + "|".join(re.escape(l) for l in sorted(LABEL_TO_FIELD, key=len, reverse=True)) + r")"
    r"\s*(?::[ \t]*|\t+|$)(.*)$"
)
YES = {"ja", "yes", "true", "1", "on", "x", "[x]", "☑", "☒", "✓", "✔", "checked", "y", "j"}
NO = {"nein", "no", "false", "0", "off", "[ ]", "[]", "☐", "unchecked", "n"}

HTML_DROP = re.compile(r"<(head|style|script)\b.*?</\1\s*>", re.I | re.S)
HTML_BREAK = re.compile(r"<br\s*/?>|</(p|div|tr|h[1-6]|li|table)\s*>", re.I)
HTML_CELL = re.compile(r"</t[dh]\s*>", re.I)
HTML_TAG = re.compile(r"<[^>]*>")
SCHEMA = """
CREATE TABLE IF NOT EXISTS mails (
    id INTEGER PRIMARY KEY,
    content_sha256 BLOB NOT NULL UNIQUE,
    message_id TEXT,
    received_at TEXT NOT NULL,
    email_hmac BLOB,
    form TEXT,
    form_version TEXT,
    subject TEXT,
    name TEXT,
    email TEXT,
    phone TEXT,
    address TEXT,
    message TEXT,
    consent_processing INTEGER,
    consent_marketing INTEGER,
    raw BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS mails_message_id ON mails(message_id);
CREATE INDEX IF NOT EXISTS mails_email_hmac ON mails(email_hmac);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    mail_id INTEGER NOT NULL REFERENCES mails(id),
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL
);
"""
LOOKUP_KEY = hashlib.sha256(b"ticketd benchmark lookup key (not a secret)").digest()


def html_to_text(markup):
    markup = HTML_DROP.sub("", markup)
    markup = re.sub(r"\s*\n\s*", " ", markup)  # source line breaks are spaces in HTML
    markup = HTML_BREAK.sub("\n", markup)
    markup = HTML_CELL.sub("\t", markup)
    text = html.unescape(HTML_TAG.sub("", markup))
    return "\n".join(line.strip(" \t\xa0") for line in text.split("\n"))


def body_text(msg):
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # unknown charset label: read the bytes as Latin-1
        content = part.get_payload(decode=True).decode("latin-1")
    if not isinstance(content, str):
        content = content.decode("latin-1") if isinstance(content, bytes) else str(content)
    if part.get_content_type() == "text/html":
        content = html_to_text(content)
    return content


def read_labels(text):
    fields = {}
    current = None
    waiting = False  # label seen, value expected on the next non-empty line
    for line in text.splitlines():
        match = LABEL_LINE.match(line)
        if match:
            current = LABEL_TO_FIELD[match.group(1)]
            value = match.group(2).strip()
            fields[current] = value
            waiting = value == ""
            continue
        if current == "message":
            fields["message"] = (fields["message"] + "\n" + line) if fields["message"] else line.strip()
        elif current is not None and waiting and line.strip():
            fields[current] = line.strip()
            waiting = False
    if "message" in fields:
        fields["message"] = fields["message"].strip()
    return fields


def consent(value):
    if value is None:
        return None
    v = value.strip().lower()
    if v in YES:
        return True
    if v in NO:
        return False
    return None


def is_form(msg):
    to = str(msg.get("To", "")).lower()
    subject = str(msg.get("Subject", "")).strip()
    return FORM_TO in to and subject.startswith(FORM_SUBJECT_PREFIXES)


def prepare(raw, now):
    """Parses one mail into the values of its `mails` row and its event detail (no database work)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    content_hash = hashlib.sha256(raw).digest()
    message_id = str(msg.get("Message-ID", "") or "").strip() or None
    subject = str(msg.get("Subject", "") or "")
    fields = read_labels(body_text(msg)) if is_form(msg) else {}
    address = fields.get("email")
    email_hmac = hmac.new(LOOKUP_KEY, address.strip().lower().encode("utf-8"), hashlib.sha256).digest() \
        if address else None
    row = (content_hash, message_id, now, email_hmac, "website-contact" if fields else None,
           fields.get("version"), subject, fields.get("name"), address, fields.get("phone"),
           fields.get("address"), fields.get("message"), consent(fields.get("processing")),
           consent(fields.get("marketing")), raw)
    detail = json.dumps({"fields": sorted(k for k in fields if k not in ("processing", "marketing"))})
    return row, detail


def store(db, prepared):
    """Writes prepared mails in one transaction; returns how many were new (the rest were duplicates)."""
    stored = 0
    db.execute("BEGIN IMMEDIATE")  # one transaction per call: per mail, or per batch
    try:
        for row, detail in prepared:
            content_hash, message_id, now = row[0], row[1], row[2]
            # Inside the transaction, so a mail written earlier in the same batch counts too.
            if db.execute("SELECT 1 FROM mails WHERE content_sha256 = ? OR message_id = ?",
                          (content_hash, message_id)).fetchone():
                continue
            cursor = db.execute(
                "INSERT INTO mails (content_sha256, message_id, received_at, email_hmac, form, form_version, subject,"
                " name, email, phone, address, message, consent_processing, consent_marketing, raw)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
            db.execute("INSERT INTO events (mail_id, at, event, detail) VALUES (?, ?, 'ticket.created', ?)",
                       (cursor.lastrowid, now, detail))
            stored += 1
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return stored


def main(argv=None):
    parser = argparse.ArgumentParser(description="Ingest .eml files into SQLite with Python's email package.")
    parser.add_argument("dir", help="directory of .eml files")
    parser.add_argument("db", help="SQLite database file (created if missing)")
    parser.add_argument("--synchronous", default="NORMAL", choices=["OFF", "NORMAL", "FULL"],
                        help="SQLite synchronous setting (default NORMAL, the usual choice with WAL)")
    parser.add_argument("--batch", type=int, default=1, metavar="N",
                        help="mails per transaction (default 1: one commit per mail)")
    args = parser.parse_args(argv)
    if args.batch < 1:
        parser.error("--batch must be at least 1")
    names = sorted(n for n in os.listdir(args.dir) if n.endswith(".eml"))
    db = sqlite3.connect(args.db, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={args.synchronous}")
    db.execute("PRAGMA foreign_keys=ON")
    db.executescript(SCHEMA)
    started = time.perf_counter()
    count = 0
    pending = []
    for name in names:
        with open(os.path.join(args.dir, name), "rb") as fh:
            raw = fh.read()
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        pending.append(prepare(raw, now))
        count += 1
        if len(pending) == args.batch:
            store(db, pending)
            pending = []
    if pending:
        store(db, pending)
    seconds = time.perf_counter() - started
    db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({
        "mails": count,
        "batch": args.batch,
        "seconds": round(seconds, 3),
        "mails_per_second": round(count / seconds, 1) if seconds > 0 else None,
        "peak_rss_kib": peak,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
