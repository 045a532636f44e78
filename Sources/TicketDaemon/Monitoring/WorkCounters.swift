import Tickets

/// What the daemon did since it started, in counts: the counters of the metrics file.
///
/// A value with one `record` per kind of work, so that the counting is tested without a daemon;
/// ``SharedCounters`` keeps the one instance the daemon's parts share.
package struct WorkCounters: Sendable, Hashable {
    /// Poll cycles that ended well and that failed.
    package var pollsOK = 0
    package var pollsFailed = 0
    package var mailsFetched = 0
    package var ticketsCreated = 0
    /// Quarantined mails by reason; every reason is present (at zero), so that a first
    /// quarantine shows as an increase, not as a new series.
    package var quarantined: [String: Int] = Dictionary(uniqueKeysWithValues: QuarantineReason.allCases.map { ($0.rawValue, 0) })
    package var threaded = 0
    package var duplicates = 0
    package var outboxSent = 0
    /// Attempts that failed for now and will be retried (4xx, the server unreachable).
    package var outboxDeferred = 0
    /// Items that failed for good (5xx, too many attempts).
    package var outboxFailed = 0
    /// Outbox passes that could not even start (no SMTP session).
    package var outboxPassesFailed = 0
    package var sweepsOK = 0
    package var sweepsFailed = 0

    /// All zero.
    package init() {}

    /// A poll cycle that ended well.
    package mutating func record(_ poll: PollReport) {
        pollsOK += 1
        mailsFetched += poll.fetched
        ticketsCreated += poll.tickets
        for (reason, count) in poll.quarantinedByReason { quarantined[reason, default: 0] += count }
        threaded += poll.threaded
        duplicates += poll.duplicates
    }

    /// A poll cycle that failed.
    package mutating func recordPollFailure() { pollsFailed += 1 }

    /// One pass over the outbox.
    package mutating func record(_ outbox: OutboxReport) {
        outboxSent += outbox.sent
        outboxDeferred += outbox.retried
        outboxFailed += outbox.failed
    }

    /// An outbox pass that could not start.
    package mutating func recordOutboxFailure() { outboxPassesFailed += 1 }

    /// A sweep that finished.
    package mutating func recordSweep() { sweepsOK += 1 }

    /// A sweep that failed.
    package mutating func recordSweepFailure() { sweepsFailed += 1 }
}
