import Foundation
import GRDB
package import MailFormat
import Privacy
package import Tickets

extension TicketDatabase {
    /// Records a request in the ingest transaction and queues its confirmation mail, unless the
    /// address has asked `limit` times within the window already.
    func insertSubjectRequest(_ request: IncomingSubjectRequest, in db: Database) throws -> RequestIntake {
        let digest = lookupKey.digest(of: request.requester)
        let kindNames = request.kinds.map(\.rawValue).joined(separator: ",")
        let recent = try Int.fetchOne(db, sql: "SELECT count(*) FROM subject_requests WHERE requester_lookup = ? AND received_at >= ?",
                                      arguments: [digest, Self.milliseconds(request.windowStart)]) ?? 0
        if recent >= request.limit {
            try appendAudit(AuditDraft(actor: .system("ingest"), action: "request.rate_limited",
                                       details: ["kinds": kindNames, "limit": "\(request.limit)", "via": request.via]), in: db)
            return .rateLimited
        }
        let rowKey = try RowKey.make(prefix: "R", table: "subject_requests", masterKey: masterKey, in: db)
        let sealed = try rowKey.seal(Data(request.requester.description.utf8), record: "subject_request", field: "requester")
        let subject = try Int64.fetchOne(db, sql: "SELECT id FROM subjects WHERE email_lookup = ?", arguments: [digest])
        let messageIDs = try rowKey.seal(JSONEncoder.sorted.encode(request.messageID.map { [$0] } ?? []), record: "subject_request", field: "message_ids")
        try db.execute(sql: """
            INSERT INTO subject_requests (kinds, requester_lookup, key_owner, wrapped_key, sealed_requester, subject_id, state, explicit, received_at,
                                          confirmation_hash, confirmation_expires_at, via, sealed_message_ids)
            VALUES (?, ?, ?, ?, ?, ?, 'awaiting_confirmation', ?, ?, ?, ?, ?, ?)
            """, arguments: [AuditRow.encode(request.kinds.map(\.rawValue)), digest, rowKey.owner, rowKey.wrapped, sealed, subject,
                             request.explicit ? 1 : 0, nowMilliseconds(), request.confirmation?.tokenHash,
                             request.confirmation?.expiresAt.map(Self.milliseconds), request.via, messageIDs])
        let id = db.lastInsertedRowID
        let pseudonym = try subject.flatMap { try String.fetchOne(db, sql: "SELECT pseudonym FROM subjects WHERE id = ?", arguments: [$0]) }
        try appendAudit(AuditDraft(actor: .system("ingest"), action: "request.received", subject: pseudonym,
                                   details: ["request": "\(id)", "kinds": kindNames, "explicit": "\(request.explicit)",
                                             "known": "\(subject != nil)", "via": request.via]), in: db)
        if let confirmation = request.confirmation {
            try insertRequestMail(confirmation, request: id, rowKey: rowKey, recipient: request.requester, in: db)
        }
        return .recorded(id)
    }

    /// Queues a mail to the requester, payload and address sealed under the request's key.
    func insertRequestMail(_ draft: RequestMailDraft, request: Int64, rowKey: RowKey, recipient: EmailAddress, in db: Database) throws {
        let payload = try rowKey.seal(Data(draft.payload), record: "outbox/\(draft.messageID)", field: "payload")
        let sealedRecipient = try rowKey.seal(Data(recipient.description.utf8), record: "outbox/\(draft.messageID)", field: "recipient")
        try db.execute(sql: """
            INSERT INTO outbox (request_id, recipient_kind, message_id, payload, payload_sealed, state, attempts, created_at, kind, sealed_recipient)
            VALUES (?, 'requester', ?, ?, 1, 'pending', 0, ?, ?, ?)
            """, arguments: [request, draft.messageID, payload, nowMilliseconds(), draft.kind, sealedRecipient])
        try appendAudit(AuditDraft(actor: .system("requests"), action: "request.mail_queued",
                                   details: ["request": "\(request)", "outbox": "\(db.lastInsertedRowID)", "kind": draft.kind]), in: db)
    }

