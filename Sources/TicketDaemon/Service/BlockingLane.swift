import Dispatch

/// A thread of its own for one service's blocking work (libcurl transfers, SQLite transactions),
/// so that none of it runs on Swift's cooperative thread pool, whose few threads the other
/// services and the signal handling need.
package struct BlockingLane: Sendable {
    private let queue: DispatchQueue

    /// A lane named after its service (the name shows in debuggers and stack dumps).
    package init(_ name: String) {
        queue = DispatchQueue(label: "ticketd.\(name)")
    }

    /// Runs `work` on the lane and resumes with its result.
    package func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
