import Foundation
import ServiceLifecycle

/// Runs the daily sweep at `sweep_at` (and at start when one was missed), checking once a minute.
struct SweeperService: Service {
    let live: LiveRuntime
    private let lane = BlockingLane("sweeper")

    init(live: LiveRuntime) { self.live = live }

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            let runtime = live.current
            // The sweep has no mail in hand: it finishes its batch and the checkpoint, then stops.
            await lane.run { Daemon.sweepIfDue(runtime) }
            if !(await pauseUnlessStopping(60)) { break }
        }
    }
}
