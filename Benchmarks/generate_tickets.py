#!/usr/bin/env python3
"""Fills a ticketd database with N made-up tickets of which D are due for retention at one instant.

    generate_tickets.py WORKDIR [--ticketd PATH] [--tickets N] [--due D] [--held H] [--seed S] [--due-at ISO]

WORKDIR is laid out like Scripts/demo.sh does it: ticketd.toml (Samples/ticketd.toml without
[imap] and [smtp], plus a retention class that erases), a fresh master key, and
state/ticketd.sqlite3, which `ticketd tickets` creates (schema, migrations and the master key's
fingerprint in `meta` are ticketd's own). The rows are then inserted with sqlite3 in large
transactions, in the shapes ticketd writes them:

- subjects with a unique pseudonym (`S-XXXX-XXXX-XXXX`, Crockford base32), a keyed lookup hash,
  sealed personal data and a wrapped key; about one ticket in seven is a returning customer's;
- per ticket the inbound mail (sealed raw mail, text and subject, redacted text and subject, 1 in
  100 with a sealed attachment), its dedupe record, the form's two consents with their evidence
  (7 in 10 tickets come from a form), and in about half the tickets one outgoing message (a
  reply to the customer, a copy for a queue, or a forward to the partner with its transfer),
  sent, with its outbox item and reply token;
- a hash-chained audit trail that `ticketd audit verify` accepts: subject.created,
  ticket.created, the outgoing action and its mail.sent or transfer.sent, ticket.closed.

Everything is made up. Sealed values are random bytes of the sizes sealing gives (1 version byte,
12 nonce bytes, the plaintext's length, 16 tag bytes): they cannot be opened, which the sweep
never needs (it deletes and clears, it does not read). `tickets` and `ticket show` therefore fail
on such a database (they open the subject keys); `sweep` and `audit verify` work.

Due dates are set, not derived from the class: D tickets (spread at random over the ids, the
unfavourable case for locality) fall due in the 30 days up to --due-at, and H more are due too
but under a legal hold, so a sweep at --due-at acts on exactly D. Every other closed ticket falls
due one to eight years after --due-at; open tickets have no due date yet. Classes: 8 in 10
ticket_personal_data (anonymize), 1 in 10 commercial_letter (restrict), 1 in 10 inquiry_no_contract
(erase). The last JSON line on standard output describes what was made, with an instant at which
nothing is due.
"""
import argparse
import base64
import datetime
import hashlib
import json
import math
import os
import random
import sqlite3
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

DAY_MS = 86_400_000
YEAR_MS = 365 * DAY_MS
SEAL_OVERHEAD = 1 + 12 + 16
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

ANONYMIZE, RESTRICT, ERASE = "ticket_personal_data", "commercial_letter", "inquiry_no_contract"
ERASE_CLASS = f"""
[[retention.classes]]
name = "{ERASE}"
start = "received"
period = "P1Y"
action = "erase"
"""
AGENTS = ["agent:anna", "agent:ben", "agent:chris", "agent:dana"]

