import Foundation
import GRDB
import Privacy
package import Tickets

/// Copies of erased mails still to be expunged from the IMAP server, by Message-ID.
package struct ServerErasure: Sendable, Hashable {
    package var id: Int64
    package var messageIDs: [String]
    package var attempts: Int
}

extension TicketDatabase {
    /// Queues the Message-IDs of erased mails, sealed under a key of the row's own (a Message-ID
    /// names the sender's host and is personal data); returns how many were queued.
    func queueServerErasure(_ messageIDs: [String], in db: Database) throws -> Int {
        guard !messageIDs.isEmpty else { return 0 }
        let rowKey = try RowKey.make(prefix: "E", table: "server_erasures", masterKey: masterKey, in: db)
        let context = Self.serverErasureContext(rowKey.owner)
        let sealed = try rowKey.seal(try JSONEncoder.sorted.encode(messageIDs), record: context.record, field: context.field)
        try db.execute(sql: "INSERT INTO server_erasures (key_owner, wrapped_key, sealed_message_ids, count, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [rowKey.owner, rowKey.wrapped, sealed, messageIDs.count, nowMilliseconds()])
        return messageIDs.count
    }

    static func serverErasureContext(_ owner: String) -> SealContext {
        SealContext(record: "server_erasure", field: "message_ids", owner: owner)
    }
}

extension ServerErasureQueue {
    /// Whether any server erasure is queued (without opening them).
    package func hasPending() throws(StoreError) -> Bool {
        try database.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM server_erasures)") ?? false }
    }

    /// The queued server erasures, opened, oldest first.
    package func pending() throws(StoreError) -> [ServerErasure] {
        let rows = try database.read { db in try Row.fetchAll(db, sql: "SELECT id, key_owner, wrapped_key, sealed_message_ids, attempts FROM server_erasures ORDER BY id") }
        var erasures: [ServerErasure] = []
        for row in rows {
            do {
                guard let rowKey = try RowKey(stored: row, masterKey: database.masterKey) else { continue }
                let context = TicketDatabase.serverErasureContext(rowKey.owner)
                let plaintext = try rowKey.open(row["sealed_message_ids"], record: context.record, field: context.field)
                erasures.append(ServerErasure(id: row["id"], messageIDs: try JSONDecoder().decode([String].self, from: plaintext), attempts: row["attempts"]))
            } catch {
                throw StoreError.sealedDataUnreadable(what: "server erasure \(row["id"] as Int64)", reason: ErrorCause.of(error))
            }
        }
        return erasures
    }

    /// The server holds no copy of these mails any more: the row and its key go.
    package func complete(_ id: Int64, expunged: Int, actor: Actor) throws(StoreError) {
        try database.write { db in
            let count = try Int.fetchOne(db, sql: "SELECT count FROM server_erasures WHERE id = ?", arguments: [id]) ?? 0
            try db.execute(sql: "DELETE FROM server_erasures WHERE id = ?", arguments: [id])
            try database.appendAudit(AuditDraft(actor: actor, action: "server_copies.expunged",
                                       details: ["erasure": "\(id)", "mails": "\(count)", "copies_expunged": "\(expunged)"]), in: db)
        }
    }

    /// The server could not be reached or refused: try again on the next poll.
    package func fail(_ id: Int64, error: String) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: "UPDATE server_erasures SET attempts = attempts + 1, last_error = ? WHERE id = ?", arguments: [error, id])
        }
    }
}
