package import Foundation
import GRDB
import MailFormat
import Privacy
package import Tickets

extension TicketDatabase {
    /// One mail of a batch, inside the batch's transaction.
    func ingestOne(
        _ mail: ReceivedMail, decision: IngestDecision, retentionClass: String?, actor: Actor, in db: Database
    ) throws -> (outcome: IngestOutcome, request: RequestIntake?) {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT ticket_id, quarantine_id FROM ingested_messages WHERE dedupe_key = ?"),
                                      arguments: [mail.dedupeKey]) {
            return (.duplicate(ticket: row["ticket_id"], quarantine: row["quarantine_id"]), nil)
        }
        var outcome = try commit(mail, decision: decision, retentionClass: retentionClass, actor: actor, in: db)
        // A request is recorded with the mail that makes it, whatever else becomes of the mail
        // (after it, so that a new person's request links to the subject just made).
        var intake: RequestIntake?
        if let request = mail.subjectRequest {
            intake = try insertSubjectRequest(request, in: db)
            if case .request = outcome, case .recorded(let id) = intake { outcome = .request(id: id) }
        }
        return (outcome, intake)
    }

    /// The ticket, reply or quarantine entry a new mail becomes, with its dedupe record.
    private func commit(
        _ mail: ReceivedMail, decision: IngestDecision, retentionClass: String?, actor: Actor, in db: Database
    ) throws -> IngestOutcome {
        switch decision {
        case .quarantine(let reason):
            let id = try insertQuarantine(mail, reason: reason, in: db)
            try db.executeCached(sql: "INSERT INTO ingested_messages (dedupe_key, quarantine_id, source, at) VALUES (?, ?, ?, ?)",
                           arguments: [mail.dedupeKey, id, mail.source, nowMilliseconds()])
            try appendAudit(AuditDraft(actor: actor, action: "mail.quarantined", fields: [PersonalField.rawMail.rawValue],
                                       details: ["reason": reason.rawValue, "quarantine": "\(id)", "source": mail.source]), in: db)
            return .quarantined(id: id, reason: reason)
        case .threaded(let reply):
            try insertReply(reply, mail: mail, actor: actor, in: db)
            try db.executeCached(sql: "INSERT INTO ingested_messages (dedupe_key, ticket_id, source, at) VALUES (?, ?, ?, ?)",
                           arguments: [mail.dedupeKey, reply.ticket, mail.source, nowMilliseconds()])
            return .threaded(ticket: reply.ticket)
        case .request:
            // The request mail itself is not kept: the request row records what it asked for.
            try db.executeCached(sql: "INSERT INTO ingested_messages (dedupe_key, source, at) VALUES (?, ?, ?)",
                           arguments: [mail.dedupeKey, mail.source, nowMilliseconds()])
            return .request(id: nil)
        case .confirmation(let confirmation):
            switch try confirmSubjectRequest(confirmation, in: db) {
            case .confirmed(let request):
                try db.executeCached(sql: "INSERT INTO ingested_messages (dedupe_key, source, at) VALUES (?, ?, ?)",
                               arguments: [mail.dedupeKey, mail.source, nowMilliseconds()])
                return .confirmed(request: request)
            case .refused:
                // Nothing is done; the answer waits in quarantine for an agent, like any mail ticketd will not act on.
                return try commit(mail, decision: .quarantine(.unverifiedConfirmation), retentionClass: retentionClass, actor: actor, in: db)
            }
        case .ticket(let plan):
            let (subject, isNew) = try findOrCreateSubject(plan, actor: actor, in: db)
            let ticket = try insertTicket(plan, mail: mail, subject: subject, retentionClass: retentionClass, actor: actor, in: db)
            try db.executeCached(sql: "INSERT INTO ingested_messages (dedupe_key, ticket_id, source, at) VALUES (?, ?, ?, ?)",
                           arguments: [mail.dedupeKey, ticket, mail.source, nowMilliseconds()])
            return .ticket(id: ticket, subject: subject.pseudonym, newSubject: isNew)
        }
    }

    /// Adds an answer to its ticket, sealed under the ticket's subject key (or, for an anonymized
    /// ticket, kept only as redacted text), and records it.
    func insertReply(_ reply: ThreadedReply, mail: ReceivedMail, actor: Actor, in db: Database) throws {
        let at = nowMilliseconds()
        var fields: [String] = []
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT s.id, s.pseudonym FROM tickets t JOIN subjects s ON s.id = t.subject_id WHERE t.id = ?"), arguments: [reply.ticket]),
           let pseudonym = Pseudonym(rawValue: row["pseudonym"]) {
            let subject = SubjectRecord(id: row["id"], pseudonym: pseudonym, isRestricted: false)
            fields = try insertMessage(
                NewMessage(direction: .inbound, fromRole: reply.fromRole, messageID: mail.messageID, raw: Data(mail.raw), text: reply.text, redactedText: reply.redactedText),
                ticket: reply.ticket, subject: subject, at: at, in: db
            )
            // A photo sent later, or the partner's estimate, is the ticket's as much as the first mail's.
            if !mail.attachments.isEmpty {
                let message = db.lastInsertedRowID
                var generator = SystemRandomNumberGenerator()
                let key = try subjectKey(subjectID: subject.id, pseudonym: pseudonym, in: db)
                try insertAttachments(mail.attachments, message: message, key: key, owner: pseudonym, using: &generator, in: db)
                fields.append("attachments")
            }
        } else {
            try db.executeCached(sql: "INSERT INTO messages (ticket_id, direction, from_role, at, message_id, redacted_text) VALUES (?, 'inbound', ?, ?, ?, ?)",
                           arguments: [reply.ticket, reply.fromRole, at, mail.messageID, reply.redactedText])
        }
        if !reply.isAutomatic, reply.fromRole != "customer" {
            try db.executeCached(sql: "UPDATE tickets SET state = 'open' WHERE id = ? AND state = 'waiting'", arguments: [reply.ticket])
        }
        try appendAudit(AuditDraft(actor: actor, action: reply.isAutomatic ? "ticket.auto_reply_received" : "ticket.reply_received",
                                   ticketID: reply.ticket, fields: fields, details: ["from_role": reply.fromRole, "source": mail.source]), in: db)
    }

    /// Stores a message's attachments sealed under the subject's key: media type and size in the
    /// clear (for the other roles' count and types), name and bytes sealed, each bound to its row.
    func insertAttachments(
        _ attachments: [(filename: String?, mimeType: String, data: [UInt8])], message: Int64, key: SubjectKey, owner: Pseudonym, using generator: inout some RandomNumberGenerator, in db: Database
    ) throws {
        for attachment in attachments {
            try db.executeCached(sql: "INSERT INTO attachments (message_id, mime_type, size) VALUES (?, ?, ?)",
                                 arguments: [message, attachment.mimeType, attachment.data.count])
            let id = db.lastInsertedRowID
            let name = try attachment.filename.map {
                try Sealing.seal(Data($0.utf8), with: key, context: SealContext(record: "attachment/\(id)", field: "filename", owner: owner.rawValue), using: &generator)
            }
            let data = try Sealing.seal(attachment.data, with: key, context: SealContext(record: "attachment/\(id)", field: "data", owner: owner.rawValue), using: &generator)
            try db.executeCached(sql: "UPDATE attachments SET sealed_filename = ?, sealed_data = ? WHERE id = ?", arguments: [name, data, id])
        }
    }

    /// Moves a checkpoint forward (never back within one UIDVALIDITY; a new UIDVALIDITY starts over).
    func advanceCheckpoint(_ position: MailboxPosition, in db: Database) throws {
        try db.executeCached(
            sql: """
            INSERT INTO mailbox_checkpoints (mailbox, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (mailbox) DO UPDATE SET
                last_uid = CASE WHEN uidvalidity = excluded.uidvalidity THEN max(last_uid, excluded.last_uid) ELSE excluded.last_uid END,
                uidvalidity = excluded.uidvalidity,
                updated_at = excluded.updated_at
            """,
            arguments: [position.mailbox, Int64(position.uidValidity), Int64(position.uid), nowMilliseconds()]
        )
    }

    /// The subject with this address, its sealed data completed with fields it did not have yet;
    /// or a new subject.
    func findOrCreateSubject(_ plan: TicketPlan, actor: Actor, in db: Database) throws -> (SubjectRecord, Bool) {
        let digest = lookupKey.digest(of: plan.customerAddress)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, pseudonym, restricted_at FROM subjects WHERE email_lookup = ?"), arguments: [digest]),
              let subject = Self.subjectRecord(row) else {
            return (try insertSubject(plan.customer, email: plan.customerAddress, actor: actor, in: db), true)
        }
        try amendPersonalData(of: subject, action: "subject.completed", actor: actor, in: db) { data in
            var added: [PersonalField] = []
            if data.name == nil, let name = plan.customer.name { data.name = name; added.append(.name) }
            if data.phone == nil, let phone = plan.customer.phone { data.phone = phone; added.append(.phone) }
            if data.postalAddress == nil, let address = plan.customer.postalAddress { data.postalAddress = address; added.append(.postalAddress) }
            return added
        }
        return (subject, false)
    }

    func insertTicket(_ plan: TicketPlan, mail: ReceivedMail, subject: SubjectRecord, retentionClass: String?, actor: Actor, in db: Database) throws -> Int64 {
        let at = nowMilliseconds()
        let sensitive = plan.sensitive.sorted().map(\.rawValue)
        try db.executeCached(
            sql: """
            INSERT INTO tickets (subject_id, state, restricted, sensitive, form, form_version, retention_class, created_at, redaction_uncertain,
                                 retention_due_at)
            VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            arguments: [subject.id, plan.restricted ? 1 : 0, AuditRow.encode(sensitive), plan.form?.profile, plan.form?.version, retentionClass, at,
                        mail.hadParseProblems ? 1 : 0, mail.retentionDue.map(Self.milliseconds)]
        )
        let ticket = db.lastInsertedRowID
        var fields = try insertMessage(
            NewMessage(direction: .inbound, fromRole: "customer", messageID: mail.messageID, raw: Data(mail.raw),
                       text: plan.text, redactedText: plan.redactedText),
            ticket: ticket, subject: subject, at: at, in: db
        )
        let messageRow = db.lastInsertedRowID
        var generator = SystemRandomNumberGenerator()
        let key = try subjectKey(subjectID: subject.id, pseudonym: subject.pseudonym, in: db)
        let sealedSubject = try Sealing.seal(Data(plan.subject.utf8), with: key,
                                             context: Self.messageContext(id: messageRow, field: "subject", subject.pseudonym), using: &generator)
        try db.executeCached(sql: "UPDATE messages SET sealed_subject = ?, redacted_subject = ? WHERE id = ?",
                       arguments: [sealedSubject, plan.redactedSubject, messageRow])
        try insertAttachments(mail.attachments, message: messageRow, key: key, owner: subject.pseudonym, using: &generator, in: db)
        if !mail.attachments.isEmpty { fields.append("attachments") }
        var details: [String: String] = ["source": mail.source]
        // The consent was given when the form was sent; a Date in the future (a wrong clock) is not believed.
        let consentAt = mail.sentAt.map { min(Self.milliseconds($0), at) } ?? at
        if let form = plan.form {
            details["form"] = form.profile
            if let version = form.version { details["form_version"] = version }
            for purpose in FormProfile.ConsentPurpose.allCases {
                let reading = form.consents[purpose]
                try db.executeCached(
                    sql: """
                    INSERT INTO consents (subject_id, ticket_id, purpose, granted, at, source_message_id, form_name, form_version, mechanism)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    arguments: [subject.id, ticket, purpose.rawValue, reading.map { $0 == .granted ? 1 : $0 == .refused ? 0 : nil } ?? nil,
                                consentAt, mail.messageID, form.profile, form.version, Self.mechanism(reading)]
                )
                details["consent_\(purpose.rawValue)"] = reading?.rawValue ?? "absent"
            }
        }
        if !sensitive.isEmpty { details["sensitive"] = sensitive.joined(separator: ",") }
        if plan.restricted { details["restricted"] = "missing_processing_consent" }
        try appendAudit(AuditDraft(actor: actor, action: "ticket.created", ticketID: ticket, subject: subject.pseudonym.rawValue,
                                   fields: fields, details: details), in: db)
        return ticket
    }

    /// How the consent was expressed, for the evidence.
    static func mechanism(_ reading: ConsentReading?) -> String {
        switch reading {
        case .granted: "contact form: opt-in field answered yes"
        case .refused: "contact form: opt-in field answered no"
        case .unreadable: "contact form: opt-in field present but unreadable"
        case nil: "contact form: no opt-in field in the mail"
        }
    }

    func insertQuarantine(_ mail: ReceivedMail, reason: QuarantineReason, in db: Database) throws -> Int64 {
        let rowKey = try RowKey.make(prefix: "Q", table: "quarantine", masterKey: masterKey, in: db)
        let sealed = try rowKey.seal(mail.raw, record: "quarantine", field: "raw")
        try db.executeCached(sql: "INSERT INTO quarantine (reason, key_owner, wrapped_key, sealed_raw, received_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [reason.rawValue, rowKey.owner, rowKey.wrapped, sealed, nowMilliseconds()])
        let id = db.lastInsertedRowID
        for digest in Set(mail.senders.map { lookupKey.digest(of: $0) }) {
            try db.executeCached(sql: "INSERT INTO quarantine_senders (quarantine_id, email_lookup) VALUES (?, ?)", arguments: [id, digest])
        }
        return id
    }
}

