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

/// A stop request from SIGTERM or SIGINT, which the loop checks between mails and while it waits.
package final class StopRequest: Sendable {
    private let requested = Atomic<Bool>(false)
    private let wakeUp = DispatchSemaphore(value: 0)

    package init() {}

    /// Routes SIGTERM and SIGINT here instead of killing the process, for as long as the
    /// returned handlers are kept.
    package func installSignalHandlers() -> SignalHandlers {
        var sources: [any DispatchSourceSignal] = []
        for signal in [SIGTERM, SIGINT] {
            Glibc.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { [weak self] in self?.request() }
            source.resume()
            sources.append(source)
        }
        return SignalHandlers(sources: sources)
    }

    /// Asks the loop to stop after the mail in hand.
    package func request() {
        requested.store(true, ordering: .sequentiallyConsistent)
        wakeUp.signal()
    }

    package var isRequested: Bool { requested.load(ordering: .sequentiallyConsistent) }

    /// Sleeps for `seconds` or until a stop is requested; true when stopping.
    package func wait(seconds: Double) -> Bool {
        if isRequested { return true }
        _ = wakeUp.wait(timeout: .now() + seconds)
        return isRequested
    }
}

/// The installed signal sources; dropping them stops the routing.
package final class SignalHandlers {
    private let sources: [any DispatchSourceSignal]

    init(sources: [any DispatchSourceSignal]) { self.sources = sources }

    deinit { for source in sources { source.cancel() } }
}

/// `ticketd serve [--once]`: poll the support mailbox every `poll_interval`, back off on failure.
///
/// The loop runs on the calling thread, never on Swift's cooperative pool, since every libcurl
/// and SQLite call in it blocks.
package enum Daemon {
    /// Runs until stopped (or one cycle with `once`); returns the exit status.
    ///
    /// This is the loop of `serve --once` and of a foreground run without systemd's help; the
    /// service (``DaemonLifecycle``) runs the same steps as concurrent services.
    package static func serve(_ runtime: Runtime, once: Bool, stop: StopRequest) -> Int32 {
        guard let imap = runtime.configuration.imap else {
            runtime.logger.error("serve.not_configured", metadata: ["fix": "add an [imap] section to the configuration"])
            return 1
        }
        let logger = runtime.logger
        CurlRuntime.initialize()
        let interval = Double(imap.pollInterval.fixedSeconds ?? 30)
        var failures = 0
        var generator = SystemRandomNumberGenerator()
        let monitor = DaemonMonitor(runtime)   // status and metrics (Monitoring/DaemonMonitor.swift)
        logStart(runtime, imap: imap, once: once)
        while true {
            let started = Date()
            var failed = false
            do throws(PollFailure) {
                let report = try poll(runtime, shouldStop: { stop.isRequested })
                if let smtp = runtime.configuration.smtp, !stop.isRequested {
                    monitor.outboxFinished(try sendOutbox(runtime, smtp: smtp, shouldStop: { stop.isRequested }))
                }
                if !stop.isRequested { sweepIfDue(runtime, monitor: monitor) }
                failures = 0
                monitor.pollFinished(report, started: started)
                logPoll(report, runtime: runtime, started: started)
            } catch {
                failed = true
                failures += 1
                monitor.pollFailed(error, started: started)
                let delay = backoff(failures: failures, using: &generator)
                logger.error("poll.failed", metadata: [
                    "error": .string(error.description), "attempt": .stringConvertible(failures),
                    "retry_in_seconds": .stringConvertible(once ? 0 : Int(delay.rounded())),
                ])
                if once { return 1 }
                if stop.wait(seconds: delay) { break }
                continue
            }
            if once { return failed ? 1 : 0 }
            if stop.wait(seconds: interval) { break }
        }
        logger.notice("serve.stopped", metadata: ["reason": "signal"])
        return 0
    }

    static func logStart(_ runtime: Runtime, imap: Configuration.IMAP, once: Bool) {
        runtime.logger.notice("serve.started", metadata: [
            "mailbox": .string(imap.mailbox), "server": .string(imap.url.description),
            "poll_interval_seconds": .stringConvertible(imap.pollInterval.fixedSeconds ?? 30), "once": .stringConvertible(once),
        ])
    }

    /// One poll cycle on a fresh IMAP session (the password is read each time, so a rotated
    /// secret takes effect without a restart).
    static func poll(_ runtime: Runtime, progress: @escaping () -> Void = {}, shouldStop: () -> Bool) throws(PollFailure) -> PollReport {
        guard let imap = runtime.configuration.imap else { throw .notConfigured }
        let session = try imapSession(imap)
        session.onProgress = progress
        return try MailboxPoll.cycle(runtime, session: session, shouldStop: shouldStop)
    }

    /// A session on the configured mailbox server, for a poll, a sweep's expunge or an erasure's:
    /// the password file is read now, so that a rotated secret takes effect without a restart.
    static func imapSession(_ imap: Configuration.IMAP) throws(PollFailure) -> IMAPSession {
        let settings: IMAPSettings
        do { settings = try imap.sessionSettings() } catch {
            throw .other("imap.password_file: \(error.message). Fix: \(error.fix)")
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
            "seconds": .stringConvertible((Date().timeIntervalSince(started) * 1000).rounded() / 1000),
        ])
    }

    /// The daily sweep, when it is due; a failure is logged and retried at the next check.
    static func sweepIfDue(_ runtime: Runtime, monitor: DaemonMonitor) {
        guard Sweep.isDue(runtime, now: Date()) else { return }
        do {
            let sweep = try Sweep.run(runtime, now: Date(), dryRun: false)
            monitor.sweepFinished(sweep)
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
            throw .other("smtp.password_file: \(error.message). Fix: \(error.fix)")
        }
        let settings = SMTPSettings(url: smtp.url.description, username: smtp.username, password: password, caFile: smtp.caFile)
        let session: SMTPSession
        do { session = try SMTPSession(settings: settings) } catch { throw .other(error.description) }
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