# Made-up support text, redacted as ticketd stores it: placeholders instead of personal values.
OPENINGS = ["Guten Tag,", "Hallo,", "Sehr geehrte Damen und Herren,", "Hello,", "Dear support team,"]
SENTENCES = [
    "mein Fernseher schaltet sich nach etwa zehn Minuten von selbst ab.",
    "seit dem letzten Update findet die App den Receiver nicht mehr.",
    "die Fernbedienung reagiert nur noch, wenn ich direkt vor dem Gerät stehe.",
    "das Gerät wurde am Montag geliefert, der Karton war beschädigt.",
    "ich bitte um einen Rückruf unter [phone].",
    "bitte schicken Sie das Ersatzteil an [address].",
    "the soundbar loses its Bluetooth connection every few minutes.",
    "I have attached a photo of the error message on the screen.",
    "the wall mount in the box does not fit the screws of the TV.",
    "could you tell me whether the warranty covers a broken power supply?",
    "meine Rechnungsnummer lautet 2024-55-[card].",
    "erreichbar bin ich unter [email] oder [phone].",
    "der Bildschirm bleibt schwarz, nur die Standby-Lampe blinkt dreimal.",
    "Kanalsuche bricht bei 43 Prozent ab, auch nach einem Werksreset.",
    "the recording stops after exactly two hours.",
    "Please send the return label to [address].",
]
CLOSINGS = ["Viele Grüße\n[name]", "Mit freundlichen Grüßen\n[name]", "Best regards,\n[name]", "Danke!\n[name]"]
SUBJECTS = ["Kontaktformular: Frage zu meinem Gerät", "Kontaktformular: Reklamation", "Contact form: warranty",
            "Gerät defekt", "Ersatzteil", "Question about my order", "App findet Receiver nicht", "Rücksendung"]
ANSWERS = [
    "vielen Dank für Ihre Nachricht. Bitte trennen Sie das Gerät für fünf Minuten vom Strom.",
    "thank you for writing. A replacement part is on its way.",
    "wir haben Ihre Anfrage an die Fachabteilung weitergegeben.",
    "please update the firmware to version 4.2 and try again.",
]


