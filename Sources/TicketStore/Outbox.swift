package import Foundation
import GRDB
import Privacy
import MailFormat
package import Tickets

/// An outgoing mail about to be queued, with what the action changes besides.
package struct OutboxDraft: Sendable {
    /// Why it is sent: `assign`, `forward` or `reply`.
    package var kind: String
    /// `customer`, `queue` or `partner`.
    package var recipientKind: RecipientKind
    /// The queue's or partner's name; nil for the customer.
    package var recipientName: String?
    /// The envelope recipient. Sealed for a customer; kept clear for a queue or partner (not personal).
    package var recipientAddress: String
    package var messageID: String
    /// The composed message.
    package var payload: [UInt8]
    /// The text to keep in the ticket's history (the redacted copy, or the agent's answer).
    package var historyText: String
    /// The history text as roles other than the agents read it. The use case decides it (the
    /// store applies no privacy policy of its own): the copy itself for a queue or partner, which
    /// is redacted already; the answer redacted for the customer.
    package var redactedHistoryText: String
    /// A reply token's SHA-256, recorded so that answers thread.
    package var replyTokenHash: Data?
    /// Set when the copy must wait for an agent instead of going out.
    package var holdReason: String?
    /// What the copy carries beyond the partner's registered data categories (the attachments
    /// an agent released, as `attachment: <media type>`): the transfer log adds them.
    package var extraDataCategories: [String] = []

    /// Describes the mail.
    package init(kind: String, recipientKind: RecipientKind, recipientName: String?, recipientAddress: String, messageID: String,
                 payload: [UInt8], historyText: String, redactedHistoryText: String, replyTokenHash: Data?, holdReason: String?) {
        self.kind = kind
        self.recipientKind = recipientKind
        self.recipientName = recipientName
        self.recipientAddress = recipientAddress
        self.messageID = messageID
        self.payload = payload
        self.historyText = historyText
        self.redactedHistoryText = redactedHistoryText
        self.replyTokenHash = replyTokenHash
        self.holdReason = holdReason
    }
}

/// An outbox item as the sender and `ticketd outbox` see it (no payload, no customer address).
package struct OutboxRecord: Sendable, Hashable {
    package var id: Int64
    package var ticket: Int64?
    package var kind: String
    package var recipientKind: RecipientKind
    package var recipientName: String?
    package var state: OutboxState
    package var attempts: Int
    package var nextAttemptAt: Date?
    package var lastError: String?
    package var holdReason: String?
    package var messageID: String
    package var createdAt: Date
    package var sentAt: Date?
    /// The data-subject request a mail to a requester belongs to.
    package var request: Int64?
}

extension TicketDatabase {
    /// An outbox row as the store reads it; the schema's CHECKs admit only the known kinds and
    /// states, so anything else is a damaged file.
    func outboxRecord(_ row: Row) throws -> OutboxRecord {
        guard let recipientKind = RecipientKind(rawValue: row["recipient_kind"]), let state = OutboxState(rawValue: row["state"]) else {
            throw StoreError.corrupt(path)
        }
        return OutboxRecord(
            id: row["id"], ticket: row["ticket_id"], kind: row["kind"], recipientKind: recipientKind, recipientName: row["recipient_name"],
            state: state, attempts: Int(row["attempts"] as Int64), nextAttemptAt: (row["next_attempt_at"] as Int64?).map(Self.date),
            lastError: row["last_error"], holdReason: row["hold_reason"], messageID: row["message_id"], createdAt: Self.date(row["created_at"]),
            sentAt: (row["sent_at"] as Int64?).map(Self.date), request: row["request_id"]
        )
    }
}

