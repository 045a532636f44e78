import Foundation
import Synchronization

/// Several lanes for one service whose requests are many and independent (the privacy portal's
/// visitors): each piece of work goes to the next lane in turn, so that reads run side by side
/// on the database's reader connections while writes still queue in SQLite's one writer. One
/// lane per core, at least two and at most four (the database pool has five readers).
package final class BlockingLanes: Sendable {
    private let lanes: [BlockingLane]
    private let next = Atomic<Int>(0)

    /// `count` lanes named after the service; by default one per core within 2...4.
    package init(_ name: String, count: Int = min(4, max(2, ProcessInfo.processInfo.activeProcessorCount))) {
        lanes = (0..<max(1, count)).map { BlockingLane("\(name).\($0)") }
    }

    /// How many lanes there are.
    package var count: Int { lanes.count }

    /// Runs `work` on the next lane and resumes with its result.
    package func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return await lanes[Int(UInt(bitPattern: index) % UInt(lanes.count))].run(work)
    }
}
