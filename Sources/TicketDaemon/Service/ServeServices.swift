import Privacy
import Foundation
import Logging
import MailTransport
package import ServiceLifecycle
import UnixSignals

/// `ticketd serve` as a service (DESIGN §7): the mailbox poller, the outbox sender and the
/// sweeper run as services of one ServiceGroup, beside the watchdog, the SIGHUP reload and the
/// stop notice. SIGTERM and SIGINT shut down gracefully: each loop finishes the mail or batch
/// in hand and returns, and the process exits 0.
package enum ServeServices {
    /// How long the loops get to finish what is in hand before they are cancelled.
    static let gracePeriod: Duration = .seconds(60)

    /// `services` adds what the executable serves besides (the staff API), made from the shared runtime.
    package static func run(
        _ runtime: Runtime, configPath: String, environment: [String: String], logSink: LogSink,
        services: (ReloadableRuntime) -> [ServiceGroupConfiguration.ServiceConfiguration] = { _ in [] }
    ) async -> Int32 {
        guard let imap = ServeSteps.mailbox(runtime) else { return 1 }
        let live = ReloadableRuntime(runtime, configPath: configPath, environment: environment)
        let notifier = SystemdNotifier(environment: environment)
        let heartbeat = Heartbeat()
        // Status and metrics, shared by the loops; making it reads the database, off the pool.
        let monitor = await BlockingLane("start").run { OutcomeRecorder(runtime) }
        ServeSteps.logStart(runtime, imap: imap, once: false)
        // Before the outbox loop starts: copies built by an older redactor must not leave unchecked.
        await BlockingLane("start").run { RedactionRefresh.atStart(runtime) }
        // ServiceLifecycle's own messages are not part of the event catalogue: only its warnings
        // and errors reach the log.
        var groupLogger = runtime.logger
        groupLogger.logLevel = .warning
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: MailboxPollerService(live: live, notifier: notifier, heartbeat: heartbeat, monitor: monitor), serviceName: "poller"),
                .init(service: OutboxSenderService(live: live, heartbeat: heartbeat, monitor: monitor), serviceName: "outbox"),
                .init(service: SweeperService(live: live, monitor: monitor), serviceName: "sweeper"),
                .init(service: WatchdogService(live: live, notifier: notifier, heartbeat: heartbeat), serviceName: "watchdog"),
                .init(service: ReloadService(live: live, notifier: notifier, logSink: logSink), serviceName: "reload"),
                .init(service: StopNoticeService(live: live, notifier: notifier), serviceName: "stop-notice"),
            ] + services(live),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: groupLogger
        )
        configuration.maximumGracefulShutdownDuration = gracePeriod
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            live.current.logger.error("serve.failed", metadata: ["error": .string(ErrorCause.of(error))])
            return 1
        }
        live.current.logger.notice("serve.stopped", metadata: ["reason": "signal"])
        return 0
    }
}

/// Tells systemd and the loops that a graceful shutdown began.
struct StopNoticeService: Service {
    let live: ReloadableRuntime
    let notifier: SystemdNotifier

    func run() async throws {
        try? await gracefulShutdown()
        live.markStopping()
        notifier.stopping()
        live.current.logger.notice("serve.stopping", metadata: ["reason": "signal"])
    }
}