extension OutboxQueue {
    /// Queues a mail for a ticket in one transaction with its history entry, its reply token,
    /// the ticket change the action makes, and the audit event.
    package func enqueue(
        _ draft: OutboxDraft, ticket: Int64, update: TicketUpdate, audit: AuditDraft
    ) throws(StoreError) -> Int64 {
        try database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT t.subject_id, s.pseudonym FROM tickets t LEFT JOIN subjects s ON s.id = t.subject_id WHERE t.id = ?", arguments: [ticket]) else {
                throw StoreError.ticketNotFound(ticket)
            }
            let at = database.nowMilliseconds()
            try database.apply(update, ticket: ticket, at: at, in: db)
            var generator = SystemRandomNumberGenerator()
            var subjectID: Int64?
            var payload = Data(draft.payload)
            var sealedRecipient: Data?
            var sealed = 0
            if let sid = row["subject_id"] as Int64?, let pseudonym = Pseudonym(rawValue: row["pseudonym"]) {
                subjectID = sid
                let key = try database.subjectKey(subjectID: sid, pseudonym: pseudonym, in: db)
                payload = try Sealing.seal(payload, with: key, context: SealContext(record: "outbox/\(draft.messageID)", field: "payload", owner: pseudonym.rawValue), using: &generator)
                sealed = 1
                if draft.recipientKind == .customer {
                    sealedRecipient = try Sealing.seal(Data(draft.recipientAddress.utf8), with: key,
                                                       context: SealContext(record: "outbox/\(draft.messageID)", field: "recipient", owner: pseudonym.rawValue), using: &generator)
                }
                let record = SubjectRecord(id: sid, pseudonym: pseudonym, isRestricted: false)
                _ = try database.insertMessage(
                    NewMessage(direction: .outbound, fromRole: "agent", messageID: draft.messageID, raw: nil, text: draft.historyText,
                               redactedText: draft.redactedHistoryText),
                    ticket: ticket, subject: record, at: at, in: db
                )
                try db.execute(sql: "UPDATE messages SET redacted_subject = ? WHERE id = ?", arguments: ["to \(draft.recipientKind.rawValue)\(draft.recipientName.map { " \($0)" } ?? "")", db.lastInsertedRowID])
            }
            try db.execute(
                sql: """
                INSERT INTO outbox (ticket_id, subject_id, recipient_kind, recipient_name, message_id, payload, payload_sealed, state,
                                    attempts, created_at, kind, recipient_address, sealed_recipient, hold_reason, data_categories)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)
                """,
                arguments: [ticket, subjectID, draft.recipientKind.rawValue, draft.recipientName, draft.messageID, payload, sealed,
                            draft.holdReason == nil ? "pending" : "held", at, draft.kind,
                            draft.recipientKind == .customer ? nil : draft.recipientAddress, sealedRecipient, draft.holdReason,
                            draft.extraDataCategories.isEmpty ? nil : AuditRow.encode(draft.extraDataCategories)]
            )
            let id = db.lastInsertedRowID
            if let token = draft.replyTokenHash {
                try db.execute(sql: "INSERT INTO reply_tokens (token_hash, ticket_id, recipient_kind, recipient_name, created_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [token, ticket, draft.recipientKind.rawValue, draft.recipientName, at])
            }
            var event = audit
            event.details["outbox"] = "\(id)"
            event.details["message_id"] = draft.messageID
            if let reason = draft.holdReason { event.details["held"] = reason }
            try database.appendAudit(event, in: db)
            return id
        }
    }

    /// Items that are due: pending, and their next attempt has come. Mail about restricted or
    /// archived data is never due (restriction holds it as well; this is the last guard).
    package func due(limit: Int = 100) throws(StoreError) -> [OutboxRecord] {
        let now = database.nowMilliseconds()
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.* FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id LEFT JOIN subjects s ON s.id = t.subject_id
                WHERE o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
                  AND t.archived_at IS NULL AND s.restricted_at IS NULL
                ORDER BY o.id LIMIT ?
                """, arguments: [now, limit]).map(database.outboxRecord)
        }
    }

    /// Every item, newest last.
    package func items() throws(StoreError) -> [OutboxRecord] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id").map(database.outboxRecord) }
    }

    /// The envelope recipient and the message bytes of an item, opened for sending.
    package func payload(_ id: Int64) throws(StoreError) -> (recipient: String, message: [UInt8]) {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT o.*, s.pseudonym FROM outbox o LEFT JOIN subjects s ON s.id = o.subject_id WHERE o.id = ?", arguments: [id]) else {
                throw StoreError.outboxItemNotFound(id)
            }
            let messageID: String = row["message_id"]
            let payload: Data = row["payload"]
            guard (row["payload_sealed"] as Int64) == 1 else { return (row["recipient_address"] ?? "", Array(payload)) }
            // Sealed under the key of the request it answers (a mail to a requester), or of the
            // ticket's subject; the owner's name is bound into every seal either way.
            let key: SubjectKey
            let owner: String
            if let challenge = row["portal_challenge_id"] as Int64? {
                guard let challengeRow = try Row.fetchOne(db, sql: "SELECT key_owner, wrapped_key FROM portal_challenges WHERE id = ?", arguments: [challenge]),
                      let rowKey = try RowKey(stored: challengeRow, masterKey: database.masterKey) else {
                    throw StoreError.subjectKeyMissing("portal challenge \(challenge)")
                }
                (key, owner) = (rowKey.key, rowKey.owner)
            } else if let request = row["request_id"] as Int64? {
                guard let requestRow = try Row.fetchOne(db, sql: "SELECT key_owner, wrapped_key FROM subject_requests WHERE id = ?", arguments: [request]),
                      let rowKey = try RowKey(stored: requestRow, masterKey: database.masterKey) else {
                    throw StoreError.subjectKeyMissing("request \(request)")
                }
                (key, owner) = (rowKey.key, rowKey.owner)
            } else {
                guard let sid = row["subject_id"] as Int64?, let pseudonym = Pseudonym(rawValue: row["pseudonym"]) else {
                    throw StoreError.subjectKeyMissing("outbox item \(id)")
                }
                (key, owner) = (try database.subjectKey(subjectID: sid, pseudonym: pseudonym, in: db), pseudonym.rawValue)
            }
            func open(_ sealed: Data, _ field: String) throws -> Data {
                try Sealing.open(sealed, with: key, context: SealContext(record: "outbox/\(messageID)", field: field, owner: owner))
            }
            let recipient = try (row["sealed_recipient"] as Data?).map { String(decoding: try open($0, "recipient"), as: UTF8.self) }
            return (recipient ?? row["recipient_address"] ?? "", Array(try open(payload, "payload")))
        }
    }

    /// Records an attempt before it is made, so that a crash during sending is counted.
    package func beginAttempt(_ id: Int64) throws(StoreError) {
        try database.write { db in try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", arguments: [id]) }
    }

    /// The server accepted the item: sent, its payload dropped, and for a partner the transfer logged.
    package func markSent(_ id: Int64, receipt: String, transfer: TransferDraft?, payloadSHA256: String, actor: Actor) throws(StoreError) {
        try database.write { db in
            let at = database.nowMilliseconds()
            guard let row = try Row.fetchOne(db, sql: "SELECT ticket_id, message_id, recipient_kind, recipient_name, request_id, portal_challenge_id, kind, data_categories FROM outbox WHERE id = ?", arguments: [id]) else { return }
            try db.execute(sql: "UPDATE outbox SET state = 'sent', sent_at = ?, receipt = ?, payload = NULL, sealed_recipient = NULL, last_error = NULL WHERE id = ?",
                           arguments: [at, receipt, id])
            var details = ["outbox": "\(id)", "recipient_kind": row["recipient_kind"] as String]
            if let name = row["recipient_name"] as String? { details["recipient"] = name }
            if var transfer {
                // The partner's registered categories, and what this copy carried besides.
                if let extra = (row["data_categories"] as String?).flatMap({ try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }) {
                    transfer.dataCategories += extra.filter { !transfer.dataCategories.contains($0) }
                }
                try db.execute(
                    sql: """
                    INSERT INTO transfers (ticket_id, subject_pseudonym, partner, recipient, purpose, legal_basis, data_categories, third_country,
                                           outbox_id, message_id, at, payload_sha256, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'delivered')
                    """,
                    arguments: [row["ticket_id"] as Int64?, transfer.pseudonym, transfer.partner, transfer.recipient, transfer.purpose, transfer.legalBasis,
                                AuditRow.encode(transfer.dataCategories), transfer.thirdCountry ? 1 : 0, id, row["message_id"] as String, at, payloadSHA256]
                )
                details["transfer"] = "\(db.lastInsertedRowID)"
                details["payload_sha256"] = payloadSHA256
            }
            if (row["kind"] as String) == erasureNoticeKind {
                // Art. 19: the register shows, per recalled transfer, when the partner was told.
                try db.execute(sql: "UPDATE transfers SET erasure_notified_at = ? WHERE erasure_notice_outbox_id = ?", arguments: [at, id])
                details["copies"] = "\(db.changesCount)"
                try database.appendAudit(AuditDraft(actor: actor, action: "subject.erasure_notice_sent", details: details), in: db)
                return
            }
            if let challenge = row["portal_challenge_id"] as Int64? {
                // Gone: nobody needs to read this mail again, so its key goes (the hashes stay for the proof).
                try db.execute(sql: "UPDATE portal_challenges SET wrapped_key = X'' WHERE id = ?", arguments: [challenge])
                details["challenge"] = "\(challenge)"
                try database.appendAudit(AuditDraft(actor: actor, action: "portal.mail_sent", details: details), in: db)
                return
            }
            if let request = row["request_id"] as Int64? {
                // "request.confirmation_sent", "request.answer_sent", "request.extension_sent".
                let kind = (row["kind"] as String).replacingOccurrences(of: "request_", with: "")
                details["request"] = "\(request)"
                try database.appendAudit(AuditDraft(actor: actor, action: "request.\(kind)_sent", details: details), in: db)
                try database.shredRequestKeyIfFinished(request, in: db)
                return
            }
            try database.appendAudit(AuditDraft(actor: actor, action: transfer == nil ? "mail.sent" : "transfer.sent", ticketID: row["ticket_id"], details: details), in: db)
        }
    }

    /// A temporary failure: try again at `next`.
    package func markRetry(_ id: Int64, error: String, next: Date) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: "UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ?",
                           arguments: [error, TicketDatabase.milliseconds(next), id])
        }
    }

    /// A permanent failure (5xx, or a bounce): failed, visible in `ticketd outbox`, never retried.
    package func markFailed(_ id: Int64, error: String, actor: Actor) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?", arguments: [error, id])
            try db.execute(sql: "UPDATE transfers SET status = 'failed' WHERE outbox_id = ?", arguments: [id])
            let row = try Row.fetchOne(db, sql: "SELECT ticket_id, request_id, portal_challenge_id FROM outbox WHERE id = ?", arguments: [id])
            if let challenge = row?["portal_challenge_id"] as Int64? {
                try db.execute(sql: "UPDATE portal_challenges SET wrapped_key = X'' WHERE id = ?", arguments: [challenge])
            }
            var details = ["outbox": "\(id)", "reason": error]
            if let request = row?["request_id"] as Int64? { details["request"] = "\(request)" }
            try database.appendAudit(AuditDraft(actor: actor, action: "mail.failed", ticketID: row?["ticket_id"], details: details), in: db)
            if let request = row?["request_id"] as Int64? { try database.shredRequestKeyIfFinished(request, in: db) }
        }
    }

    /// Lets a held copy go out after an agent checked it; false when the item is not held.
    package func releaseHeld(_ id: Int64, actor: Actor) throws(StoreError) -> Bool {
        try database.write { db in
            try db.execute(sql: "UPDATE outbox SET state = 'pending', hold_reason = NULL WHERE id = ? AND state = 'held'", arguments: [id])
            guard db.changesCount == 1 else { return false }
            let ticket = try Int64.fetchOne(db, sql: "SELECT ticket_id FROM outbox WHERE id = ?", arguments: [id])
            try database.appendAudit(AuditDraft(actor: actor, action: "mail.released", ticketID: ticket, details: ["outbox": "\(id)"]), in: db)
            return true
        }
    }

    /// The outbox item that sent this Message-ID, if ticketd sent it.
    package func item(messageID: String) throws(StoreError) -> OutboxRecord? {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE message_id = ?", arguments: [messageID]).map(database.outboxRecord) }
    }
}
