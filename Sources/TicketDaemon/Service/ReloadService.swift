import Foundation
import Logging
import ServiceLifecycle
import Tickets
import UnixSignals

/// SIGHUP: reads and validates the configuration again. A valid one is put in force between
/// rounds (each service picks it up at its next round); an invalid one is refused with its
/// problems logged, and the old one stays.
struct ReloadService: Service {
    let live: ReloadableRuntime
    let notifier: SystemdNotifier
    let logSink: LogSink

    func run() async throws {
        let live = self.live, notifier = self.notifier, logSink = self.logSink
        // Reading the configuration and its secret files is file I/O: on a lane of its own.
        let lane = BlockingLane("reload")
        await cancelWhenGracefulShutdown {
            for await _ in await UnixSignalsSequence(trapping: .sighup) {
                notifier.reloading()
                switch await lane.run({ live.reload(logSink: logSink) }) {
                case .success(let configuration):
                    live.current.logger.notice("config.reloaded", metadata: [
                        "file": .string(live.configPath), "poll_interval_seconds": .stringConvertible(configuration.pollSeconds),
                        "log_level": .string(configuration.logging.level.rawValue),
                    ])
                    notifier.ready(status: "configuration reloaded")
                case .failure(.invalid(let file, let problems)):
                    live.current.logger.error("config.reload_rejected", metadata: [
                        "file": .string(file), "problems": .stringConvertible(problems.count),
                        "first": .string(problems.first.map(\.description) ?? ""), "kept": "the configuration in force",
                    ])
                    notifier.ready(status: "reload refused: \(problems.count) problem(s) in \(file); the old configuration stays")
                case .failure(.needsRestart(let key)):
                    live.current.logger.error("config.reload_rejected", metadata: [
                        "file": .string(live.configPath), "key": .string(key),
                        "fix": "a change of \(key) needs a restart (systemctl restart ticketd)", "kept": "the configuration in force",
                    ])
                    notifier.ready(status: "reload refused: \(key) changed, which needs a restart")
                }
            }
        }
    }
}
