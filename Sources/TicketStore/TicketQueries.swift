package import Foundation
import GRDB
package import Privacy
package import Tickets

/// A consent as recorded, with its evidence.
package struct ConsentRecord: Sendable, Hashable {
    package var purpose: String
    /// true, false, or nil when the form's answer was absent or unreadable.
    package var granted: Bool?
    package var at: Date
    package var sourceMessageID: String?
    package var form: String?
    package var formVersion: String?
    package var mechanism: String
    package var withdrawnAt: Date?
}

/// A ticket with everything but its messages; personal data only through ``TicketDatabase/customer(ofTicket:)``.
package struct TicketRecord: Sendable, Hashable {
    package var id: Int64
    package var state: TicketState
    package var queue: String?
    package var createdAt: Date
    package var closedAt: Date?
    package var subject: Pseudonym?
    package var restricted: Bool
    package var sensitive: [String]
    package var form: String?
    package var formVersion: String?
    package var retentionClass: String?
    /// The subject line as others may see it.
    package var redactedSubject: String
    /// The first mail could not be read cleanly: copies for others wait for an agent.
    package var redactionUncertain: Bool
    /// When the retention period ends (nil while its start event has not happened).
    package var retentionDue: Date?
    /// The legal hold's reason, if the ticket is held.
    package var holdReason: String?
    /// An agent marked it as a commercial letter (HGB §257, AO §147), which decides its class.
    package var commercialLetter: Bool = false
    /// A `restrict` class archived it: its retention was applied and its class no longer changes.
    package var archived: Bool = false
    /// The latest consent record per purpose for this ticket.
    package var consents: [ConsentRecord]
    /// Set when a `restrict` retention class archived the ticket.
    package var archivedAt: Date?
    /// The ticket's subject is restricted (Art. 18).
    package var subjectRestricted: Bool

    /// Only the agent's archive view may show it: archived by its retention class, or its
    /// subject is restricted. Such a ticket is in no list and no outgoing copy.
    package var isArchiveOnly: Bool { archivedAt != nil || subjectRestricted }
}

/// A transfer to a partner, as the register records it.
package struct TransferRecord: Sendable, Hashable {
    package var partner: String
    package var at: Date
    package var messageID: String?
}

/// A quarantined mail's entry (its content stays sealed).
package struct QuarantineRecord: Sendable, Hashable {
    package var id: Int64
    package var reason: String
    package var receivedAt: Date
}

extension TicketDatabase {
    func ticketRecord(_ row: Row, in db: Database) throws -> TicketRecord {
        let id: Int64 = row["id"]
        let sensitiveText: String = row["sensitive"]
        let sensitive = (try? JSONDecoder().decode([String].self, from: Data(sensitiveText.utf8))) ?? []
        let consents = try Row.fetchAll(db, sql: """
            SELECT * FROM consents WHERE ticket_id = ? AND id IN (SELECT max(id) FROM consents WHERE ticket_id = ? GROUP BY purpose)
            ORDER BY purpose
            """, arguments: [id, id]).map(Self.consentRecord)
        let redactedSubject = try String.fetchOne(db, sql: "SELECT redacted_subject FROM messages WHERE ticket_id = ? ORDER BY id LIMIT 1", arguments: [id]) ?? ""
        // The schema's CHECK admits only the three states; anything else is a damaged file.
        guard let state = TicketState(rawValue: row["state"]) else { throw StoreError.corrupt(path) }
        var record = TicketRecord(
            id: id, state: state, queue: row["queue"], createdAt: Self.date(row["created_at"]),
            closedAt: (row["closed_at"] as Int64?).map(Self.date), subject: (row["pseudonym"] as String?).flatMap(Pseudonym.init(rawValue:)),
            restricted: (row["restricted"] as Int64) == 1, sensitive: sensitive, form: row["form"], formVersion: row["form_version"],
            retentionClass: row["retention_class"], redactedSubject: redactedSubject,
            redactionUncertain: (row["redaction_uncertain"] as Int64? ?? 0) == 1,
            retentionDue: (row["retention_due_at"] as Int64?).map(Self.date), holdReason: row["hold_reason"], consents: consents,
            archivedAt: (row["archived_at"] as Int64?).map(Self.date), subjectRestricted: (row["subject_restricted_at"] as Int64?) != nil
        )
        record.commercialLetter = (row["commercial_letter"] as Int64? ?? 0) == 1
        record.archived = (row["archived_at"] as Int64?) != nil
        return record
    }

    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// A time as the store keeps it: whole milliseconds since 1970 UTC, rounded down.
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}

extension TicketRepository {
    /// Tickets, newest first, optionally filtered by state and queue.
    package func list(state: TicketState? = nil, queue: String? = nil) throws(StoreError) -> [TicketRecord] {
        try database.read { db in
            var sql = "SELECT t.*, s.pseudonym, s.restricted_at AS subject_restricted_at FROM tickets t LEFT JOIN subjects s ON s.id = t.subject_id WHERE 1 = 1"
            var arguments: StatementArguments = []
            if let state { sql += " AND t.state = ?"; arguments += [state.rawValue] }
            if let queue { sql += " AND t.queue = ?"; arguments += [queue] }
            sql += " ORDER BY t.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { try database.ticketRecord($0, in: db) }
        }
    }

    /// One ticket, or nil.
    package func find(_ id: Int64) throws(StoreError) -> TicketRecord? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT t.*, s.pseudonym, s.restricted_at AS subject_restricted_at FROM tickets t LEFT JOIN subjects s ON s.id = t.subject_id WHERE t.id = ?", arguments: [id])
                .map { try database.ticketRecord($0, in: db) }
        }
    }

    /// The ticket's customer's personal data, opened; nil when the ticket has no subject any more.
    package func customer(ofTicket id: Int64) throws(StoreError) -> PersonalData? {
        let pseudonym = try database.read { db in
            try String.fetchOne(db, sql: "SELECT s.pseudonym FROM tickets t JOIN subjects s ON s.id = t.subject_id WHERE t.id = ?", arguments: [id])
        }
        guard let pseudonym, let value = Pseudonym(rawValue: pseudonym) else { return nil }
        return try database.subjects.personalData(of: value)
    }

    /// The transfers of a ticket, oldest first.
    package func transfers(ofTicket id: Int64) throws(StoreError) -> [TransferRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT partner, at, message_id FROM transfers WHERE ticket_id = ? ORDER BY at, id", arguments: [id]).map {
                TransferRecord(partner: $0["partner"], at: TicketDatabase.date($0["at"]), messageID: $0["message_id"])
            }
        }
    }
}

extension MailIntake {
    /// Every quarantine entry, oldest first.
    package func quarantine() throws(StoreError) -> [QuarantineRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, reason, received_at FROM quarantine ORDER BY id").map {
                QuarantineRecord(id: $0["id"], reason: $0["reason"], receivedAt: TicketDatabase.date($0["received_at"]))
            }
        }
    }
}

extension OperationsRecord {
    /// Counts for summaries: tickets, quarantine entries, subjects, ingested mails.
    package func totals() throws(StoreError) -> (tickets: Int, quarantined: Int, subjects: Int, ingested: Int) {
        try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM quarantine") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM subjects") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM ingested_messages") ?? 0)
        }
    }
}
