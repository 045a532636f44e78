package import Foundation
import GRDB
import Tickets

/// How much work is waiting and held in the database, in counts: what `ticketd status` shows and
/// the metrics expose as gauges. No row's content, only numbers and times.
package struct OperationalCounts: Sendable, Hashable {
    /// Outbox items by state (`pending`, `held`, `failed`, `sent`), every state present.
    package var outbox: [String: Int] = [:]
    /// When the oldest pending outbox item was queued; nil when none is pending.
    package var oldestPending: Date?
    /// Mails kept sealed in quarantine.
    package var quarantine = 0
    /// Erasures whose copies on the IMAP server are still to be expunged, and how many mails they name.
    package var serverErasures = 0
    package var serverErasureMails = 0
    /// Data-subject requests not yet done, and how many of them are past their Art. 12(3)
    /// deadline (counted in UTC, like retention).
    package var requestsOpen = 0
    package var requestsOverdue = 0
    /// The parts that read the whole tickets or subjects table (nil when not asked for, see
    /// ``TicketDatabase/operationalCounts(at:includingTickets:)``).
    package var tickets: TicketCounts?

    /// Describes the counts.
    package init() {}
}

/// Counts over the tickets and subjects: by state, held and restricted.
package struct TicketCounts: Sendable, Hashable {
    /// Tickets by state (`open`, `waiting`, `closed`), every state present.
    package var byState: [String: Int] = [:]
    /// Closed tickets kept sealed for an archive duty (a `restrict` class).
    package var archived = 0
    /// Tickets under a legal hold in force.
    package var activeHolds = 0
    /// Data subjects whose processing is restricted (Art. 18).
    package var restrictedSubjects = 0

    /// Describes the counts.
    package init() {}
}

extension OperationsRecord {
    /// Reads the counts in one read transaction, so that they agree with each other.
    ///
    /// The outbox, quarantine and erasure counts are cheap (small tables or partial indexes) and
    /// suit the metrics written after every poll. With `includingTickets`, the tickets and
    /// subjects are counted too, which reads those tables whole: right for `ticketd status`, run
    /// by hand, too much for every poll of a large database.
    package func counts(at now: Date, includingTickets: Bool) throws(StoreError) -> OperationalCounts {
        let milliseconds = TicketDatabase.milliseconds(now)
        return try database.read { db in
            var counts = OperationalCounts()
            for state in ["pending", "held", "failed", "sent"] { counts.outbox[state] = 0 }
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM outbox GROUP BY state") {
                counts.outbox[row["state"]] = row["n"]
            }
            counts.oldestPending = try Int64.fetchOne(db, sql: "SELECT min(created_at) FROM outbox WHERE state = 'pending'").map(TicketDatabase.date)
            counts.quarantine = try Int.fetchOne(db, sql: "SELECT count(*) FROM quarantine") ?? 0
            let erasures = try Row.fetchOne(db, sql: "SELECT count(*) AS n, coalesce(sum(count), 0) AS mails FROM server_erasures")
            counts.serverErasures = erasures?["n"] ?? 0
            counts.serverErasureMails = erasures?["mails"] ?? 0
            let utc = Calendar.gregorianUTC
            for row in try Row.fetchAll(db, sql: """
                SELECT received_at, extended FROM subject_requests WHERE state IN ('awaiting_confirmation', 'confirmed')
                """) {
                counts.requestsOpen += 1
                let deadline = RequestDeadline(received: TicketDatabase.date(row["received_at"]), isExtended: (row["extended"] as Int64) == 1)
                if deadline.state(at: now, in: utc) == .overdue { counts.requestsOverdue += 1 }
            }
            guard includingTickets else { return counts }
            var tickets = TicketCounts()
            for state in ["open", "waiting", "closed"] { tickets.byState[state] = 0 }
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM tickets GROUP BY state") {
                tickets.byState[row["state"]] = row["n"]
            }
            tickets.archived = try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets WHERE archived_at IS NOT NULL") ?? 0
            tickets.activeHolds = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM tickets WHERE hold_reason IS NOT NULL AND (hold_until IS NULL OR hold_until > ?)
                """, arguments: [milliseconds]) ?? 0
            tickets.restrictedSubjects = try Int.fetchOne(db, sql: "SELECT count(*) FROM subjects WHERE restricted_at IS NOT NULL") ?? 0
            counts.tickets = tickets
            return counts
        }
    }
}
