import ArgumentParser
import Foundation
import Synchronization
import TicketAPI
import TicketDaemon
import TicketPortal

/// `ticketd serve [--once]`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: poll the support mailbox every poll_interval and take in new mail.",
        discussion: """
        Logs go to standard output as JSON lines with journald priorities. SIGTERM or SIGINT stops the daemon \
        after the mail in hand is committed; SIGHUP reloads the configuration (an invalid one is refused and the \
        old one stays). Under systemd (Type=notify) it reports READY=1 after the first poll, STATUS=, \
        RELOADING=1, STOPPING=1, and WATCHDOG=1 while its loops make progress. With --once: one poll, one \
        outbox pass and a due sweep, then exit (non-zero when the poll failed).
        """
    )

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Run one cycle and exit.") var once = false

    func run() throws {
        let runtime: Runtime
        do {
            runtime = try Runtime.open(configPath: options.config, environment: Terminal.environment, logSink: .standardOutput)
        } catch {
            _ = Terminal.fail(error.description)
            // EX_CONFIG: a broken configuration is not cured by restarting, and the unit's
            // RestartPreventExitStatus=78 tells systemd so.
            if case .configuration = error { throw ExitCode(78) }
            throw ExitCode.failure
        }
        let status: Int32
        if once {
            let stop = StopRequest()
            let handlers = stop.installSignalHandlers()
            status = withExtendedLifetime(handlers) { ServeSteps.serveOnce(runtime, stop: stop) }
        } else {
            status = Self.runService(runtime, configPath: ConfigurationLoader.path(option: options.config, environment: Terminal.environment))
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Runs the service group on Swift's concurrency pool while this (main) thread waits: the
    /// command-line parser is synchronous, the service is not.
    static func runService(_ runtime: Runtime, configPath: String) -> Int32 {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Int32>(1)
        Task {
            let status = await ServeServices.run(runtime, configPath: configPath, environment: Terminal.environment, logSink: .standardOutput,
                                                     services: { live in
                                                         // The shells beside the loops: the staff API and the privacy portal, each when configured.
                                                         StaffAPIService.services(for: runtime)(live) + PortalService.services(for: runtime)(live)
                                                     })
            result.withLock { $0 = status }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }
}
