import ArgumentParser
import Foundation
import TicketDaemon

/// `ticketd serve [--once]`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: poll the support mailbox every poll_interval and take in new mail.",
        discussion: """
        Logs go to standard output as JSON lines with journald priorities. SIGTERM or SIGINT stops the daemon \
        after the mail in hand is committed. With --once: one poll, then exit (non-zero when it failed).
        """
    )

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Run one cycle and exit.") var once = false

    func run() throws {
        let runtime: Runtime
        do {
            runtime = try Runtime.open(configPath: options.config, environment: Terminal.environment, logSink: .standardOutput)
        } catch {
            throw Terminal.fail(error.description)
        }
        let stop = StopRequest()
        let handlers = stop.installSignalHandlers()
        let status = withExtendedLifetime(handlers) { Daemon.serve(runtime, once: once, stop: stop) }
        if status != 0 { throw ExitCode(status) }
    }
}