    /// The requester's address, opened; nil once the request's key is shredded.
    func requester(of row: Row) throws -> EmailAddress? {
        guard let rowKey = try RowKey(stored: row, masterKey: masterKey) else { return nil }
        let plaintext = try rowKey.open(row["sealed_requester"], record: "subject_request", field: "requester")
        return try EmailAddress(parsing: String(decoding: plaintext, as: UTF8.self))
    }

    /// Checks an answer that carries a confirmation token, in the ingest transaction: it confirms
    /// the request only from the requester's own address (by keyed hash), before the token
    /// expires, and once. Every refusal is audited with its reason and changes nothing else.
    func confirmSubjectRequest(_ confirmation: RequestConfirmation, in db: Database) throws -> ConfirmationOutcome {
        let outcome: ConfirmationOutcome
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM subject_requests WHERE confirmation_hash = ?", arguments: [confirmation.tokenHash]) {
            let id: Int64 = row["id"]
            let expires = (row["confirmation_expires_at"] as Int64?) ?? 0
            if (row["requester_lookup"] as Data) != lookupKey.digest(of: confirmation.sender) {
                outcome = .refused(request: id, reason: "other_sender")
            } else if row["confirmed_at"] as Int64? != nil || row["state"] as String != "awaiting_confirmation" {
                outcome = .refused(request: id, reason: "used")
            } else if nowMilliseconds() >= expires {
                outcome = .refused(request: id, reason: "expired")
            } else {
                var sealedValues: Data?
                if !confirmation.rectification.isEmpty, let rowKey = try RowKey(stored: row, masterKey: masterKey) {
                    let fields = Dictionary(uniqueKeysWithValues: confirmation.rectification.values.map { ($0.key.rawValue, $0.value) })
                    sealedValues = try rowKey.seal(JSONEncoder.sorted.encode(fields), record: "subject_request", field: "values")
                }
                var messageIDs = try self.messageIDs(of: row)
                if let answer = confirmation.messageID { messageIDs.append(answer) }
                let sealedIDs = try RowKey(stored: row, masterKey: masterKey)?.seal(JSONEncoder.sorted.encode(messageIDs), record: "subject_request", field: "message_ids")
                try db.execute(sql: "UPDATE subject_requests SET state = 'confirmed', confirmed_at = ?, sealed_values = ?, sealed_message_ids = ? WHERE id = ?",
                               arguments: [nowMilliseconds(), sealedValues, sealedIDs, id])
                try appendAudit(AuditDraft(actor: .system("ingest"), action: "request.confirmed", subject: try pseudonym(ofRequest: row, in: db),
                                           details: ["request": "\(id)", "kinds": Self.kindNames(row)]), in: db)
                return .confirmed(request: id)
            }
        } else {
            outcome = .refused(request: nil, reason: "unknown_token")
        }
        if case .refused(let request, let reason) = outcome {
            try appendAudit(AuditDraft(actor: .system("ingest"), action: "request.confirmation_refused",
                                       details: ["reason": reason].merging(request.map { ["request": "\($0)"] } ?? [:]) { $1 }), in: db)
        }
        return outcome
    }

    /// The Message-IDs of a request's mails, opened; empty once its key is shredded.
    func messageIDs(of row: Row) throws -> [String] {
        guard let rowKey = try RowKey(stored: row, masterKey: masterKey), let sealed = row["sealed_message_ids"] as Data? else { return [] }
        return try JSONDecoder().decode([String].self, from: rowKey.open(sealed, record: "subject_request", field: "message_ids"))
    }

    /// Once a request is finished and no mail to its requester waits, its key is destroyed: the
    /// address and every mail sealed under it become unreadable. What stays is the record that
    /// the request was received, confirmed and answered (Art. 5(2)), without personal values, and
    /// the keyed hash that limits how often one address may ask.
    func shredRequestKeyIfFinished(_ id: Int64, in db: Database) throws {
        try db.execute(sql: """
            UPDATE subject_requests SET wrapped_key = X'', sealed_requester = X'', sealed_values = NULL, sealed_message_ids = NULL
            WHERE id = ? AND state IN ('done', 'rejected') AND length(wrapped_key) > 0
              AND NOT EXISTS (SELECT 1 FROM outbox WHERE request_id = ? AND state IN ('pending', 'held'))
            """, arguments: [id, id])
        if db.changesCount == 1 {
            try db.execute(sql: "UPDATE outbox SET payload = NULL, sealed_recipient = NULL WHERE request_id = ?", arguments: [id])
            try appendAudit(AuditDraft(actor: .system("requests"), action: "request.key_destroyed", details: ["request": "\(id)"]), in: db)
        }
    }

    func pseudonym(ofRequest row: Row, in db: Database) throws -> String? {
        guard let subject = row["subject_id"] as Int64? else { return nil }
        return try String.fetchOne(db, sql: "SELECT pseudonym FROM subjects WHERE id = ?", arguments: [subject])
    }

    static func kindNames(_ row: Row) -> String {
        subjectRequestRecord(row).kinds.map(\.rawValue).joined(separator: ",")
    }

    static func subjectRequestRecord(_ row: Row) -> SubjectRequestRecord {
        let kindsText: String = row["kinds"]
        let names = (try? JSONDecoder().decode([String].self, from: Data(kindsText.utf8))) ?? []
        return SubjectRequestRecord(
            id: row["id"], kinds: names.compactMap(SubjectRequestKind.init(rawValue:)),
            subject: (row["pseudonym"] as String?).flatMap(Pseudonym.init(rawValue:)), state: row["state"],
            explicit: (row["explicit"] as Int64) == 1,
            deadline: RequestDeadline(received: date(row["received_at"]), isExtended: (row["extended"] as Int64) == 1),
            extensionReason: row["extension_reason"], confirmedAt: (row["confirmed_at"] as Int64?).map(date), outcome: row["outcome"],
            doneAt: (row["done_at"] as Int64?).map(date)
        )
    }
}

