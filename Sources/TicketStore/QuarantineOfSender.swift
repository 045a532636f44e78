package import Foundation
import GRDB
package import MailFormat
import Privacy
package import Tickets

extension MailIntake {
    /// The quarantined mails from an address (From or Reply-To), oldest first: mail that never
    /// became a ticket still belongs to the person it came from (export, erasure).
    package func quarantine(from email: EmailAddress) throws(StoreError) -> [QuarantineRecord] {
        let digest = database.lookupKey.digest(of: email)
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT q.id, q.reason, q.received_at FROM quarantine q JOIN quarantine_senders s ON s.quarantine_id = q.id
                WHERE s.email_lookup = ? ORDER BY q.id
                """, arguments: [digest]).map { QuarantineRecord(id: $0["id"], reason: $0["reason"], receivedAt: TicketDatabase.date($0["received_at"])) }
        }
    }

    /// Erases the quarantined mails from an address: each row goes with its own key, and the
    /// mails' Message-IDs are queued (sealed) so that their server copies are expunged too.
    /// Returns how many mails were erased.
    package func eraseQuarantine(from email: EmailAddress, actor: Actor) throws(StoreError) -> (erased: Int, serverCopiesQueued: Int) {
        let entries = try quarantine(from: email)
        guard !entries.isEmpty else { return (0, 0) }
        // Opened before the transaction: parsing is not work to do while holding the write lock.
        var messageIDs: Set<String> = []
        for entry in entries {
            if let raw = try quarantinedMail(entry.id)?.raw,
               let messageID = try? MessageParser(limits: MessageLimits(maxMessageBytes: raw.count + 1)).parse(Array(raw)).messageID {
                messageIDs.insert(messageID)
            }
        }
        let result = try database.write { db in
            let ids = entries.map { String($0.id) }.joined(separator: ",")
            try db.execute(sql: "DELETE FROM quarantine WHERE id IN (\(ids))")
            let erased = db.changesCount
            let queued = try database.queueServerErasure(messageIDs.sorted(), in: db)
            try database.appendAudit(AuditDraft(actor: actor, action: "quarantine.erased", fields: [PersonalField.rawMail.rawValue],
                                       details: ["quarantine": ids, "count": "\(erased)", "server_copies_queued": "\(queued)"]), in: db)
            return (erased, queued)
        }
        try database.checkpointTruncatingWAL()
        return result
    }

    /// Quarantine entries received at or before `cutoff`, oldest first, at most `limit`.
    package func quarantine(receivedAtOrBefore cutoff: Date, limit: Int) throws(StoreError) -> [Int64] {
        let milliseconds = TicketDatabase.milliseconds(cutoff)
        return try database.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM quarantine WHERE received_at <= ? ORDER BY received_at, id LIMIT ?", arguments: [milliseconds, limit])
        }
    }

    /// Erases quarantine entries whose period is over: each row goes with its own key.
    package func expireQuarantine(_ ids: [Int64], actor: Actor) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try database.write { db in
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(sql: "DELETE FROM quarantine WHERE id IN (\(list))")
            try database.appendAudit(AuditDraft(actor: actor, action: "quarantine.expired", fields: [PersonalField.rawMail.rawValue],
                                       details: ["quarantine": list, "count": "\(db.changesCount)"]), in: db)
        }
    }
}

