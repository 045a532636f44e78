package import Foundation
import GRDB
import Privacy

/// One poll of the support mailbox as the daemon recorded it: what `ticketd status` shows as the
/// last poll and what the metrics read as the last success. Counts, a reason class and the
/// operator's error text only; never anything from a mail.
package struct PollRecord: Sendable, Hashable, Codable {
    /// How the poll ended.
    package enum Result: String, Sendable, Hashable, Codable {
        case ok
        case failed
    }

    /// When the poll ended.
    package var at: Date
    package var result: Result
    /// A stable class of the failure (`imap_connection`, `imap_tls`, `imap_login`, `store`, ...); nil when ok.
    package var failureClass: String?
    /// The failure as logged, with its fix (phrased for the operator); nil when ok.
    package var failure: String?
    /// How long the cycle took.
    package var seconds: Double
    /// Mails above the checkpoint when the poll looked: the backlog it found. Nil when the poll
    /// failed before it could look.
    package var newInMailbox: Int?
    package var fetched: Int
    package var tickets: Int
    package var quarantined: Int
    package var duplicates: Int
    package var threaded: Int
    /// Failed polls in a row, this one included (0 after a successful poll).
    package var consecutiveFailures: Int

    /// Describes a poll.
    package init(
        at: Date, result: Result, failureClass: String? = nil, failure: String? = nil, seconds: Double, newInMailbox: Int? = nil,
        fetched: Int = 0, tickets: Int = 0, quarantined: Int = 0, duplicates: Int = 0, threaded: Int = 0, consecutiveFailures: Int = 0
    ) {
        self.at = at
        self.result = result
        self.failureClass = failureClass
        self.failure = failure
        self.seconds = seconds
        self.newInMailbox = newInMailbox
        self.fetched = fetched
        self.tickets = tickets
        self.quarantined = quarantined
        self.duplicates = duplicates
        self.threaded = threaded
        self.consecutiveFailures = consecutiveFailures
    }
}

/// What every sweep so far did, summed over the database's life (not the process's): the
/// metrics expose these as counters that survive restarts.
package struct SweepTotals: Sendable, Hashable {
    /// Tickets acted on, by action (`anonymize`, `erase`, `restrict`).
    package var tickets: [String: Int]
    /// Quarantined mails erased because their `quarantine_period` was over.
    package var quarantineExpired: Int

    /// Describes the totals.
    package init(tickets: [String: Int] = [:], quarantineExpired: Int = 0) {
        self.tickets = tickets
        self.quarantineExpired = quarantineExpired
    }
}

/// The daemon's own state in the `meta` table, beside `last_sweep_at` (Retention.swift): kept in
/// the database rather than in memory so that `ticketd status`, a separate process, can read it.
extension TicketDatabase {
    static let lastPollKey = "daemon.last_poll"
    static let lastSuccessfulPollKey = "daemon.last_successful_poll_at"
    static let sweepTicketsKeyPrefix = "sweep.tickets_total."
    static let sweepQuarantineKey = "sweep.quarantine_expired_total"

    static func setMeta(_ key: String, _ value: String, in db: Database) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    /// Adds to a number kept as text in `meta` (STRICT: the column is TEXT).
    static func addToMeta(_ key: String, _ amount: Int, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO meta (key, value) VALUES (?, ?)
            ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + ? AS TEXT)
            """, arguments: [key, String(amount), amount])
    }
}

extension OperationsRecord {
    /// Records a poll; a successful one also becomes the last success.
    package func recordPoll(_ poll: PollRecord) throws(StoreError) {
        let encoded: String
        do { encoded = String(decoding: try JSONEncoder.sorted.encode(poll), as: UTF8.self) } catch {
            // Named by its kind: an encoder's own text may quote the value it failed on.
            throw .sqlite(code: -1, message: "the poll record could not be encoded: \(ErrorCause.of(error))")
        }
        try database.write { db in
            try TicketDatabase.setMeta(TicketDatabase.lastPollKey, encoded, in: db)
            if poll.result == .ok {
                try TicketDatabase.setMeta(TicketDatabase.lastSuccessfulPollKey, String(TicketDatabase.milliseconds(poll.at)), in: db)
            }
        }
    }

    /// The last poll the daemon recorded, or nil before the first.
    package func lastPoll() throws(StoreError) -> PollRecord? {
        let text = try database.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [TicketDatabase.lastPollKey]) }
        // A record this version cannot database.read (written by a newer one) counts as none rather than failing `status`.
        return text.flatMap { try? JSONDecoder().decode(PollRecord.self, from: Data($0.utf8)) }
    }

    /// When a poll last succeeded, or nil when none has.
    package func lastSuccessfulPoll() throws(StoreError) -> Date? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [TicketDatabase.lastSuccessfulPollKey])
                .flatMap { Int64($0) }.map(TicketDatabase.date)
        }
    }

    /// Adds one sweep's counts to the totals, in one transaction.
    package func addSweepTotals(_ totals: SweepTotals) throws(StoreError) {
        try database.write { db in
            for (action, count) in totals.tickets where count > 0 {
                try TicketDatabase.addToMeta(TicketDatabase.sweepTicketsKeyPrefix + action, count, in: db)
            }
            if totals.quarantineExpired > 0 { try TicketDatabase.addToMeta(TicketDatabase.sweepQuarantineKey, totals.quarantineExpired, in: db) }
        }
    }

    /// Every sweep's counts so far.
    package func sweepTotals() throws(StoreError) -> SweepTotals {
        try database.read { db in
            var totals = SweepTotals()
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key LIKE 'sweep.%'") {
                let key: String = row["key"]
                let value = Int(row["value"] as String) ?? 0
                if key == TicketDatabase.sweepQuarantineKey {
                    totals.quarantineExpired = value
                } else if key.hasPrefix(TicketDatabase.sweepTicketsKeyPrefix) {
                    totals.tickets[String(key.dropFirst(TicketDatabase.sweepTicketsKeyPrefix.count))] = value
                }
            }
            return totals
        }
    }
}
