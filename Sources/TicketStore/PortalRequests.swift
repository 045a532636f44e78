import Foundation
import GRDB
package import MailFormat
import Privacy
package import Tickets

extension SubjectRequestRepository {
    /// Records a request a person made in the privacy portal (issue 18): the session proved the
    /// address (and, for an erasure, a fresh code did once more), so it is recorded as confirmed,
    /// `via` `portal`, and carried out by ``RequestFulfilment`` on the daemon's next round like a
    /// request by mail confirmed from the person's address, with the same deadline and answer
    /// mail. The address is sealed under the request's own key, as for a request by mail.
    package func recordFromPortal(kinds: [SubjectRequestKind], requester: EmailAddress, actor: Actor) throws(StoreError) -> SubjectRequestRecord {
        try database.write { db in
            let digest = database.lookupKey.digest(of: requester)
            let rowKey = try RowKey.make(prefix: "R", table: "subject_requests", masterKey: database.masterKey, in: db)
            let sealed = try rowKey.seal(Data(requester.description.utf8), record: "subject_request", field: "requester")
            let messageIDs = try rowKey.seal(JSONEncoder.sorted.encode([String]()), record: "subject_request", field: "message_ids")
            let subject = try Int64.fetchOne(db, sql: "SELECT id FROM subjects WHERE email_lookup = ?", arguments: [digest])
            let now = database.nowMilliseconds()
            try db.execute(sql: """
                INSERT INTO subject_requests (kinds, requester_lookup, key_owner, wrapped_key, sealed_requester, subject_id, state, explicit, received_at,
                                              confirmed_at, via, sealed_message_ids)
                VALUES (?, ?, ?, ?, ?, ?, 'confirmed', 1, ?, ?, 'portal', ?)
                """, arguments: [AuditRow.encode(kinds.map(\.rawValue)), digest, rowKey.owner, rowKey.wrapped, sealed, subject, now, now, messageIDs])
            let id = db.lastInsertedRowID
            let pseudonym = try subject.flatMap { try String.fetchOne(db, sql: "SELECT pseudonym FROM subjects WHERE id = ?", arguments: [$0]) }
            let kindNames = kinds.map(\.rawValue).joined(separator: ",")
            try database.appendAudit(AuditDraft(actor: actor, action: "request.received", subject: pseudonym,
                                                details: ["request": "\(id)", "kinds": kindNames, "explicit": "true", "known": "\(subject != nil)", "via": "portal"]), in: db)
            try database.appendAudit(AuditDraft(actor: actor, action: "request.confirmed", subject: pseudonym,
                                                details: ["request": "\(id)", "kinds": kindNames, "via": "portal"]), in: db)
            let row = try Row.fetchOne(db, sql: "SELECT r.*, s.pseudonym FROM subject_requests r LEFT JOIN subjects s ON s.id = r.subject_id WHERE r.id = ?",
                                       arguments: [id])
            return TicketDatabase.subjectRequestRecord(row!)
        }
    }

    /// The requests of the person with this address that are not finished yet, oldest first:
    /// what the portal shows as "your requests" with their deadlines.
    package func open(of requester: EmailAddress) throws(StoreError) -> [SubjectRequestRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.*, s.pseudonym FROM subject_requests r LEFT JOIN subjects s ON s.id = r.subject_id
                WHERE r.requester_lookup = ? AND r.state IN ('awaiting_confirmation', 'confirmed') ORDER BY r.id
                """, arguments: [database.lookupKey.digest(of: requester)]).map(TicketDatabase.subjectRequestRecord)
        }
    }
}