extension SubjectRequestRepository {
    /// Queues the server copies of every request mail (and confirming answer) from an address
    /// for expunging, as an erasure does for the person's tickets.
    package func queueServerErasureOfRequestMails(from address: EmailAddress) throws(StoreError) {
        try database.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM subject_requests WHERE requester_lookup = ? AND length(wrapped_key) > 0",
                                        arguments: [database.lookupKey.digest(of: address)])
            let ids = try rows.flatMap { try database.messageIDs(of: $0) }
            if !ids.isEmpty { _ = try database.queueServerErasure(ids, in: db) }
        }
    }

    /// Confirmed requests not carried out yet, oldest first, opened.
    package func confirmed() throws(StoreError) -> [ConfirmedRequest] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM subject_requests WHERE state = 'confirmed' ORDER BY id").compactMap { row in
                guard let rowKey = try RowKey(stored: row, masterKey: database.masterKey), let requester = try database.requester(of: row) else { return nil }
                var values = RectificationValues(values: [:])
                if let sealed = row["sealed_values"] as Data? {
                    let fields = try JSONDecoder().decode([String: String].self, from: rowKey.open(sealed, record: "subject_request", field: "values"))
                    values = RectificationValues(values: Dictionary(uniqueKeysWithValues: fields.compactMap { key, value in
                        RectificationValues.Field(rawValue: key).map { ($0, value) }
                    }))
                }
                let record = TicketDatabase.subjectRequestRecord(row)
                return ConfirmedRequest(id: record.id, kinds: record.kinds, requester: requester, rectification: values, deadline: record.deadline)
            }
        }
    }

    /// Marks a confirmed request done with what was done (no personal values) and queues the
    /// answer to the requester, in one transaction: the answer is never lost, nor sent twice.
    package func complete(_ id: Int64, outcome: String, answer: RequestMailDraft, requester: EmailAddress, actor: Actor) throws(StoreError) {
        try database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM subject_requests WHERE id = ? AND state = 'confirmed'", arguments: [id]),
                  let rowKey = try RowKey(stored: row, masterKey: database.masterKey) else { return }
            try db.execute(sql: "UPDATE subject_requests SET state = 'done', done_at = ?, outcome = ?, sealed_values = NULL WHERE id = ?",
                           arguments: [database.nowMilliseconds(), outcome, id])
            try database.insertRequestMail(answer, request: id, rowKey: rowKey, recipient: requester, in: db)
            try database.appendAudit(AuditDraft(actor: actor, action: "request.carried_out", subject: try database.pseudonym(ofRequest: row, in: db),
                                       details: ["request": "\(id)", "kinds": TicketDatabase.kindNames(row), "outcome": outcome]), in: db)
        }
    }

    /// Requests whose confirmation token ran out unanswered: rejected (Art. 12(6): the requester
    /// could not be verified), their keys shredded. Returns their ids.
    package func expireUnconfirmed() throws(StoreError) -> [Int64] {
        // Every poll asks; a write transaction only when something ran out.
        let expiredSQL = """
            SELECT id FROM subject_requests WHERE state = 'awaiting_confirmation' AND confirmation_expires_at IS NOT NULL AND confirmation_expires_at <= ?
            """
        guard try database.read({ db in try Bool.fetchOne(db, sql: "SELECT EXISTS (\(expiredSQL))", arguments: [database.nowMilliseconds()]) }) == true else { return [] }
        return try database.write { db in
            let ids = try Int64.fetchAll(db, sql: expiredSQL, arguments: [database.nowMilliseconds()])
            for id in ids {
                try db.execute(sql: "UPDATE subject_requests SET state = 'rejected', done_at = ?, outcome = ? WHERE id = ?",
                               arguments: [database.nowMilliseconds(), "not confirmed from the requester's address in time (Art. 12(6))", id])
                try database.appendAudit(AuditDraft(actor: .system("requests"), action: "request.expired", details: ["request": "\(id)"]), in: db)
                try database.shredRequestKeyIfFinished(id, in: db)
            }
            return ids
        }
    }

    /// Requests, oldest first; with `openOnly`, those not yet done or rejected.
    package func list(openOnly: Bool) throws(StoreError) -> [SubjectRequestRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.*, s.pseudonym FROM subject_requests r LEFT JOIN subjects s ON s.id = r.subject_id
                \(openOnly ? "WHERE r.state IN ('awaiting_confirmation', 'confirmed')" : "") ORDER BY r.received_at, r.id
                """).map(TicketDatabase.subjectRequestRecord)
        }
    }

    /// One request, as `ticketd requests` lists it.
    package func find(_ id: Int64) throws(StoreError) -> SubjectRequestRecord? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT r.*, s.pseudonym FROM subject_requests r LEFT JOIN subjects s ON s.id = r.subject_id WHERE r.id = ?",
                             arguments: [id]).map(TicketDatabase.subjectRequestRecord)
        }
    }

    /// The requester's address of an open request, to write to; nil when there is no such open request.
    package func requester(ofRequest id: Int64) throws(StoreError) -> EmailAddress? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM subject_requests WHERE id = ? AND state IN ('awaiting_confirmation', 'confirmed')",
                                             arguments: [id]) else { return nil }
            return try database.requester(of: row)
        }
    }

    /// Extends a request's deadline by two months (Art. 12(3)) with the reason, once, and queues
    /// the notice to the person in the same transaction.
    package func extend(_ id: Int64, reason: String, notice: RequestMailDraft? = nil, actor: Actor) throws(StoreError) -> SubjectRequestRecord? {
        try database.write { db in
            try db.execute(sql: """
                UPDATE subject_requests SET extended = 1, extension_reason = ?
                WHERE id = ? AND extended = 0 AND state IN ('awaiting_confirmation', 'confirmed')
                """, arguments: [reason, id])
            let changed = db.changesCount == 1
            guard let row = try Row.fetchOne(db, sql: "SELECT r.*, s.pseudonym FROM subject_requests r LEFT JOIN subjects s ON s.id = r.subject_id WHERE r.id = ?",
                                             arguments: [id]) else { return nil }
            if changed {
                try database.appendAudit(AuditDraft(actor: actor, action: "request.extended", subject: row["pseudonym"],
                                           details: ["request": "\(id)", "reason": reason]), in: db)
                if let notice, let rowKey = try RowKey(stored: row, masterKey: database.masterKey), let requester = try database.requester(of: row) {
                    try database.insertRequestMail(notice, request: id, rowKey: rowKey, recipient: requester, in: db)
                }
            }
            return TicketDatabase.subjectRequestRecord(row)
        }
    }
}
