import Foundation
import Logging
import ServiceLifecycle

/// Sends `WATCHDOG=1` at half of `WATCHDOG_USEC`, but only while the working loops show
/// progress: a step stuck longer than that (a poll hanging on a server that accepted the
/// connection and never answers) stops the pings, so that systemd restarts the service, and the
/// stuck step is logged with its name.
struct WatchdogService: Service {
    let live: ReloadableRuntime
    let notifier: SystemdNotifier
    let heartbeat: Heartbeat

    func run() async throws {
        guard let interval = notifier.watchdogInterval else {
            // No watchdog: nothing to do but wait for the end.
            try? await gracefulShutdown()
            return
        }
        let period = interval / 2
        let seconds = Double(period.components.seconds) + Double(period.components.attoseconds) / 1e18
        var reported: String?
        while !Task.isShuttingDownGracefully {
            if live.isReady {
                if let stall = heartbeat.stalled(longerThan: period) {
                    let key = "\(stall.loop)/\(stall.operation)"
                    if reported != key {
                        reported = key
                        live.current.logger.error("watchdog.stalled", metadata: [
                            "loop": .string(stall.loop), "operation": .string(stall.operation),
                            "seconds_without_progress": .stringConvertible(Int(stall.for.components.seconds)),
                            "watchdog_seconds": .stringConvertible(Int(interval.components.seconds)),
                        ])
                    }
                } else {
                    if reported != nil {
                        live.current.logger.notice("watchdog.recovered", metadata: ["operation": .string(reported ?? "")])
                        reported = nil
                    }
                    notifier.watchdog()
                }
            }
            if !(await pauseUnlessStopping(seconds)) { break }
        }
    }
}
