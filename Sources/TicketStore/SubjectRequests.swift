import Foundation
import GRDB
package import MailFormat
package import Privacy
package import Tickets

/// A data-subject request received by mail, as `ticketd requests` lists it (no personal value).
package struct SubjectRequestRecord: Sendable, Hashable {
    package var id: Int64
    package var kinds: [SubjectRequestKind]
    /// The pseudonym of the person the requester's address belongs to, if ticketd knows them.
    package var subject: Pseudonym?
    package var state: String
    package var explicit: Bool
    package var deadline: RequestDeadline
    package var extensionReason: String?
}

/// A request found in a received mail, committed with the mail (so a mail fetched twice is one request).
package struct IncomingSubjectRequest: Sendable {
    package var kinds: [SubjectRequestKind]
    package var requester: EmailAddress
    package var explicit: Bool

    package init(kinds: [SubjectRequestKind], requester: EmailAddress, explicit: Bool) {
        self.kinds = kinds
        self.requester = requester
        self.explicit = explicit
    }
}

extension TicketDatabase {
    /// Records a request in the ingest transaction; returns its id.
    func insertSubjectRequest(_ request: IncomingSubjectRequest, in db: Database) throws -> Int64 {
        let rowKey = try RowKey.make(prefix: "R", table: "subject_requests", masterKey: masterKey, in: db)
        let sealed = try rowKey.seal(Data(request.requester.description.utf8), record: "subject_request", field: "requester")
        let digest = lookupKey.digest(of: request.requester)
        let subject = try Int64.fetchOne(db, sql: "SELECT id FROM subjects WHERE email_lookup = ?", arguments: [digest])
        let kinds = AuditRow.encode(request.kinds.map(\.rawValue))
        try db.execute(sql: """
            INSERT INTO subject_requests (kinds, requester_lookup, key_owner, wrapped_key, sealed_requester, subject_id, state, explicit, received_at)
            VALUES (?, ?, ?, ?, ?, ?, 'awaiting_confirmation', ?, ?)
            """, arguments: [kinds, digest, rowKey.owner, rowKey.wrapped, sealed, subject, request.explicit ? 1 : 0, nowMilliseconds()])
        let id = db.lastInsertedRowID
        let pseudonym = try subject.flatMap { try String.fetchOne(db, sql: "SELECT pseudonym FROM subjects WHERE id = ?", arguments: [$0]) }
        try appendAudit(AuditDraft(actor: .system("ingest"), action: "request.received", subject: pseudonym,
                                   details: ["request": "\(id)", "kinds": request.kinds.map(\.rawValue).joined(separator: ","),
                                             "explicit": "\(request.explicit)", "known": "\(subject != nil)"]), in: db)
        return id
    }

    /// Requests, oldest first; with `openOnly`, those not yet done or rejected.
    package func subjectRequests(openOnly: Bool) throws(StoreError) -> [SubjectRequestRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.*, s.pseudonym FROM subject_requests r LEFT JOIN subjects s ON s.id = r.subject_id
                \(openOnly ? "WHERE r.state IN ('awaiting_confirmation', 'confirmed')" : "") ORDER BY r.received_at, r.id
                """).map(Self.subjectRequestRecord)
        }
    }

    /// Extends a request's deadline by two months (Art. 12(3)) with the reason, once.
    package func extendSubjectRequest(_ id: Int64, reason: String, actor: Actor) throws(StoreError) -> SubjectRequestRecord? {
        try write { db in
            try db.execute(sql: """
                UPDATE subject_requests SET extended = 1, extension_reason = ?
                WHERE id = ? AND extended = 0 AND state IN ('awaiting_confirmation', 'confirmed')
                """, arguments: [reason, id])
            let changed = db.changesCount == 1
            guard let row = try Row.fetchOne(db, sql: "SELECT r.*, s.pseudonym FROM subject_requests r LEFT JOIN subjects s ON s.id = r.subject_id WHERE r.id = ?",
                                             arguments: [id]) else { return nil }
            if changed {
                try appendAudit(AuditDraft(actor: actor, action: "request.extended", subject: row["pseudonym"],
                                           details: ["request": "\(id)", "reason": reason]), in: db)
            }
            return Self.subjectRequestRecord(row)
        }
    }

    static func subjectRequestRecord(_ row: Row) -> SubjectRequestRecord {
        let kindsText: String = row["kinds"]
        let names = (try? JSONDecoder().decode([String].self, from: Data(kindsText.utf8))) ?? []
        return SubjectRequestRecord(
            id: row["id"], kinds: names.compactMap(SubjectRequestKind.init(rawValue:)),
            subject: (row["pseudonym"] as String?).flatMap(Pseudonym.init(rawValue:)), state: row["state"],
            explicit: (row["explicit"] as Int64) == 1,
            deadline: RequestDeadline(received: date(row["received_at"]), isExtended: (row["extended"] as Int64) == 1),
            extensionReason: row["extension_reason"]
        )
    }
}
