import Dispatch
import Foundation
import Logging
import MailTransport
import Privacy
import Tickets
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The steps of `ticketd serve`: a poll, an outbox pass and a due sweep. `serve --once` runs them
/// once on the calling thread, never on Swift's cooperative pool, since every libcurl and SQLite
/// call in them blocks; `serve` runs them as concurrent services (``ServeServices``).
package enum ServeSteps {
    /// `serve --once`: one poll, one outbox pass and a due sweep; returns the exit status.
    package static func serveOnce(_ runtime: Runtime, stop: StopRequest) -> Int32 {
        guard let imap = mailbox(runtime) else { return 1 }
        let monitor = OutcomeRecorder(runtime)   // status and metrics (Monitoring/OutcomeRecorder.swift)
        logStart(runtime, imap: imap, once: true)
        RedactionRefresh.atStart(runtime)
        let started = Date()
        do throws(PollFailure) {
            let report = try poll(runtime, shouldStop: { stop.isRequested })
            if let smtp = runtime.configuration.smtp, !stop.isRequested {
                monitor.outboxFinished(try sendOutbox(runtime, smtp: smtp, shouldStop: { stop.isRequested }))
            }
            if !stop.isRequested { sweepIfDue(runtime, monitor: monitor) }
            monitor.pollFinished(report, started: started)
            logPoll(report, runtime: runtime, started: started)
            return 0
        } catch {
            monitor.pollFailed(error, started: started)
            runtime.logger.error("poll.failed", metadata: [
                "error": .string(error.description), "attempt": .stringConvertible(1), "retry_in_seconds": .stringConvertible(0),
            ])
            return 1
        }
    }

    /// The mailbox `serve` polls, with libcurl ready; nil (and `serve.not_configured` logged)
    /// without an `[imap]` section.
    static func mailbox(_ runtime: Runtime) -> Configuration.IMAP? {
        guard let imap = runtime.configuration.imap else {
            runtime.logger.error("serve.not_configured", metadata: ["fix": "add an [imap] section to the configuration"])
            return nil
        }
        CurlRuntime.initialize()
        return imap
    }

    static func logStart(_ runtime: Runtime, imap: Configuration.IMAP, once: Bool) {
        runtime.logger.notice("serve.started", metadata: [
            "mailbox": .string(imap.mailbox), "server": .string(imap.url.description),
            "poll_interval_seconds": .stringConvertible(runtime.configuration.pollSeconds), "once": .stringConvertible(once),
        ])
    }

    /// One poll cycle on a fresh IMAP session (the password is read each time, so a rotated
    /// secret takes effect without a restart).
    static func poll(_ runtime: Runtime, progress: @escaping () -> Void = {}, shouldStop: () -> Bool) throws(PollFailure) -> PollReport {
        guard let imap = runtime.configuration.imap else { throw .notConfigured }
        let session = try imapSession(imap)
        session.onProgress = progress
        return try MailboxPoll.cycle(runtime, session: session, progress: progress, shouldStop: shouldStop)
    }

    /// A session on the configured mailbox server, for a poll, a sweep's expunge or an erasure's:
    /// the password file is read now, so that a rotated secret takes effect without a restart.
    static func imapSession(_ imap: Configuration.IMAP) throws(PollFailure) -> IMAPSession {
        let settings: IMAPSettings
        do { settings = try imap.sessionSettings() } catch {
            throw .secretUnreadable(key: "imap.password_file", problem: error)
        }
        CurlRuntime.initialize()
        do { return try IMAPSession(settings: settings) } catch { throw .imap(error) }
    }

    static func logPoll(_ report: PollReport, runtime: Runtime, started: Date) {
        runtime.logger.info("poll.finished", metadata: [
            "fetched": .stringConvertible(report.fetched), "tickets": .stringConvertible(report.tickets),
            "quarantined": .stringConvertible(report.quarantined), "duplicates": .stringConvertible(report.duplicates),
            "requests": .stringConvertible(report.requests), "confirmations": .stringConvertible(report.confirmations),
            "requests_carried_out": .stringConvertible(report.requestsCarriedOut),
            "moved_late": .stringConvertible(report.movedLate), "purged": .stringConvertible(report.purged), "erased_copies": .stringConvertible(report.erasedCopies),
            "seconds": .stringConvertible(OutcomeRecorder.seconds(since: started)),
        ])
    }

    /// The daily sweep, when it is due; a failure is logged and retried at the next check.
    static func sweepIfDue(_ runtime: Runtime, monitor: OutcomeRecorder) {
        guard Sweep.isDue(runtime, now: Date()) else { return }
        do {
            let sweep = try Sweep.run(runtime, now: Date(), dryRun: false)
            monitor.sweepFinished()
            runtime.logger.notice("sweep.scheduled", metadata: ["tickets": .stringConvertible(sweep.tickets.count)])
        } catch {
            monitor.sweepFailed()
            runtime.logger.error("sweep.failed", metadata: ["error": .string(error.description)])
        }
    }

    /// One pass over the outbox on a fresh SMTP session; only a session that cannot be opened fails the cycle.
    static func sendOutbox(_ runtime: Runtime, smtp: Configuration.SMTP, shouldStop: () -> Bool) throws(PollFailure) -> OutboxReport {
        let password: String
        do { password = try smtp.passwordFile.read() } catch {
            throw .secretUnreadable(key: "smtp.password_file", problem: error)
        }
        let settings = SMTPSettings(url: smtp.url.description, username: smtp.username, password: password, caFile: smtp.caFile)
        let session: SMTPSession
        do { session = try SMTPSession(settings: settings) } catch { throw .smtpUnavailable(error) }
        let report = try OutboxPass.run(runtime, session: session, shouldStop: shouldStop)
        if report.sent + report.retried + report.failed > 0 {
            runtime.logger.info("outbox.finished", metadata: [
                "sent": .stringConvertible(report.sent), "deferred": .stringConvertible(report.retried), "failed": .stringConvertible(report.failed),
            ])
        }
        return report
    }

    /// Exponential back-off from 2 s up to 5 minutes, with ±20 % jitter so that many daemons
    /// do not hammer a recovering server in step.
    static func backoff(failures: Int, using generator: inout some RandomNumberGenerator) -> Double {
        let base = min(300.0, 2.0 * pow(2.0, Double(min(failures, 20) - 1)))
        return base * Double.random(in: 0.8...1.2, using: &generator)
    }
}
