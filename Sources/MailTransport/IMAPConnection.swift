internal import Dispatch
internal import Foundation
internal import Synchronization

/// An ``IMAPSession`` on a thread of its own, for async code.
///
/// libcurl blocks for as long as the server takes (up to the configured timeouts), and the
/// cooperative thread pool has one thread per core: IMAP work must never run there. Every call
/// to ``run(_:)`` is carried out on this connection's dedicated thread, in order, with the one
/// session that thread owns, so the connection (and libcurl's selected mailbox) is reused across
/// calls. Cancelling the calling task does not interrupt a command already running; the
/// timeouts in ``IMAPSettings`` bound it.
package final class IMAPConnection: Sendable {
    private let queue: JobQueue

    /// Starts the thread. The session is made on that thread by the first ``run(_:)``; when
    /// making it fails (an invalid URL), that call throws and the next one tries again.
    package init(settings: IMAPSettings) {
        queue = JobQueue()
        let queue = queue
        let thread = Thread {
            var session: IMAPSession?
            while let job = queue.next() {
                job(settings, &session)
            }
            // The session (and its connection: libcurl sends LOGOUT) ends on the thread that used it.
            session = nil
        }
        thread.name = "ticketd-imap"
        thread.start()
    }

    deinit {
        queue.finish()
    }

    /// Runs `body` with the session on the connection's thread and returns its result.
    package func run<Result: Sendable>(
        _ body: @escaping @Sendable (IMAPSession) throws(IMAPError) -> Result
    ) async throws(IMAPError) -> Result {
        let outcome: Swift.Result<Result, IMAPError> = await withCheckedContinuation { continuation in
            let accepted = queue.add { settings, session in
                do throws(IMAPError) {
                    if session == nil { session = try IMAPSession(settings: settings) }
                    continuation.resume(returning: .success(try body(session!)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            if !accepted {
                continuation.resume(returning: .failure(.protocolError(detail: "the IMAP connection was closed")))
            }
        }
        return try outcome.get()
    }

    /// Ends the connection after the calls already queued; later calls fail.
    package func close() {
        queue.finish()
    }
}

/// The work waiting for a connection's thread.
private final class JobQueue: Sendable {
    typealias Job = @Sendable (IMAPSettings, inout IMAPSession?) -> Void

    private struct State {
        var jobs: [Job] = []
        var finished = false
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)

    /// Queues a job; false when the queue is finished.
    func add(_ job: @escaping Job) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted { available.signal() }
        return accepted
    }

    /// Lets the thread run out the queued jobs and then stop.
    func finish() {
        let first = state.withLock { state -> Bool in
            defer { state.finished = true }
            return !state.finished
        }
        if first { available.signal() }
    }

    /// The next job, waiting for one; nil once finished and empty.
    func next() -> Job? {
        while true {
            let (job, done) = state.withLock { state -> (Job?, Bool) in
                if !state.jobs.isEmpty { return (state.jobs.removeFirst(), false) }
                return (nil, state.finished)
            }
            if let job { return job }
            if done { return nil }
            available.wait()
        }
    }
}