def iso(milliseconds):
    return datetime.datetime.fromtimestamp(milliseconds / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") \
        + f"{milliseconds % 1000:03d}Z"


def parse_instant(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


class AuditChain:
    """ticketd's audit chain (Sources/Tickets/AuditChain.swift), rebuilt from its specification:
    SHA-256 over a length-prefixed big-endian canonical form, each event naming its predecessor.
    Rows are stored as ticketd's JSONEncoder writes them: compact, keys sorted, slashes unescaped
    (every value here is plain ASCII without quotes or backslashes, so they are written directly)."""

    def __init__(self, sequence, head):
        self.sequence = sequence
        self.head = head
        self.rows = []
        self.constants = {}
        self.field_lists = {}

    @staticmethod
    def text(value):
        data = value.encode()
        return struct.pack(">q", len(data)) + data

    def constant(self, value):
        """The canonical form of a name that recurs (actor, action, field, detail key)."""
        encoded = self.constants.get(value)
        if encoded is None:
            encoded = self.constants[value] = self.text(value)
        return encoded

    def append(self, at, actor, action, ticket=None, subject=None, fields=(), details=None):
        self.sequence += 1
        constant, text = self.constant, self.text
        listed = self.field_lists.get(fields)
        if listed is None:
            listed = self.field_lists[fields] = (
                struct.pack(">q", len(fields)) + b"".join(constant(field) for field in fields),
                "[" + ",".join(f'"{field}"' for field in fields) + "]")
        parts = [constant("ticketd/audit/v1"), struct.pack(">qq", self.sequence, at), constant(actor), constant(action),
                 b"\x00" if ticket is None else b"\x01" + struct.pack(">q", ticket),
                 b"\x00" if subject is None else b"\x01" + text(subject),
                 listed[0]]
        keys = sorted(details) if details else ()
        parts.append(struct.pack(">q", len(keys)))
        for key in keys:
            parts.append(constant(key))
            parts.append(text(details[key]))
        parts.append(struct.pack(">q", len(self.head)) + self.head)
        digest = hashlib.sha256(b"".join(parts)).digest()
        encoded_details = "{" + ",".join(f'"{key}":"{details[key]}"' for key in keys) + "}"
        self.rows.append((self.sequence, at, actor, action, ticket, subject, listed[1], encoded_details, self.head, digest))
        self.head = digest


def lay_out(work):
    """The working directory: configuration, fresh secrets, an empty state directory."""
    os.makedirs(os.path.join(work, "state"), exist_ok=True)
    with open(os.path.join(ROOT, "Samples", "ticketd.toml")) as f:
        config = f.read()
    # Without [imap] and [smtp] no command of this benchmark can reach a mail server, whether
    # or not one runs (ticketd treats both sections as optional and only warns).
    kept, skipping = [], False
    for line in config.splitlines(keepends=True):
        if line.startswith("["):
            skipping = line.strip() in ("[imap]", "[smtp]")
        if not skipping:
            kept.append(line)
    config = "".join(kept).replace("\n[limits]", ERASE_CLASS + "\n[limits]", 1)
    with open(os.path.join(work, "ticketd.toml"), "w") as f:
        f.write(config)
    old = os.umask(0o077)
    try:
        with open(os.path.join(work, "master.key"), "w") as f:
            f.write(base64.b64encode(os.urandom(32)).decode() + "\n")
    finally:
        os.umask(old)
    return os.path.join(work, "ticketd.toml")


class Blobs:
    """Random bytes shaped like sealed values, cut from one seeded pool (fast, and as opaque)."""

    def __init__(self, rng, size=16 << 20):
        self.rng = rng
        self.pool = rng.randbytes(size)
        self.size = size

    def raw(self, length):
        start = self.rng.randrange(self.size - length)
        return self.pool[start:start + length]

    def sealed(self, plaintext_length):
        return b"\x01" + self.raw(plaintext_length + SEAL_OVERHEAD - 1)

    def unique(self):
        """32 fresh bytes, for the keyed hashes that must not repeat (lookup, dedupe, token)."""
        return self.rng.randbytes(32)


def fill(database, args, log):
    rng = random.Random(args.seed)
    blobs = Blobs(rng)
    due_at = parse_instant(args.due_at)
    n, d, h = args.tickets, args.due, args.held
    if d + h > n:
        sys.exit("--due plus --held must not exceed --tickets")

    db = sqlite3.connect(database, isolation_level=None)
    # The schema is ticketd's; only the way of writing is the generator's: no rollback journal and
    # no syncing while it fills (the file is thrown away if this fails), then back to WAL.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -1048576")
    for table in ("tickets", "subjects", "messages", "outbox", "consents"):
        if db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
            sys.exit(f"{database} already holds {table}: the generator fills a fresh database only")
    last = db.execute("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1").fetchone()
    audit = AuditChain(last[0], last[1]) if last else AuditChain(0, bytes(32))

    # Which tickets are due, and which are due too but held.
    chosen = rng.sample(range(n), d + h)
    due = set(chosen[:d])
    held = set(chosen[d:])
    redacted = []
    for _ in range(600):
        body = rng.sample(SENTENCES, rng.randint(2, 6))
        redacted.append(rng.choice(OPENINGS) + "\n\n" + " ".join(s[0].upper() + s[1:] for s in body) + "\n\n" + rng.choice(CLOSINGS))

    first_created = due_at - 3 * YEAR_MS
    span = 3 * YEAR_MS - 40 * DAY_MS
    pseudonyms, taken = [], set()
    subject_count = message_count = outbox_count = consent_count = transfer_count = attachment_count = 0
    counts = {"open": 0, ANONYMIZE: 0, RESTRICT: 0, ERASE: 0}
    rows = {name: [] for name in ("subjects", "subject_keys", "tickets", "messages", "attachments", "consents",
                                  "ingested", "outbox", "reply_tokens", "transfers")}

    def flush():
        db.execute("BEGIN")
        db.executemany("INSERT INTO subjects (id, pseudonym, email_lookup, personal_data, restricted_at, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, NULL, ?, ?)", rows["subjects"])
        db.executemany("INSERT INTO subject_keys (subject_id, wrapped_key, created_at) VALUES (?, ?, ?)", rows["subject_keys"])
        db.executemany("INSERT INTO tickets (id, subject_id, state, queue, restricted, sensitive, form, form_version, retention_class, "
                       "created_at, closed_at, retention_due_at, redaction_uncertain, hold_reason, hold_until, archived_at) "
                       "VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, NULL)", rows["tickets"])
        db.executemany("INSERT INTO messages (id, ticket_id, subject_id, direction, from_role, at, message_id, sealed_raw, sealed_text, "
                       "sealed_subject, redacted_text, redacted_subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows["messages"])
        db.executemany("INSERT INTO attachments (id, message_id, mime_type, size, sealed_filename, sealed_data, released) "
                       "VALUES (?, ?, ?, ?, ?, ?, 0)", rows["attachments"])
        db.executemany("INSERT INTO consents (id, subject_id, ticket_id, purpose, granted, at, source_message_id, form_name, form_version, "
                       "mechanism, withdrawn_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)", rows["consents"])
        db.executemany("INSERT INTO ingested_messages (dedupe_key, ticket_id, quarantine_id, source, at) VALUES (?, ?, NULL, 'imap', ?)",
                       rows["ingested"])
        db.executemany("INSERT INTO outbox (id, ticket_id, subject_id, recipient_kind, recipient_name, message_id, payload, payload_sealed, "
                       "state, attempts, next_attempt_at, last_error, created_at, sent_at, kind, recipient_address, sealed_recipient, "
                       "hold_reason, receipt) VALUES (?, ?, ?, ?, ?, ?, NULL, 1, 'sent', 1, NULL, NULL, ?, ?, ?, ?, NULL, NULL, ?)",
                       rows["outbox"])
        db.executemany("INSERT INTO reply_tokens (token_hash, ticket_id, recipient_kind, recipient_name, created_at) VALUES (?, ?, ?, ?, ?)",
                       rows["reply_tokens"])
        db.executemany("INSERT INTO transfers (id, ticket_id, subject_pseudonym, partner, recipient, purpose, legal_basis, data_categories, "
                       "third_country, outbox_id, message_id, at, payload_sha256, status) "
                       "VALUES (?, ?, ?, 'acme', 'service@acme.example', ?, 'Art. 6(1)(b) GDPR', '[\"device data\",\"problem description\"]', "
                       "0, ?, ?, ?, ?, 'delivered')", rows["transfers"])
        db.executemany("INSERT INTO audit_events (sequence, at, actor, action, ticket_id, subject, fields, details, previous_hash, hash) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", audit.rows)
        db.execute("COMMIT")
        for batch in rows.values():
            batch.clear()
        audit.rows.clear()

    purpose = "Clarify technical questions about the manufacturer's devices"
    started = time.perf_counter()
    for index in range(n):
        ticket = index + 1
        created = first_created + index * span // n + rng.randrange(60_000)

        # The customer: new, or one who wrote before (about one ticket in seven; half of those
        # among the last 5,000 customers, half among all).
        if subject_count and rng.random() < 0.15:
            subject = rng.randint(max(1, subject_count - 5000) if rng.random() < 0.5 else 1, subject_count)
            pseudonym = pseudonyms[subject - 1]
        else:
            subject_count += 1
            subject = subject_count
            while True:
                bits = rng.getrandbits(60)
                digits = "".join(CROCKFORD[(bits >> (5 * i)) & 31] for i in range(12))
                pseudonym = f"S-{digits[0:4]}-{digits[4:8]}-{digits[8:12]}"
                if pseudonym not in taken:
                    break
            taken.add(pseudonym)
            pseudonyms.append(pseudonym)
            fields = ["name", "email"] + (["phone"] if rng.random() < 0.6 else []) + (["postal_address"] if rng.random() < 0.4 else [])
            rows["subjects"].append((subject, pseudonym, blobs.unique(), blobs.sealed(rng.randint(20, 40) * len(fields)), created, created))
            rows["subject_keys"].append((subject, blobs.sealed(32), created))
            audit.append(created, "system:ingest", "subject.created", subject=pseudonym, fields=tuple(fields))

        # Its class and dates.
        roll = rng.random()
        retention_class = ANONYMIZE if roll < 0.8 else RESTRICT if roll < 0.9 else ERASE
        is_due = index in due or index in held
        is_open = not is_due and retention_class != ERASE and rng.random() < 0.04
        closed = None if is_open else created + rng.randint(3_600_000, 30 * DAY_MS)
        if is_due:
            retention_due = due_at - rng.randrange(30 * DAY_MS)
        elif is_open:
            retention_due = None
        else:
            retention_due = due_at + YEAR_MS + rng.randrange(7 * YEAR_MS)
        counts["open" if is_open else retention_class] += 1
        form_roll = rng.random()
        form, version = ("website-contact", "3") if form_roll < 0.5 else ("app", "2.1") if form_roll < 0.7 else (None, None)
        queue = rng.choice(("tv", "tv", "tv", "web")) if rng.random() < 0.35 else None
        state = ("open" if rng.random() < 0.7 else "waiting") if is_open else "closed"
        sensitive = '["health"]' if rng.random() < 0.03 else "[]"
        hold = "court case K-17/2025 pending" if index in held else None
        rows["tickets"].append((ticket, subject, state, queue, sensitive, form, version, retention_class, created, closed, retention_due, hold))

        # The inbound mail, its dedupe record and (for a form) the two consents with their evidence.
        text = rng.choice(redacted)
        message_count += 1
        inbound = message_count
        message_id = f"{rng.getrandbits(64):016x}.{rng.getrandbits(32):08x}@mail.example.net"
        raw_length = min(int(2400 * math.exp(rng.gauss(0, 0.5))), 200_000)
        ticket_fields = ["raw_mail", "message_text"]
        if rng.random() < 0.01:
            attachment_count += 1
            size = min(int(120_000 * math.exp(rng.gauss(0, 0.8))), 2_000_000)
            raw_length += size * 4 // 3 + size // 57
            rows["attachments"].append((attachment_count, inbound, rng.choice(("image/jpeg", "application/pdf")), size,
                                        blobs.sealed(rng.randint(8, 30)), blobs.sealed(size)))
            ticket_fields.append("attachments")
        subject_line = rng.choice(SUBJECTS)
        rows["messages"].append((inbound, ticket, subject, "inbound", "customer", created, message_id, blobs.sealed(raw_length),
                                 blobs.sealed(len(text) + rng.randint(0, 80)), blobs.sealed(len(subject_line) + rng.randint(0, 20)),
                                 text, subject_line))
        rows["ingested"].append((blobs.unique(), ticket, created))
        details = {"source": "imap"}
        if form:
            details.update({"form": form, "form_version": version, "consent_processing": "granted"})
            marketing = rng.choice(("granted", "refused", None))
            details["consent_marketing"] = marketing or "absent"
            for purpose_name, reading in (("processing", "granted"), ("marketing", marketing)):
                consent_count += 1
                mechanism = {"granted": "contact form: opt-in field answered yes", "refused": "contact form: opt-in field answered no",
                             None: "contact form: no opt-in field in the mail"}[reading]
                rows["consents"].append((consent_count, subject, ticket, purpose_name, {"granted": 1, "refused": 0, None: None}[reading],
                                         created - rng.randrange(120_000), message_id, form, version, mechanism))
        if sensitive != "[]":
            details["sensitive"] = "health"
        audit.append(created, "system:ingest", "ticket.created", ticket=ticket, subject=pseudonym, fields=tuple(ticket_fields), details=details)

        # About half the tickets: one outgoing message, sent (reply, queue copy, or partner forward).
        action_roll = rng.random()
        if action_roll < 0.55:
            kind, recipient_kind, name, address, action = (
                ("reply", "customer", None, None, "ticket.replied") if action_roll < 0.40 else
                ("assign", "queue", queue or "tv", f"{queue or 'tv'}-team@example.com", "ticket.assigned") if action_roll < 0.52 else
                ("forward", "partner", "acme", "service@acme.example", "ticket.forwarded"))
            at = created + rng.randint(600_000, 2 * DAY_MS)
            answer = rng.choice(ANSWERS) if kind == "reply" else text
            message_count += 1
            outbox_count += 1
            out_id = f"t{ticket}.{rng.getrandbits(64):x}{rng.getrandbits(64):x}@example.com"
            rows["messages"].append((message_count, ticket, subject, "outbound", "agent", at, out_id, None,
                                     blobs.sealed(len(answer)), None, answer, f"to {recipient_kind}" + (f" {name}" if name else "")))
            rows["outbox"].append((outbox_count, ticket, subject, recipient_kind, name, out_id, at, at + rng.randint(1000, 60_000), kind,
                                   address, f"250 2.0.0 Ok: queued as {rng.getrandbits(40):010X}"))
            rows["reply_tokens"].append((blobs.unique(), ticket, recipient_kind, name, at))
            event = {"outbox": str(outbox_count), "message_id": out_id}
            if kind == "reply":
                audit.append(at, rng.choice(AGENTS), action, ticket=ticket, subject=pseudonym, fields=("message_text",), details=event)
            else:
                event.update({"queue" if kind == "assign" else "partner": name, "replaced": "name,phone"})
                audit.append(at, rng.choice(AGENTS), action, ticket=ticket, subject=pseudonym, details=event)
            sent = {"outbox": str(outbox_count), "recipient_kind": recipient_kind}
            if name:
                sent["recipient"] = name
            if kind == "forward":
                transfer_count += 1
                digest = blobs.unique().hex()
                rows["transfers"].append((transfer_count, ticket, pseudonym, purpose, outbox_count, out_id, at + 30_000, digest))
                sent.update({"transfer": str(transfer_count), "payload_sha256": digest})
            audit.append(at + 30_000, "system:outbox", "transfer.sent" if kind == "forward" else "mail.sent", ticket=ticket, details=sent)

        if closed is not None:
            audit.append(closed, rng.choice(AGENTS), "ticket.closed", ticket=ticket, subject=pseudonym,
                         details={"retention_due": iso(retention_due)} if retention_due is not None else {})

        if ticket % 50_000 == 0 or ticket == n:
            flush()
            log(f"{ticket:>9,} tickets  {time.perf_counter() - started:6.1f} s")

    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    # Written without syncing: flush it now, or the first fdatasync of whoever opens it next
    # (ticketd's first commit) would pay for writing the whole file back.
    fd = os.open(database, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return {"tickets": n, "subjects": subject_count, "messages": message_count, "attachments": attachment_count,
            "consents": consent_count, "outbox": outbox_count, "transfers": transfer_count, "audit_events": audit.sequence,
            "by_class": counts, "due": d, "held": h, "due_at": iso(due_at), "nothing_due_at": iso(due_at - 31 * DAY_MS)}



def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", help="the working directory to lay out (must not hold a database yet)")
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"))
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--held", type=int, default=25, help="due tickets under a legal hold, besides --due (default 25)")
    parser.add_argument("--seed", type=int, default=20260115)
    parser.add_argument("--due-at", default="2026-01-15T03:00:00Z", help="the instant at which --due tickets are due")
    args = parser.parse_args()

    database = os.path.join(args.work, "state", "ticketd.sqlite3")
    if os.path.exists(database):
        sys.exit(f"{database} exists: pass a fresh working directory")
    started = time.perf_counter()
    config = lay_out(args.work)
    created = subprocess.run([args.ticketd, "tickets", "--config", config], capture_output=True, text=True)
    if created.returncode != 0 or not os.path.exists(database):
        sys.exit("ticketd could not create the database:\n" + created.stderr[-2000:])

    def log(line):
        print(line, file=sys.stderr, flush=True)

    summary = fill(database, args, log)
    summary.update({"seed": args.seed, "config": config, "database": database, "bytes": os.path.getsize(database),
                    "seconds": round(time.perf_counter() - started, 1)})
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
