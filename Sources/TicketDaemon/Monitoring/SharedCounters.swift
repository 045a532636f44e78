import Synchronization

/// The daemon's counters, shared by the parts of the daemon that do the work (the poll, the
/// outbox pass, the sweep), each of which may run on its own thread or task.
///
/// A class only to be shared; the counting itself is the value type ``WorkCounters`` under a
/// lock, so an update is never lost and a reader always sees a consistent set.
package final class SharedCounters: Sendable {
    private let counters = Mutex(WorkCounters())

    /// Counters at zero, as at the start of a process.
    package init() {}

    /// Changes the counters under the lock.
    package func update(_ change: (inout WorkCounters) -> Void) {
        counters.withLock { change(&$0) }
    }

    /// A copy of the counters as they are now.
    package var current: WorkCounters { counters.withLock { $0 } }
}
