package import Foundation
import TicketStore
import Tickets

/// `ticketd status [--json]`: how the daemon and its queues stand, read from the database only
/// (it works while the daemon runs, after it stopped, and on a database it never touched).
package enum StatusView {
    /// The status as aligned text, or one JSON document.
    package static func show(_ runtime: Runtime, now: Date = Date(), json: Bool) throws(OperatorError) -> String {
        let report = try read(runtime, now: now)
        return json ? report.json : report.text
    }

    /// Reads everything the status shows.
    package static func read(_ runtime: Runtime, now: Date) throws(OperatorError) -> StatusReport {
        let configuration = runtime.configuration
        do {
            let lastSweep = try runtime.database.retention.lastSweep()
            let schedule = configuration.retention.sweepAt
            return StatusReport(
                now: now, database: configuration.storage.database, pollInterval: configuration.imap.map { _ in configuration.pollSeconds },
                lastPoll: try runtime.database.operations.lastPoll(), lastSuccessfulPoll: try runtime.database.operations.lastSuccessfulPoll(),
                counts: try runtime.database.operations.counts(at: now, includingTickets: true),
                sweepAt: String(format: "%02d:%02d", schedule.hour, schedule.minute), lastSweep: lastSweep,
                nextSweep: nextSweep(after: now, lastSweep: lastSweep, hour: schedule.hour, minute: schedule.minute),
                metricsTextfile: configuration.metrics?.textfile
            )
        } catch {
            throw .store(error)
        }
    }

    /// The next scheduled sweep after `now`, or nil when one is due already (none has run since
    /// the latest `sweep_at`), by the rule ``Sweep/isDue(_:now:)`` applies.
    static func nextSweep(after now: Date, lastSweep: Date?, hour: Int, minute: Int, calendar: Calendar = .current) -> Date? {
        let scheduled = Sweep.lastScheduled(before: now, hour: hour, minute: minute, calendar: calendar)
        guard let lastSweep, lastSweep >= scheduled else { return nil }
        return calendar.date(byAdding: .day, value: 1, to: scheduled)
    }
}
