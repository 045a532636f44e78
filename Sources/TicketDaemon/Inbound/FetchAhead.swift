import Foundation
import MailTransport

/// Fetches a poll's new mails ahead of the poll that takes them in, so that the next mails travel
/// from the server while the ones before them are parsed, sealed and committed.
///
/// It works on the poll's own IMAP session, handed to its thread for the time of the fetching and
/// handed back by ``finish()``: one connection does the fetching and, between fetches, the moves
/// the poll asks for once a batch is committed. (With a second connection each session is told of
/// the other's changes: the flags set by thousands of fetches, the expunges of thousands of moves,
/// all delivered with its next answer, which libcurl then refuses as too large.)
///
/// The mails wait in a bounded buffer (a count and a byte budget), so memory stays bounded for
/// any backlog: when the poll falls behind, the fetcher waits. The poll receives them in UID
/// order; a fetch that fails is handed over in the place of its mail, and the fetcher stops there,
/// so nothing after a failed mail can be committed ahead of it.
///
/// The session is any ``MailboxIntake``: the real ``IMAPSession``, or a test's in-memory twin.
final class FetchAhead<Session: MailboxIntake>: @unchecked Sendable {
    /// One fetched mail, or the error that took its place.
    enum Fetched {
        case mail(uid: UInt32, bytes: [UInt8])
        case failed(uid: UInt32, error: IMAPError)
    }

    /// What waiting for the next mail gave.
    enum Next {
        case fetched(Fetched)
        /// The deadline passed first.
        case timedOut
        /// Every mail was handed over (or a failure was).
        case finished
    }

    /// A move the poll asked for, done by the fetcher's thread between two fetches.
    private struct MoveRequest {
        var uids: [UInt32]
        var result: Result<[UInt32: MoveResult], IMAPError>?
    }

    private let condition = NSCondition()
    // All below guarded by `condition`.
    private var buffer: [Fetched] = []
    private var bufferedBytes = 0
    private var fetchingDone = false
    private var threadDone = false
    private var cancelled = false
    private var moveRequest: MoveRequest?
    /// The session, owned by the fetcher's thread from `init` until `threadDone`.
    private let session: Session
    private let mailbox: String
    private let target: String
    private let capacity: Int
    private let byteBudget: Int

    /// Starts fetching `uids` from `mailbox` on a thread of its own (blocking libcurl calls stay
    /// off Swift's cooperative pool), with `session`, which the caller must not use until
    /// ``finish()`` returns it. Moves go from `mailbox` to `target`.
    init(session: Session, uids: [UInt32], mailbox: String, target: String, capacity: Int, byteBudget: Int) {
        self.session = session
        self.mailbox = mailbox
        self.target = target
        self.capacity = max(1, capacity)
        self.byteBudget = byteBudget
        let thread = Thread { [self] in run(uids) }
        thread.name = "ticketd-fetch"
        thread.start()
    }

    /// The next mail in UID order, waiting for it until `deadline` (nil: as long as it takes).
    func next(until deadline: Date? = nil) -> Next {
        condition.lock()
        defer { condition.unlock() }
        while buffer.isEmpty && !fetchingDone {
            if let deadline {
                if !condition.wait(until: deadline) && buffer.isEmpty && !fetchingDone { return .timedOut }
            } else {
                condition.wait()
            }
        }
        guard !buffer.isEmpty else { return .finished }
        let first = buffer.removeFirst()
        if case .mail(_, let bytes) = first { bufferedBytes -= bytes.count }
        condition.broadcast()
        return .fetched(first)
    }

    /// Moves committed mails, on the fetcher's connection, before its next fetch; waits for the answer.
    func move(_ uids: [UInt32]) throws(IMAPError) -> [UInt32: MoveResult] {
        guard !uids.isEmpty else { return [:] }
        condition.lock()
        defer { condition.unlock() }
        if threadDone {
            // The fetching ended: the session is idle, and this thread may use it.
            return try session.move(uids: uids, from: mailbox, to: target)
        }
        moveRequest = MoveRequest(uids: uids, result: nil)
        condition.broadcast()
        while moveRequest?.result == nil && !threadDone { condition.wait() }
        let result = moveRequest?.result
        moveRequest = nil
        guard let result else { return try session.move(uids: uids, from: mailbox, to: target) }
        return try result.get()
    }

    /// Stops fetching (mails not yet taken stay above the checkpoint on the server and are
    /// fetched again by the next poll), waits for the fetcher's thread, and returns the session.
    func finish() -> Session {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !threadDone { condition.wait() }
        condition.unlock()
        return session
    }

    private func run(_ uids: [UInt32]) {
        for uid in uids {
            guard serveMoves(), !isCancelled else { break }
            var fetched: Fetched
            var size = 0
            do {
                let bytes = try session.fetch(uid: uid, in: mailbox)
                size = bytes.count
                fetched = .mail(uid: uid, bytes: bytes)
            } catch {
                fetched = .failed(uid: uid, error: error)
            }
            guard hand(fetched, bytes: size) else { break }
            if case .failed = fetched { break }
        }
        condition.lock()
        fetchingDone = true
        condition.broadcast()
        // Moves are still served until the poll is done with the fetched mails.
        while !cancelled {
            if moveRequest != nil && moveRequest?.result == nil { performMove() } else { condition.wait() }
        }
        threadDone = true
        condition.broadcast()
        condition.unlock()
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Performs a waiting move request; false when cancelled.
    private func serveMoves() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if moveRequest != nil && moveRequest?.result == nil { performMove() }
        return !cancelled
    }

    /// Called with `condition` locked.
    private func performMove() {
        guard let uids = moveRequest?.uids else { return }
        // The lock is held through the command: the poll is waiting for this answer anyway.
        do { moveRequest?.result = .success(try session.move(uids: uids, from: mailbox, to: target)) } catch { moveRequest?.result = .failure(error) }
        condition.broadcast()
    }

    /// Puts a mail into the buffer once there is room, serving moves while it waits; false when cancelled.
    private func hand(_ fetched: Fetched, bytes: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        // A single mail larger than the budget still goes through, alone.
        while !cancelled && !buffer.isEmpty && (buffer.count >= capacity || bufferedBytes + bytes > byteBudget) {
            if moveRequest != nil && moveRequest?.result == nil { performMove() } else { condition.wait() }
        }
        guard !cancelled else { return false }
        buffer.append(fetched)
        bufferedBytes += bytes
        condition.broadcast()
        return true
    }
}
