package import Foundation
package import MailTransport
import Synchronization

/// The support mailbox's IMAP server in memory: the twin of ``IMAPSession`` for fast use-case
/// tests (as apple/swift-configuration puts an in-memory file system beside the real one).
///
/// It models what the use cases rely on: mailboxes with a UIDVALIDITY and UIDs that only ever
/// increase (a moved or expunged UID is never used again), moves that answer `notFound` for a UID
/// that is not there (as the real session does when the server's `UID MOVE` brings no COPYUID),
/// deletes that ignore UIDs that are gone, the day a mail was received, and search by Message-ID.
/// Faults are injected with ``failFetch(uid:in:with:)``, ``failNextMove(with:)`` and
/// ``dropConnection(afterCommands:)``.
///
/// Thread-safe: the poll fetches on a thread of its own while it commits on another.
package final class InMemoryMailServer: MailboxIntake, MailboxCleanup, Sendable {
    /// One stored message.
    package struct StoredMail: Sendable, Equatable {
        package var uid: UInt32
        package var bytes: [UInt8]
        package var receivedAt: Date
    }

    private struct Folder {
        var uidValidity: UInt32
        var uidNext: UInt32 = 1
        var mails: [UInt32: StoredMail] = [:]
    }

    private struct State {
        var folders: [String: Folder] = [:]
        /// The next UIDVALIDITY handed out: every mailbox (and every renumbering) gets a new one.
        var nextValidity: UInt32 = 1_700_000_001
        var fetchFaults: [FetchFault: IMAPError] = [:]
        var moveFaults: [IMAPError] = []
        /// Commands still answered before the connection drops; nil: it does not drop.
        var commandsBeforeDrop: Int?
        var commands: [String] = []
    }

    private struct FetchFault: Hashable {
        var mailbox: String
        var uid: UInt32
    }

    private let state = Mutex(State())
    private let moveObserver = Mutex<(@Sendable ([UInt32]) -> Void)?>(nil)

    /// A server with the given (empty) mailboxes; `INBOX` is always there.
    package init(mailboxes: [String] = []) {
        state.withLock { state in
            for name in ["INBOX"] + mailboxes where state.folders[name] == nil {
                state.folders[name] = Folder(uidValidity: state.nextValidity)
                state.nextValidity += 1
            }
        }
    }

    // MARK: - Setting the scene

    /// Delivers a mail into a mailbox (created if missing) and returns its UID.
    @discardableResult
    package func deliver(_ bytes: [UInt8], to mailbox: String = "INBOX", receivedAt: Date = Date()) -> UInt32 {
        state.withLock { state in
            var folder = state.folders[mailbox] ?? Self.newFolder(&state)
            let uid = folder.uidNext
            folder.mails[uid] = StoredMail(uid: uid, bytes: bytes, receivedAt: receivedAt)
            folder.uidNext += 1
            state.folders[mailbox] = folder
            return uid
        }
    }

    /// The server renumbers a mailbox (a restore, a migration): a new UIDVALIDITY, and every
    /// message gets a new UID from 1, in the old order.
    package func renumber(_ mailbox: String) {
        state.withLock { state in
            guard let old = state.folders[mailbox] else { return }
            var folder = Self.newFolder(&state)
            for uid in old.mails.keys.sorted() {
                var mail = old.mails[uid]!
                mail.uid = folder.uidNext
                folder.mails[folder.uidNext] = mail
                folder.uidNext += 1
            }
            state.folders[mailbox] = folder
        }
    }

    /// Fetching this UID fails with `error` (every time, until ``clearFaults()``).
    package func failFetch(uid: UInt32, in mailbox: String = "INBOX", with error: IMAPError = .connectionFailed(detail: "injected: fetch failed")) {
        state.withLock { $0.fetchFaults[FetchFault(mailbox: mailbox, uid: uid)] = error }
    }

    /// The next move fails with `error`, before anything is moved.
    package func failNextMove(with error: IMAPError = .connectionFailed(detail: "injected: move failed")) {
        state.withLock { $0.moveFaults.append(error) }
    }

    /// The connection drops after `count` more commands: the command after them fails with
    /// `connectionFailed`, and the next one connects again (as a real session does).
    package func dropConnection(afterCommands count: Int = 0) {
        state.withLock { $0.commandsBeforeDrop = count }
    }

    /// Removes every injected fault.
    package func clearFaults() {
        state.withLock { state in
            state.fetchFaults = [:]
            state.moveFaults = []
            state.commandsBeforeDrop = nil
        }
    }

    /// Called with the UIDs of every move, before they are moved: a test checks there what has
    /// been committed by then.
    package func observeMoves(_ observer: @escaping @Sendable ([UInt32]) -> Void) {
        moveObserver.withLock { $0 = observer }
    }

    // MARK: - Looking at the result

    /// The mails in a mailbox, by ascending UID (empty for a mailbox that does not exist).
    package func mails(in mailbox: String = "INBOX") -> [StoredMail] {
        state.withLock { state in
            guard let folder = state.folders[mailbox] else { return [] }
            return folder.mails.keys.sorted().map { folder.mails[$0]! }
        }
    }

    /// Whether a mailbox exists.
    package func hasMailbox(_ name: String) -> Bool { state.withLock { $0.folders[name] != nil } }

    /// The commands answered so far, e.g. `fetch INBOX 3`, `move INBOX 1,2 -> Processed`.
    package var commands: [String] { state.withLock { $0.commands } }

    // MARK: - MailboxIntake

    package func createMailbox(_ name: String) throws(IMAPError) {
        try command("create \(name)") { state throws(IMAPError) in
            if state.folders[name] == nil { state.folders[name] = Self.newFolder(&state) }
        }
    }

    package func status(of mailbox: String) throws(IMAPError) -> MailboxStatus {
        try command("status \(mailbox)") { state throws(IMAPError) in
            let folder = try Self.folder(mailbox, in: state)
            return MailboxStatus(uidValidity: folder.uidValidity, uidNext: folder.uidNext, exists: folder.mails.count)
        }
    }

    package func uids(in mailbox: String, above uid: UInt32) throws(IMAPError) -> [UInt32] {
        try command("search \(mailbox) above \(uid)") { state throws(IMAPError) in
            try Self.folder(mailbox, in: state).mails.keys.filter { $0 > uid }.sorted()
        }
    }

    package func fetch(uid: UInt32, in mailbox: String) throws(IMAPError) -> [UInt8] {
        try command("fetch \(mailbox) \(uid)") { state throws(IMAPError) in
            if let fault = state.fetchFaults[FetchFault(mailbox: mailbox, uid: uid)] { throw fault }
            guard let mail = try Self.folder(mailbox, in: state).mails[uid] else {
                throw .protocolError(detail: "there is no message with UID \(uid) in \"\(mailbox)\" (expunged or moved by another client?)")
            }
            return mail.bytes
        }
    }

    package func move(uids: [UInt32], from mailbox: String, to target: String) throws(IMAPError) -> [UInt32: MoveResult] {
        let observer = moveObserver.withLock { $0 }
        observer?(uids.sorted())
        let list = uids.sorted().map(String.init).joined(separator: ",")
        return try command("move \(mailbox) \(list) -> \(target)") { state throws(IMAPError) in
            if !state.moveFaults.isEmpty { throw state.moveFaults.removeFirst() }
            var source = try Self.folder(mailbox, in: state)
            // The real server answers TRYCREATE for a missing target, which the session reports so.
            guard var destination = state.folders[target] else { throw .mailboxMissing(target) }
            var results: [UInt32: MoveResult] = [:]
            for uid in Set(uids).sorted() {
                guard var mail = source.mails.removeValue(forKey: uid) else {
                    results[uid] = .notFound
                    continue
                }
                mail.uid = destination.uidNext
                destination.mails[mail.uid] = mail
                destination.uidNext += 1
                results[uid] = .moved(newUID: mail.uid)
            }
            state.folders[mailbox] = source
            state.folders[target] = destination
            return results
        }
    }

    // MARK: - MailboxCleanup

    package func uidsReceived(before date: Date, in mailbox: String) throws(IMAPError) -> [UInt32] {
        // IMAP's BEFORE compares days: the session sends the UTC day of `date`.
        let day = (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        return try command("search \(mailbox) before \(Int(day))") { state throws(IMAPError) in
            try Self.folder(mailbox, in: state).mails.values.filter { $0.receivedAt.timeIntervalSince1970 < day }.map(\.uid).sorted()
        }
    }

    package func uids(withMessageID messageID: String, in mailbox: String) throws(IMAPError) -> [UInt32] {
        try command("search \(mailbox) message-id") { state in
            // Like the session: a mailbox that does not exist holds no copy.
            guard let folder = state.folders[mailbox] else { return [] }
            return folder.mails.values.filter { MessageIDHeader.contains("<\(messageID)>", in: $0.bytes) }.map(\.uid).sorted()
        }
    }

    package func delete(uids: [UInt32], in mailbox: String) throws(IMAPError) {
        try command("delete \(mailbox) \(uids.count)") { state throws(IMAPError) in
            var folder = try Self.folder(mailbox, in: state)
            for uid in uids { folder.mails[uid] = nil }
            state.folders[mailbox] = folder
        }
    }

    // MARK: - Helpers

    /// Runs one command under the lock, after the connection faults had their say.
    private func command<Result>(_ name: String, _ body: (inout State) throws(IMAPError) -> Result) throws(IMAPError) -> Result {
        try state.withLock { (state: inout State) throws(IMAPError) -> Result in
            if let left = state.commandsBeforeDrop {
                if left == 0 {
                    state.commandsBeforeDrop = nil
                    state.commands.append("\(name) (connection dropped)")
                    throw IMAPError.connectionFailed(detail: "injected: the connection dropped")
                }
                state.commandsBeforeDrop = left - 1
            }
            state.commands.append(name)
            return try body(&state)
        }
    }

    private static func folder(_ name: String, in state: State) throws(IMAPError) -> Folder {
        guard let folder = state.folders[name] else { throw .mailboxMissing(name) }
        return folder
    }

    private static func newFolder(_ state: inout State) -> Folder {
        defer { state.nextValidity += 1 }
        return Folder(uidValidity: state.nextValidity)
    }
}
