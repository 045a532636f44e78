import Foundation
import GRDB
package import Tickets

extension TicketDatabase {
    /// Writes a ticket's retention class and due date (the due-date index follows).
    func place(ticket: Int64, _ retention: RetentionPlacement, in db: Database) throws {
        try db.execute(sql: "UPDATE tickets SET retention_class = ?, retention_due_at = ? WHERE id = ?",
                       arguments: [retention.retentionClass, retention.due.map(Self.milliseconds), ticket])
    }
}

extension RetentionLedger {
    /// Sets or clears the agent's commercial-letter marker, with the retention class and due date
    /// the change gives the ticket, and its audit event, in one transaction.
    ///
    /// Returns false, and writes nothing, when the ticket is marked so already: marking twice is
    /// one change in the audit trail.
    package func markCommercialLetter(ticket: Int64, _ marked: Bool, retention: RetentionPlacement?, audit: AuditDraft) throws(StoreError) -> Bool {
        try database.write { db in
            guard let current = try Int64.fetchOne(db, sql: "SELECT commercial_letter FROM tickets WHERE id = ?", arguments: [ticket]) else {
                throw StoreError.ticketNotFound(ticket)
            }
            if (current == 1) == marked { return false }
            try db.execute(sql: "UPDATE tickets SET commercial_letter = ? WHERE id = ?", arguments: [marked ? 1 : 0, ticket])
            if let retention { try database.place(ticket: ticket, retention, in: db) }
            try database.appendAudit(audit, in: db)
            return true
        }
    }
}
