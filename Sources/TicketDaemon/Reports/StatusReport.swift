package import Foundation
package import TicketStore

/// What `ticketd status` shows: the daemon's last poll, what waits (backlog, outbox, quarantine,
/// server erasures), the tickets, the next sweep, holds and restrictions. Counts, times, reason
/// classes and configured names only; never a person's data.
///
/// A value read once (``StatusView``) and rendered here without I/O, as text for the terminal or
/// as one JSON document.
package struct StatusReport: Sendable {
    package var now: Date
    /// The database file.
    package var database: String
    /// `imap.poll_interval` in seconds; nil without an `[imap]` section (serve does not poll).
    package var pollInterval: Int?
    package var lastPoll: PollRecord?
    package var lastSuccessfulPoll: Date?
    package var counts: OperationalCounts
    /// `retention.sweep_at`, `HH:MM` local time.
    package var sweepAt: String
    package var lastSweep: Date?
    /// When the next scheduled sweep runs; nil when one is due (at the next poll).
    package var nextSweep: Date?
    /// `[metrics] textfile`, if configured.
    package var metricsTextfile: String?

    /// Describes a status.
    package init(
        now: Date, database: String, pollInterval: Int?, lastPoll: PollRecord?, lastSuccessfulPoll: Date?, counts: OperationalCounts,
        sweepAt: String, lastSweep: Date?, nextSweep: Date?, metricsTextfile: String?
    ) {
        self.now = now
        self.database = database
        self.pollInterval = pollInterval
        self.lastPoll = lastPoll
        self.lastSuccessfulPoll = lastSuccessfulPoll
        self.counts = counts
        self.sweepAt = sweepAt
        self.lastSweep = lastSweep
        self.nextSweep = nextSweep
        self.metricsTextfile = metricsTextfile
    }

    /// Whether the last poll is so long ago that the daemon is probably not running: three poll
    /// intervals, and never less than the longest back-off (6 minutes), plus a minute.
    package var isStale: Bool {
        guard let interval = pollInterval, let lastPoll else { return false }
        return now.timeIntervalSince(lastPoll.at) > Double(max(3 * interval, 360) + 60)
    }

    /// The mails above the checkpoint at the last poll that were not taken in; nil when the last
    /// poll failed (it may not have looked).
    package var backlog: (new: Int, takenIn: Int, left: Int)? {
        guard let lastPoll, lastPoll.result == .ok, let new = lastPoll.newInMailbox else { return nil }
        return (new, lastPoll.fetched, max(0, new - lastPoll.fetched))
    }

    // MARK: - Text

    /// Aligned lines, one per topic.
    package var text: String {
        var lines: [(String, String)] = []
        lines.append(("last poll", pollLine))
        if let lastPoll, lastPoll.result == .failed {
            lines.append(("last success", lastSuccessfulPoll.map(when) ?? "never"))
        }
        if let backlog {
            lines.append(("backlog", "\(backlog.left) mail\(plural(backlog.left)) left (\(backlog.new) new above the checkpoint at the last poll, \(backlog.takenIn) taken in)"))
        } else {
            lines.append(("backlog", lastPoll == nil ? "unknown (no poll yet)" : "unknown (the last poll failed before it could look)"))
        }
        let outbox = counts.outbox
        var outboxLine = "\(outbox["pending"] ?? 0) pending, \(outbox["held"] ?? 0) held, \(outbox["failed"] ?? 0) failed, \(outbox["sent"] ?? 0) sent"
        if let oldest = counts.oldestPending { outboxLine += "; the oldest pending was queued \(when(oldest))" }
        if (outbox["failed"] ?? 0) > 0 { outboxLine += " (`ticketd outbox` lists the failures)" }
        lines.append(("outbox", outboxLine))
        lines.append(("quarantine", "\(counts.quarantine) mail\(plural(counts.quarantine)) (`ticketd quarantine` lists them)"))
        if let tickets = counts.tickets {
            let states = ["open", "waiting", "closed"].map { "\(tickets.byState[$0] ?? 0) \($0)" }.joined(separator: ", ")
            lines.append(("tickets", "\(states) (\(tickets.archived) archived)"))
            lines.append(("legal holds", "\(tickets.activeHolds) in force"))
            lines.append(("restricted", "\(tickets.restrictedSubjects) data subject\(plural(tickets.restrictedSubjects)) (Art. 18)"))
        }
        lines.append(("next sweep", sweepLine))
        lines.append(("server erasures", counts.serverErasures == 0 ? "none pending"
            : "\(counts.serverErasures) pending (\(counts.serverErasureMails) mail\(plural(counts.serverErasureMails)) still to be expunged on the IMAP server; `ticketd serve` retries on every poll)"))
        lines.append(("requests", counts.requestsOpen == 0 ? "none open"
            : "\(counts.requestsOpen) open, \(counts.requestsOverdue) overdue (`ticketd requests` lists them with their deadlines)"))
        lines.append(("metrics", metricsTextfile.map { "`ticketd serve` writes them to \($0)" } ?? "none (no [metrics] section)"))
        let width = lines.map(\.0.count).max() ?? 0
        return (["ticketd status at \(JSONLogHandler.timestamp(now)), database \(database)"]
            + lines.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }).joined(separator: "\n")
    }

    var pollLine: String {
        guard let poll = lastPoll else {
            return pollInterval == nil ? "never: there is no [imap] section, so `ticketd serve` does not poll" : "never: `ticketd serve` has not polled yet"
        }
        var line = "\(when(poll.at)): "
        switch poll.result {
        case .ok:
            line += "ok in \(String(format: "%.2f", poll.seconds)) s; \(poll.fetched) fetched: \(poll.tickets) ticket\(plural(poll.tickets)), "
                + "\(poll.quarantined) quarantined, \(poll.duplicates) duplicate\(plural(poll.duplicates)), \(poll.threaded) threaded"
        case .failed:
            line += "FAILED (\(poll.failureClass ?? "unknown")"
                + (poll.consecutiveFailures > 1 ? ", \(poll.consecutiveFailures) failures in a row" : "") + "): \(poll.failure ?? "")"
        }
        if isStale, let interval = pollInterval {
            line += "\n  no poll for \(Self.duration(now.timeIntervalSince(poll.at))) although poll_interval is \(interval) s: "
                + "is `ticketd serve` running? (systemctl status ticketd)"
        }
        return line
    }

    var sweepLine: String {
        let last = lastSweep.map { "last \(when($0))" } ?? "none has run yet"
        guard let next = nextSweep else {
            return "due now: `ticketd serve` runs it after its next poll (sweep_at \(sweepAt) local time; \(last))"
        }
        return "\(JSONLogHandler.timestamp(next)) (in \(Self.duration(next.timeIntervalSince(now))); sweep_at \(sweepAt) local time; \(last))"
    }

    /// `2026-11-29T10:00:01.234Z (11 s ago)`.
    func when(_ date: Date) -> String {
        let age = now.timeIntervalSince(date)
        return "\(JSONLogHandler.timestamp(date)) (\(age >= 0 ? "\(Self.duration(age)) ago" : "in \(Self.duration(-age))"))"
    }

    func plural(_ count: Int) -> String { count == 1 ? "" : "s" }

    /// `12 s`, `4 min`, `3 h 5 min`, `2 d 3 h`.
    package static func duration(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds.rounded(.down)))
        if total < 120 { return "\(total) s" }
        let minutes = total / 60
        if minutes < 120 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 48 { return "\(hours) h\(minutes % 60 == 0 ? "" : " \(minutes % 60) min")" }
        return "\(hours / 24) d\(hours % 24 == 0 ? "" : " \(hours % 24) h")"
    }

    // MARK: - JSON

    /// One JSON document; absent values are `null`, so that every key is always there.
    package var json: String {
        let null = NSNull()
        func time(_ date: Date?) -> Any { date.map(JSONLogHandler.timestamp) ?? null }
        func age(_ date: Date?) -> Any { date.map { Int(now.timeIntervalSince($0).rounded(.down)) } ?? null }
        var document: [String: Any] = [
            "now": JSONLogHandler.timestamp(now),
            "database": database,
            "poll_interval_seconds": pollInterval ?? null,
            "stale": isStale,
            "last_successful_poll": lastSuccessfulPoll.map { ["at": time($0), "seconds_ago": age($0)] as [String: Any] } ?? null,
            "quarantine": counts.quarantine,
            "server_erasures": ["pending": counts.serverErasures, "mails": counts.serverErasureMails],
            "requests": ["open": counts.requestsOpen, "overdue": counts.requestsOverdue],
            "sweep": ["sweep_at": sweepAt, "last_at": time(lastSweep), "next_at": time(nextSweep), "due": nextSweep == nil],
            "metrics_textfile": metricsTextfile ?? null,
        ]
        if let poll = lastPoll {
            document["last_poll"] = [
                "at": time(poll.at), "seconds_ago": age(poll.at), "result": poll.result.rawValue,
                "failure_class": poll.failureClass ?? null, "failure": poll.failure ?? null, "consecutive_failures": poll.consecutiveFailures,
                "seconds": poll.seconds, "new_in_mailbox": poll.newInMailbox ?? null, "fetched": poll.fetched, "tickets": poll.tickets,
                "quarantined": poll.quarantined, "duplicates": poll.duplicates, "threaded": poll.threaded,
            ] as [String: Any]
        } else {
            document["last_poll"] = null
        }
        document["backlog"] = backlog.map { ["new_at_last_poll": $0.new, "taken_in": $0.takenIn, "left": $0.left] as [String: Any] } ?? null
        var outbox: [String: Any] = counts.outbox
        outbox["oldest_pending_at"] = time(counts.oldestPending)
        outbox["oldest_pending_age_seconds"] = age(counts.oldestPending)
        document["outbox"] = outbox
        if let tickets = counts.tickets {
            document["tickets"] = tickets.byState.merging(["archived": tickets.archived]) { $1 }
            document["legal_holds"] = tickets.activeHolds
            document["restricted_subjects"] = tickets.restrictedSubjects
        }
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
