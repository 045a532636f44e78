import Foundation
import GRDB
import Privacy
import MailFormat
package import Tickets

/// What an action changes on the ticket itself.
package enum TicketUpdate: Sendable {
    case none
    /// In a queue, with the retention class and due date the queue gives it (nil: unchanged).
    case assign(queue: String, retention: RetentionPlacement?)
    /// In a state other than closed; a ticket leaving `closed` gets the retention placement of an open ticket (nil: unchanged).
    case state(TicketState, retention: RetentionPlacement? = nil)
    /// Closed, with the retention class and due date that closing gives it (nil: unchanged).
    case close(retention: RetentionPlacement?)
}

extension TicketDatabase {
    func apply(_ update: TicketUpdate, ticket: Int64, at: Int64, in db: Database) throws {
        switch update {
        case .none: break
        case .assign(let queue, let retention):
            try db.execute(sql: "UPDATE tickets SET queue = ?, state = CASE WHEN state = 'closed' THEN 'open' ELSE state END WHERE id = ?", arguments: [queue, ticket])
            if let retention { try place(ticket: ticket, retention, in: db) }
        case .state(let state, let retention):
            try db.execute(sql: "UPDATE tickets SET state = ?, closed_at = CASE WHEN ? = 'closed' THEN ? ELSE NULL END WHERE id = ?",
                           arguments: [state.rawValue, state.rawValue, at, ticket])
            if let retention { try place(ticket: ticket, retention, in: db) }
        case .close(let retention):
            try db.execute(sql: "UPDATE tickets SET state = 'closed', closed_at = ? WHERE id = ?", arguments: [at, ticket])
            if let retention { try place(ticket: ticket, retention, in: db) }
        }
    }
}

extension TicketRepository {
    /// Changes a ticket without sending anything (close), with its audit event.
    package func update(ticket: Int64, _ update: TicketUpdate, audit: AuditDraft) throws(StoreError) {
        try database.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM tickets WHERE id = ?", arguments: [ticket]) == true else {
                throw StoreError.ticketNotFound(ticket)
            }
            try database.apply(update, ticket: ticket, at: database.nowMilliseconds(), in: db)
            try database.appendAudit(audit, in: db)
        }
    }
}
