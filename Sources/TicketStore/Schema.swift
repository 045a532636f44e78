import GRDB

// Longer than 300 lines on purpose: the migrations are one ordered list, read top to bottom as
// the history of the schema; split, their order would no longer be visible.

/// The versioned schema. Migrations are only ever appended; a released one never changes.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-sending") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-retention") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4-retention-rules") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5-subject-rights") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6-subject-requests") { db in
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7-request-confirmation") { db in
            try db.execute(sql: v7)
        }
        migrator.registerMigration("v8-attachment-transfers") { db in
            try db.execute(sql: v8)
        }
        migrator.registerMigration("v9-erasure-notices") { db in
            try db.execute(sql: v9)
        }
        migrator.registerMigration("v10-api-tokens") { db in
            try db.execute(sql: v10)
        }
        migrator.registerMigration("v11-portal") { db in
            try db.execute(sql: v11)
        }
        return migrator
    }

    /// Times are whole milliseconds since 1970 UTC; booleans are 0/1; sealed columns hold
    /// `Sealing` blobs under the key of the row's subject (or the row's own wrapped key).
    static let v1 = """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;

    -- Data subjects: the people tickets are about. Only the pseudonym and a keyed hash are clear.
    CREATE TABLE subjects (
        id INTEGER PRIMARY KEY,
        pseudonym TEXT NOT NULL UNIQUE,
        email_lookup BLOB UNIQUE,
        personal_data BLOB NOT NULL,
        restricted_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    ) STRICT;

    -- One key per subject, wrapped by the master key. Deleting the row is crypto-shredding.
    CREATE TABLE subject_keys (
        subject_id INTEGER PRIMARY KEY REFERENCES subjects(id) ON DELETE CASCADE,
        wrapped_key BLOB NOT NULL,
        created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        subject_id INTEGER REFERENCES subjects(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'waiting', 'closed')),
        queue TEXT,
        restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
        sensitive TEXT NOT NULL DEFAULT '[]',
        form TEXT,
        form_version TEXT,
        retention_class TEXT,
        created_at INTEGER NOT NULL,
        closed_at INTEGER,
        retention_due_at INTEGER
    ) STRICT;
    CREATE INDEX tickets_subject ON tickets(subject_id);
    CREATE INDEX tickets_retention_due ON tickets(retention_due_at) WHERE retention_due_at IS NOT NULL;

    -- Messages of a ticket. The raw mail and the full text are sealed; the redacted text is clear.
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        subject_id INTEGER REFERENCES subjects(id) ON DELETE SET NULL,
        direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'note')),
        from_role TEXT NOT NULL,
        at INTEGER NOT NULL,
        message_id TEXT,
        sealed_raw BLOB,
        sealed_text BLOB,
        sealed_subject BLOB,
        redacted_text TEXT NOT NULL DEFAULT '',
        redacted_subject TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX messages_ticket ON messages(ticket_id);
    CREATE INDEX messages_subject ON messages(subject_id);

    -- Attachments: name and content are personal data, sealed; type and size are clear.
    CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        mime_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sealed_filename BLOB,
        sealed_data BLOB,
        released INTEGER NOT NULL DEFAULT 0 CHECK (released IN (0, 1))
    ) STRICT;
    CREATE INDEX attachments_message ON attachments(message_id);

    -- Consents with their evidence (Art. 7(1)): what, when, from which mail, through which form.
    CREATE TABLE consents (
        id INTEGER PRIMARY KEY,
        subject_id INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
        ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
        purpose TEXT NOT NULL,
        granted INTEGER CHECK (granted IN (0, 1)),
        at INTEGER NOT NULL,
        source_message_id TEXT,
        form_name TEXT,
        form_version TEXT,
        mechanism TEXT NOT NULL,
        withdrawn_at INTEGER
    ) STRICT;
    CREATE INDEX consents_subject ON consents(subject_id);

    -- Where each polled mailbox stands: a message is new when its UID is above last_uid.
    CREATE TABLE mailbox_checkpoints (
        mailbox TEXT PRIMARY KEY,
        uidvalidity INTEGER NOT NULL,
        last_uid INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    ) STRICT;

    -- One row per mail ever taken in, keyed by a keyed hash of Message-ID and content: no doubles.
    CREATE TABLE ingested_messages (
        dedupe_key BLOB PRIMARY KEY,
        ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
        quarantine_id INTEGER REFERENCES quarantine(id) ON DELETE SET NULL,
        source TEXT NOT NULL,
        at INTEGER NOT NULL
    ) STRICT;

    -- Mail that could not become a ticket, sealed under a key of its own, with the reason.
    CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY,
        reason TEXT NOT NULL,
        key_owner TEXT NOT NULL UNIQUE,
        wrapped_key BLOB NOT NULL,
        sealed_raw BLOB,
        received_at INTEGER NOT NULL,
        released_at INTEGER
    ) STRICT;

    -- Outgoing mail, written in the same transaction as the action that caused it.
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER REFERENCES tickets(id) ON DELETE CASCADE,
        subject_id INTEGER REFERENCES subjects(id) ON DELETE CASCADE,
        recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('customer', 'queue', 'partner', 'requester')),
        recipient_name TEXT,
        message_id TEXT NOT NULL UNIQUE,
        payload BLOB,
        payload_sealed INTEGER NOT NULL CHECK (payload_sealed IN (0, 1)),
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'held')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER
    ) STRICT;
    CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state = 'pending';

    -- The Art. 30 transfer log: every copy that left for a recipient outside the support team.
    CREATE TABLE transfers (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
        subject_pseudonym TEXT,
        partner TEXT NOT NULL,
        recipient TEXT NOT NULL,
        purpose TEXT NOT NULL,
        legal_basis TEXT NOT NULL,
        data_categories TEXT NOT NULL,
        third_country INTEGER NOT NULL CHECK (third_country IN (0, 1)),
        outbox_id INTEGER REFERENCES outbox(id) ON DELETE SET NULL,
        message_id TEXT,
        at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX transfers_ticket ON transfers(ticket_id);

    -- The audit trail: append-only, hash-chained, no personal values. It outlives tickets,
    -- so ticket_id is not a foreign key.
    CREATE TABLE audit_events (
        sequence INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        ticket_id INTEGER,
        subject TEXT,
        fields TEXT NOT NULL,
        details TEXT NOT NULL,
        previous_hash BLOB NOT NULL,
        hash BLOB NOT NULL
    ) STRICT;
    CREATE INDEX audit_events_ticket ON audit_events(ticket_id) WHERE ticket_id IS NOT NULL;
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    """

    /// Sending mail: what an outbox item is for and to whom, reply tokens for threading, the
    /// transfer's proof, and tickets whose redaction cannot be trusted.
    static let v2 = """
    ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'reply';
    -- Queue and partner addresses are not personal data; a customer's address is sealed.
    ALTER TABLE outbox ADD COLUMN recipient_address TEXT;
    ALTER TABLE outbox ADD COLUMN sealed_recipient BLOB;
    ALTER TABLE outbox ADD COLUMN hold_reason TEXT;
    ALTER TABLE outbox ADD COLUMN receipt TEXT;
    CREATE INDEX outbox_ticket ON outbox(ticket_id);
    ALTER TABLE transfers ADD COLUMN payload_sha256 TEXT;
    ALTER TABLE transfers ADD COLUMN status TEXT NOT NULL DEFAULT 'delivered';
    ALTER TABLE tickets ADD COLUMN redaction_uncertain INTEGER NOT NULL DEFAULT 0;

    -- Tokens in reply addresses and subjects, stored only as SHA-256: whoever reads the
    -- database cannot write a reply that threads.
    CREATE TABLE reply_tokens (
        token_hash BLOB PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        recipient_kind TEXT NOT NULL,
        recipient_name TEXT,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX reply_tokens_ticket ON reply_tokens(ticket_id);
    """

    /// Retention: legal holds (Art. 17(3)) and the archive state of `restrict` classes.
    static let v3 = """
    ALTER TABLE tickets ADD COLUMN hold_reason TEXT;
    ALTER TABLE tickets ADD COLUMN hold_until INTEGER;
    ALTER TABLE tickets ADD COLUMN archived_at INTEGER;
    """

    /// Retention rules: the agent's commercial-letter marker, which puts a ticket into the class
    /// that claims commercial letters; and an index that lets the sweep find the payloads of sent
    /// outbox items without reading the whole outbox.
    static let v4 = """
    ALTER TABLE tickets ADD COLUMN commercial_letter INTEGER NOT NULL DEFAULT 0 CHECK (commercial_letter IN (0, 1));
    CREATE INDEX outbox_sent_payload ON outbox(id) WHERE state = 'sent' AND payload IS NOT NULL;
    """

    /// Subject rights: the marketing suppression list (Art. 7(3), Art. 21(3)) and the queue of
    /// server copies still to be expunged after an erasure (invariant 7).
    static let v5 = """
    -- Addresses that must never be used for marketing again, as a keyed hash under a key of
    -- their own (not the subjects' lookup key): an entry outlives the erasure of the person.
    CREATE TABLE marketing_suppressions (
        lookup BLOB PRIMARY KEY,
        at INTEGER NOT NULL
    ) STRICT;

    -- Message-IDs of erased mails whose copies on the IMAP server are still to be expunged,
    -- sealed under a key of the row's own; the row goes once the server holds no copy.
    CREATE TABLE server_erasures (
        id INTEGER PRIMARY KEY,
        key_owner TEXT NOT NULL UNIQUE,
        wrapped_key BLOB NOT NULL,
        sealed_message_ids BLOB NOT NULL,
        count INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    ) STRICT;

    -- Who a quarantined mail is from (From, Reply-To), as keyed lookup hashes: an erasure or an
    -- export by address reaches mail that never became a ticket.
    CREATE TABLE quarantine_senders (
        quarantine_id INTEGER NOT NULL REFERENCES quarantine(id) ON DELETE CASCADE,
        email_lookup BLOB NOT NULL,
        PRIMARY KEY (quarantine_id, email_lookup)
    ) STRICT;
    CREATE INDEX quarantine_senders_lookup ON quarantine_senders(email_lookup);
    -- A sweep finds the quarantined mails whose period is over without reading them all.
    CREATE INDEX quarantine_received ON quarantine(received_at);

    -- Erasing a ticket, a subject or a quarantined mail makes SQLite visit every row that refers
    -- to it (ON DELETE SET NULL / CASCADE, and the DELETE ... WHERE ticket_id = ? of anonymize).
    -- Without these indexes each such row costs a scan of the whole table: measured on a
    -- database of one million tickets, a sweep of 10,000 due tickets did not finish in 18 minutes.
    CREATE INDEX consents_ticket ON consents(ticket_id);
    CREATE INDEX ingested_messages_ticket ON ingested_messages(ticket_id);
    CREATE INDEX ingested_messages_quarantine ON ingested_messages(quarantine_id);
    CREATE INDEX outbox_subject ON outbox(subject_id);
    CREATE INDEX transfers_outbox ON transfers(outbox_id);
    """

    /// Data-subject requests received by mail (Art. 12-21), with their one-month deadline.
    static let v6 = """
    -- The requester's address is personal data: sealed under a key of the row's own, found by a
    -- keyed hash (for the rate limit and for the person's own later mails).
    CREATE TABLE subject_requests (
        id INTEGER PRIMARY KEY,
        kinds TEXT NOT NULL,
        requester_lookup BLOB NOT NULL,
        key_owner TEXT NOT NULL UNIQUE,
        wrapped_key BLOB NOT NULL,
        sealed_requester BLOB NOT NULL,
        subject_id INTEGER REFERENCES subjects(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN ('awaiting_confirmation', 'confirmed', 'done', 'rejected')),
        explicit INTEGER NOT NULL CHECK (explicit IN (0, 1)),
        received_at INTEGER NOT NULL,
        extended INTEGER NOT NULL DEFAULT 0 CHECK (extended IN (0, 1)),
        extension_reason TEXT,
        done_at INTEGER
    ) STRICT;
    CREATE INDEX subject_requests_subject ON subject_requests(subject_id);
    CREATE INDEX subject_requests_lookup ON subject_requests(requester_lookup);
    CREATE INDEX subject_requests_open ON subject_requests(received_at) WHERE state IN ('awaiting_confirmation', 'confirmed');
    """

    /// Requests are verified by mail before anything is disclosed or changed: a one-time token
    /// (only its SHA-256) with its expiry, what the person confirmed and when, what was done; and
    /// the mails to the requester, which belong to the request rather than to a ticket.
    static let v7 = """
    ALTER TABLE subject_requests ADD COLUMN confirmation_hash BLOB;
    ALTER TABLE subject_requests ADD COLUMN confirmation_expires_at INTEGER;
    ALTER TABLE subject_requests ADD COLUMN confirmed_at INTEGER;
    -- Corrected values from the confirming answer (rectification), sealed under the row's key.
    ALTER TABLE subject_requests ADD COLUMN sealed_values BLOB;
    -- The Message-IDs of the request mail and the confirming answer (JSON list, sealed under the
    -- row's key): an erasure expunges their copies on the IMAP server too.
    ALTER TABLE subject_requests ADD COLUMN sealed_message_ids BLOB;
    -- What was done, in words without personal values (e.g. "erased 2 tickets; kept 1: legal hold").
    ALTER TABLE subject_requests ADD COLUMN outcome TEXT;
    ALTER TABLE subject_requests ADD COLUMN via TEXT NOT NULL DEFAULT 'support';
    CREATE UNIQUE INDEX subject_requests_confirmation ON subject_requests(confirmation_hash) WHERE confirmation_hash IS NOT NULL;
    CREATE INDEX subject_requests_confirmed ON subject_requests(id) WHERE state = 'confirmed';
    -- A mail to the requester (confirmation, answer, extension notice) is sealed under the request's key.
    ALTER TABLE outbox ADD COLUMN request_id INTEGER REFERENCES subject_requests(id) ON DELETE CASCADE;
    CREATE INDEX outbox_request ON outbox(request_id);
    """

    /// A copy that carries attachments an agent released names them in the register: the
    /// outbox item keeps the data categories it adds to the partner's (JSON list, no personal
    /// value: `attachment: application/pdf`), which the transfer log takes over once the
    /// partner's server accepts.
    static let v8 = """
    ALTER TABLE outbox ADD COLUMN data_categories TEXT;
    """

    /// Art. 19: a transfer whose subject was erased points at the notice that asks the partner
    /// to erase its copy, and says when the partner's server accepted that notice.
    static let v9 = """
    ALTER TABLE transfers ADD COLUMN erasure_notice_outbox_id INTEGER REFERENCES outbox(id) ON DELETE SET NULL;
    ALTER TABLE transfers ADD COLUMN erasure_notified_at INTEGER;
    CREATE INDEX transfers_erasure_notice ON transfers(erasure_notice_outbox_id) WHERE erasure_notice_outbox_id IS NOT NULL;
    """

    /// API tokens (issue 17): the SHA-256 of each secret, never the secret; a name is one live
    /// token at a time (a revoked one's name may be given again, its rows stay for the record).
    static let v10 = """
    CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        secret_hash BLOB NOT NULL UNIQUE,
        role TEXT NOT NULL,
        queues TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens(name) WHERE revoked_at IS NULL;
    """

    /// Each person's own area (issue 18). A challenge is a sign-in or fresh-code mail: the hashes
    /// of its link token, its code and the browser that asked for it; the address only as its
    /// keyed hash; the mail itself sealed in the outbox under the challenge's own key, which is
    /// shredded once the mail has gone. A session knows its person by subject, never by address.
    static let v11 = """
    CREATE TABLE portal_sessions (
        id INTEGER PRIMARY KEY,
        id_hash BLOB NOT NULL UNIQUE,
        subject_id INTEGER REFERENCES subjects(id) ON DELETE CASCADE,
        email_lookup BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        stepped_up_until INTEGER
    ) STRICT;
    CREATE TABLE portal_challenges (
        id INTEGER PRIMARY KEY,
        purpose TEXT NOT NULL CHECK (purpose IN ('sign_in', 'step_up')),
        email_lookup BLOB NOT NULL,
        token_hash BLOB UNIQUE,
        code_hash BLOB NOT NULL,
        browser_hash BLOB NOT NULL,
        session_id INTEGER REFERENCES portal_sessions(id) ON DELETE CASCADE,
        key_owner TEXT NOT NULL UNIQUE,
        wrapped_key BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        consumed_at INTEGER
    ) STRICT;
    CREATE INDEX portal_challenges_address ON portal_challenges(email_lookup, created_at);
    CREATE INDEX portal_challenges_browser ON portal_challenges(browser_hash, created_at);
    CREATE INDEX portal_challenges_session ON portal_challenges(session_id) WHERE session_id IS NOT NULL;
    CREATE INDEX portal_sessions_subject ON portal_sessions(subject_id) WHERE subject_id IS NOT NULL;
    ALTER TABLE outbox ADD COLUMN portal_challenge_id INTEGER REFERENCES portal_challenges(id) ON DELETE CASCADE;
    CREATE INDEX outbox_portal_challenge ON outbox(portal_challenge_id) WHERE portal_challenge_id IS NOT NULL;
    """
}
