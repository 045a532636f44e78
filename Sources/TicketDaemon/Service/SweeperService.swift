import Foundation
import ServiceLifecycle

/// Runs the daily sweep at `sweep_at` (and at start when one was missed), checking once a minute.
struct SweeperService: Service {
    let live: ReloadableRuntime
    let monitor: OutcomeRecorder
    private let lane = BlockingLane("sweeper")

    init(live: ReloadableRuntime, monitor: OutcomeRecorder) {
        self.live = live
        self.monitor = monitor
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            let runtime = live.current
            // The sweep has no mail in hand: it finishes its batch and the checkpoint, then stops.
            let monitor = self.monitor
            await lane.run { ServeSteps.sweepIfDue(runtime, monitor: monitor) }
            if !(await pauseUnlessStopping(60)) { break }
        }
    }
}
