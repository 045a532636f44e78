package import Foundation
package import TicketStore

/// The levels the metrics read from the database rather than count in memory: what waits in the
/// outbox and the quarantine, when a poll and a sweep last succeeded, and what every sweep did.
/// Read from the database, they are right after a restart and whoever changed them (the daemon,
/// or a command run by hand).
package struct MetricsGauges: Sendable, Hashable {
    package var counts: OperationalCounts
    package var lastSuccessfulPoll: Date?
    package var lastSweep: Date?
    package var sweepTotals: SweepTotals

    /// Describes the gauges.
    package init(counts: OperationalCounts, lastSuccessfulPoll: Date?, lastSweep: Date?, sweepTotals: SweepTotals) {
        self.counts = counts
        self.lastSuccessfulPoll = lastSuccessfulPoll
        self.lastSweep = lastSweep
        self.sweepTotals = sweepTotals
    }

    /// Reads them; cheap enough for every poll (no table is read whole but the outbox).
    package static func read(_ database: TicketDatabase, now: Date) throws(StoreError) -> MetricsGauges {
        MetricsGauges(
            counts: try database.operations.counts(at: now, includingTickets: false),
            lastSuccessfulPoll: try database.operations.lastSuccessfulPoll(),
            lastSweep: try database.retention.lastSweep(),
            sweepTotals: try database.operations.sweepTotals()
        )
    }
}
