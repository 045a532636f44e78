import Foundation
import Logging
import ServiceLifecycle
import Tickets

/// Sends what the outbox holds every `poll_interval`, on a lane of its own, so that a slow mail
/// server for outgoing mail never holds up taking mail in (and the other way round).
struct OutboxSenderService: Service {
    static let loop = "outbox"
    let live: ReloadableRuntime
    let heartbeat: Heartbeat
    let monitor: OutcomeRecorder
    private let lane = BlockingLane("outbox")

    init(live: ReloadableRuntime, heartbeat: Heartbeat, monitor: OutcomeRecorder) {
        self.live = live
        self.heartbeat = heartbeat
        self.monitor = monitor
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            let runtime = live.current
            if let smtp = runtime.configuration.smtp {
                heartbeat.begin(Self.loop, operation: "outbox.send")
                let live = self.live, heartbeat = self.heartbeat, monitor = self.monitor
                let failure: PollFailure? = await lane.run {
                    do throws(PollFailure) {
                        monitor.outboxFinished(try ServeSteps.sendOutbox(runtime, smtp: smtp, shouldStop: {
                            heartbeat.beat(Self.loop)
                            return live.isStopping
                        }))
                        return nil
                    } catch {
                        monitor.outboxFailed()
                        return error
                    }
                }
                heartbeat.end(Self.loop)
                if let failure {
                    runtime.logger.error("outbox.failed", metadata: ["error": .string(failure.description)])
                }
            }
            let interval = Double(runtime.configuration.pollSeconds)
            if !(await pauseUnlessStopping(interval)) { break }
        }
    }
}
