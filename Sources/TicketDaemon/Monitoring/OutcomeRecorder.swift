package import Foundation
import Logging
import Synchronization
import TicketStore

/// What the daemon tells its operator besides the log: each poll's time and outcome in the
/// database (for `ticketd status`), and the metrics file (`[metrics] textfile`).
///
/// The daemon's loop calls one method when a piece of work ends: ``pollFinished(_:started:)`` or
/// ``pollFailed(_:started:)``, ``outboxFinished(_:)`` or ``outboxFailed()``,
/// ``sweepFinished()`` or ``sweepFailed()``. Each counts, records and rewrites the metrics
/// file. One monitor is shared by whatever runs the work (it is `Sendable`; the counters and the
/// file writes are serialized inside), so a poll, an outbox pass and a sweep may each run in a
/// service of their own.
///
/// Nothing here may stop the daemon: a failure to record or to write is logged and the work goes on.
package final class OutcomeRecorder: Sendable {
    /// The counters since the start; the metrics file is their only reader.
    private let metrics = SharedCounters()
    private let runtime: Runtime
    private let textfile: MetricsTextfile?
    private let startedAt: Date
    /// Held while a snapshot is taken and written, so that an older snapshot never replaces a
    /// newer one (counters going back would look like a restart to Prometheus); true while
    /// writes fail, so that a broken directory is logged once, not on every poll.
    private let publishing = Mutex(false)

    /// A monitor for the daemon that `runtime` configures; writes the metrics file at once, so
    /// that it exists (with every counter at zero) from the start.
    package init(_ runtime: Runtime, startedAt: Date = Date()) {
        self.runtime = runtime
        self.textfile = runtime.configuration.metrics.map { MetricsTextfile(path: $0.textfile) }
        self.startedAt = startedAt
        publish()
    }

    // MARK: - The hooks

    /// A poll cycle ended well.
    package func pollFinished(_ report: PollReport, started: Date) {
        metrics.update { $0.record(report) }
        record(PollRecord(
            at: runtime.database.now(), result: .ok, seconds: Self.seconds(since: started), newInMailbox: report.newInMailbox,
            fetched: report.fetched, tickets: report.tickets, quarantined: report.quarantined, duplicates: report.duplicates,
            threaded: report.threaded
        ))
        publish()
    }

    /// A poll cycle failed.
    package func pollFailed(_ failure: PollFailure, started: Date) {
        metrics.update { $0.recordPollFailure() }
        let previous = ((try? runtime.database.operations.lastPoll()) ?? nil)?.consecutiveFailures ?? 0
        record(PollRecord(
            at: runtime.database.now(), result: .failed, failureClass: failure.failureClass,
            failure: String(failure.description.prefix(1000)), seconds: Self.seconds(since: started), consecutiveFailures: previous + 1
        ))
        publish()
    }

    /// A pass over the outbox ended (whatever each item's outcome).
    package func outboxFinished(_ report: OutboxReport) {
        metrics.update { $0.record(report) }
        publish()
    }

    /// A pass over the outbox could not start (no SMTP session).
    package func outboxFailed() {
        metrics.update { $0.recordOutboxFailure() }
        publish()
    }

    /// A retention sweep finished (it recorded its time and totals in the database itself).
    package func sweepFinished() {
        metrics.update { $0.recordSweep() }
        publish()
    }

    /// A retention sweep failed.
    package func sweepFailed() {
        metrics.update { $0.recordSweepFailure() }
        publish()
    }

    // MARK: - Recording and publishing

    private func record(_ poll: PollRecord) {
        do { try runtime.database.operations.recordPoll(poll) } catch {
            runtime.logger.warning("status.record_failed", metadata: ["error": .string(error.description)])
        }
    }

    /// Writes the metrics file now (nothing without `[metrics]`).
    package func publish() {
        guard let textfile else { return }
        publishing.withLock { failing in
            let gauges: MetricsGauges?
            do throws(StoreError) { gauges = try MetricsGauges.read(runtime.database, now: runtime.database.now()) } catch {
                runtime.logger.warning("metrics.gauges_unreadable", metadata: ["error": .string(error.description)])
                gauges = nil
            }
            let text = PrometheusText.render(MetricsSnapshot(counters: metrics.current, gauges: gauges, startedAt: startedAt).families)
            do throws(MetricsTextfile.WriteError) {
                try textfile.write(text)
                if failing {
                    failing = false
                    runtime.logger.notice("metrics.write_recovered", metadata: ["path": .string(textfile.path)])
                }
            } catch {
                if !failing {
                    failing = true
                    runtime.logger.warning("metrics.write_failed", metadata: ["path": .string(textfile.path), "error": .string(error.description)])
                }
            }
        }
    }

    static func seconds(since started: Date) -> Double {
        (Date().timeIntervalSince(started) * 1000).rounded() / 1000
    }
}
