package import Foundation
import GRDB
import Privacy
package import Tickets

/// What a sweep did (or, in a dry run, would do) to one ticket.
package struct SweepAction: Sendable, Hashable {
    package var ticket: Int64
    package var retentionClass: String
    package var action: String
}

extension RetentionLedger {
    /// Puts a legal hold on a ticket: every sweep and erasure skips it until released (or until `until`).
    package func hold(ticket: Int64, reason: String, until: Date?, actor: Actor) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: "UPDATE tickets SET hold_reason = ?, hold_until = ? WHERE id = ?",
                           arguments: [reason, until.map(TicketDatabase.milliseconds), ticket])
            guard db.changesCount == 1 else { throw StoreError.ticketNotFound(ticket) }
            var details = ["reason": reason]
            if let until { details["until"] = ISO8601DateFormatter().string(from: until) }
            try database.appendAudit(AuditDraft(actor: actor, action: "ticket.held", ticketID: ticket, details: details), in: db)
        }
    }

    /// Lifts a legal hold.
    package func releaseHold(ticket: Int64, actor: Actor) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: "UPDATE tickets SET hold_reason = NULL, hold_until = NULL WHERE id = ?", arguments: [ticket])
            guard db.changesCount == 1 else { throw StoreError.ticketNotFound(ticket) }
            try database.appendAudit(AuditDraft(actor: actor, action: "ticket.hold_released", ticketID: ticket), in: db)
        }
    }

    /// Due tickets at `now`, oldest due first, skipping held and already archived ones; at most `limit`.
    ///
    /// Uses the index on the due date: the work follows what is due, not the size of the database.
    package func dueTickets(at now: Date, limit: Int) throws(StoreError) -> [(ticket: Int64, retentionClass: String?)] {
        let milliseconds = TicketDatabase.milliseconds(now)
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, retention_class FROM tickets INDEXED BY tickets_retention_due
                WHERE retention_due_at IS NOT NULL AND retention_due_at <= ?
                  AND archived_at IS NULL
                  AND NOT (hold_reason IS NOT NULL AND (hold_until IS NULL OR hold_until > ?))
                ORDER BY retention_due_at LIMIT ?
                """, arguments: [milliseconds, milliseconds, limit]).map { ($0["id"], $0["retention_class"]) }
        }
    }

    /// Applies one retention action to a batch of tickets in one transaction, with one audit event.
    ///
    /// - anonymize: the ticket's sealed content and its link to the person go; the redacted text
    ///   stays. A subject left without tickets is erased (its key destroyed).
    /// - erase: the ticket goes with everything in it; a subject left without tickets is erased.
    /// - restrict: kept sealed, out of every list and copy (archived).
    package func apply(_ action: RetentionClass.Action, tickets: [Int64], retentionClass: String, actor: Actor) throws(StoreError) {
        guard !tickets.isEmpty else { return }
        try database.write { db in
            var subjects: Set<Int64> = []
            // The mails' copies on the IMAP server go with them (invariant 7); usually the
            // regular purge of processed copies took them long ago.
            var messageIDs: Set<String> = []
            if action != .restrict {
                let list = tickets.map(String.init).joined(separator: ",")
                messageIDs.formUnion(try String.fetchAll(db, sql: """
                    SELECT message_id FROM messages WHERE ticket_id IN (\(list)) AND direction = 'inbound' AND message_id IS NOT NULL
                    """))
            }
            for ticket in tickets {
                if let subject = try Int64.fetchOne(db, sql: "SELECT subject_id FROM tickets WHERE id = ?", arguments: [ticket]) { subjects.insert(subject) }
                switch action {
                case .anonymize:
                    try db.execute(sql: """
                        UPDATE attachments SET sealed_filename = NULL, sealed_data = NULL WHERE message_id IN (SELECT id FROM messages WHERE ticket_id = ?)
                        """, arguments: [ticket])
                    try db.execute(sql: """
                        UPDATE messages SET sealed_raw = NULL, sealed_text = NULL, sealed_subject = NULL, message_id = NULL, subject_id = NULL
                        WHERE ticket_id = ?
                        """, arguments: [ticket])
                    try db.execute(sql: "DELETE FROM reply_tokens WHERE ticket_id = ?", arguments: [ticket])
                    try db.execute(sql: "DELETE FROM consents WHERE ticket_id = ?", arguments: [ticket])
                    try db.execute(sql: "DELETE FROM outbox WHERE ticket_id = ? AND state <> 'pending'", arguments: [ticket])
                    try db.execute(sql: "UPDATE tickets SET subject_id = NULL, retention_due_at = NULL WHERE id = ?", arguments: [ticket])
                case .erase:
                    try db.execute(sql: "DELETE FROM tickets WHERE id = ?", arguments: [ticket])
                case .restrict:
                    try db.execute(sql: "UPDATE tickets SET archived_at = ?, restricted = 1, retention_due_at = NULL WHERE id = ?", arguments: [database.nowMilliseconds(), ticket])
                }
            }
            var erasedSubjects = 0
            if action != .restrict {
                for subject in subjects where try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets WHERE subject_id = ?", arguments: [subject]) == 0 {
                    try db.execute(sql: "DELETE FROM subject_keys WHERE subject_id = ?", arguments: [subject])
                    try db.execute(sql: "DELETE FROM consents WHERE subject_id = ?", arguments: [subject])
                    try db.execute(sql: "DELETE FROM subjects WHERE id = ?", arguments: [subject])
                    erasedSubjects += 1
                }
            }
            let queued = try database.queueServerErasure(messageIDs.sorted(), in: db)
            try database.appendAudit(AuditDraft(
                actor: actor, action: "sweep.applied",
                details: ["class": retentionClass, "action": action.rawValue, "count": "\(tickets.count)",
                          "tickets": tickets.map(String.init).joined(separator: ","), "subjects_erased": "\(erasedSubjects)",
                          "server_copies_queued": "\(queued)"]
            ), in: db)
        }
    }

    /// When the last sweep ran, or nil before the first.
    package func lastSweep() throws(StoreError) -> Date? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'last_sweep_at'").flatMap { Int64($0) }.map(TicketDatabase.date)
        }
    }

    /// Records that a sweep ran at `date`.
    package func recordSweep(at date: Date) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('last_sweep_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: [String(TicketDatabase.milliseconds(date))])
        }
    }
}

