import Synchronization

/// What each working loop is doing and when it last made progress, for the watchdog.
///
/// A loop marks the start and end of each blocking step and beats while it advances (between
/// mails); a loop waiting for its next round is idle, which is healthy. A step that shows no
/// progress for longer than the watchdog allows is what a hung poll looks like.
package final class Heartbeat: Sendable {
    private struct Step {
        var operation: String
        var lastProgress: ContinuousClock.Instant
    }

    private let steps = Mutex<[String: Step]>([:])

    package init() {}

    /// `loop` starts a blocking `operation`.
    package func begin(_ loop: String, operation: String) {
        steps.withLock { $0[loop] = Step(operation: operation, lastProgress: .now) }
    }

    /// `loop` made progress in its current step.
    package func beat(_ loop: String) {
        steps.withLock { $0[loop]?.lastProgress = .now }
    }

    /// `loop` finished its step and is idle.
    package func end(_ loop: String) {
        steps.withLock { _ = $0.removeValue(forKey: loop) }
    }

    /// The step that has shown no progress for longer than `limit`, if any (the longest first).
    package func stalled(longerThan limit: Duration) -> (loop: String, operation: String, for: Duration)? {
        let now = ContinuousClock.now
        return steps.withLock { steps in
            steps.map { (loop: $0.key, operation: $0.value.operation, for: now - $0.value.lastProgress) }
                .filter { $0.for > limit }
                .max { $0.for < $1.for }
        }
    }
}