extension MailIntake {
    /// Commits a batch of received mails in one transaction, in their order, with the checkpoint
    /// of the last one that has a mailbox position: all of them and the checkpoint, or none.
    /// Each mail becomes its dedupe record and its ticket (with its subject, consents, sealed
    /// message and attachments), reply or sealed quarantine entry, with their audit events, and
    /// says what became of the data-subject request it makes (nil when it makes none, or when the
    /// mail was taken in before). Taking the same mail in again changes nothing and says so.
    ///
    /// One transaction per batch is what lets ingest run near the disk's speed: with
    /// `synchronous = FULL` each commit waits for the disk, and a batch shares one wait. Every
    /// mail inside sees the ones before it (a second copy of a mail is a duplicate; a person's
    /// second mail finds the subject the first one made), exactly as one transaction each would.
    package func ingestBatch(
        _ items: [IngestItem], retentionClass: String?, actor: Actor
    ) throws(StoreError) -> [(outcome: IngestOutcome, request: RequestIntake?)] {
        try database.write { db in
            var results: [(outcome: IngestOutcome, request: RequestIntake?)] = []
            results.reserveCapacity(items.count)
            for item in items {
                results.append(try database.ingestOne(item.mail, decision: item.decision, retentionClass: retentionClass, actor: actor, in: db))
            }
            // The checkpoint moves in the same transaction as the tickets: a crash leaves both or neither.
            if let position = items.last(where: { $0.position != nil })?.position { try database.advanceCheckpoint(position, in: db) }
            return results
        }
    }

    /// The last committed position in a mailbox, or nil when nothing was committed from it yet.
    package func checkpoint(_ mailbox: String) throws(StoreError) -> (uidValidity: UInt32, lastUID: UInt32)? {
        try database.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT uidvalidity, last_uid FROM mailbox_checkpoints WHERE mailbox = ?"), arguments: [mailbox]).map {
                (UInt32(truncatingIfNeeded: $0["uidvalidity"] as Int64), UInt32(truncatingIfNeeded: $0["last_uid"] as Int64))
            }
        }
    }

    /// The raw bytes of a quarantined mail, opened for an agent.
    package func quarantinedMail(_ id: Int64) throws(StoreError) -> (reason: String, raw: Data)? {
        let row = try database.read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT reason, key_owner, wrapped_key, sealed_raw FROM quarantine WHERE id = ?"), arguments: [id]) }
        guard let row else { return nil }
        do {
            guard let rowKey = try RowKey(stored: row, masterKey: database.masterKey) else { return nil }
            return (row["reason"], try rowKey.open(row["sealed_raw"], record: "quarantine", field: "raw"))
        } catch {
            throw .sealedDataUnreadable(what: "quarantined mail \(id)", reason: ErrorCause.of(error))
        }
    }
}
