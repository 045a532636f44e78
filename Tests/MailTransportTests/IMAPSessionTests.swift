import Foundation
import MailTransport
import Testing

/// The IMAP session against the real local Dovecot, fed through the real Postfix.
///
/// Serialized: the tests share the test user's INBOX. Each starts by emptying it and removes the
/// mailboxes it creates (with doveadm: ticketd itself never deletes a mailbox).
@Suite(
    "IMAP session against the local Dovecot",
    .serialized,
    .enabled(if: MailServers.available, "the local mail servers could not be started (see the log line above)")
)
struct IMAPSessionTests {
    let servers: MailServers

    init() throws {
        servers = try #require(MailServers.shared)
    }

    /// An empty INBOX for the test user.
    private func emptyInbox(_ session: IMAPSession) throws {
        let all = try session.uids(in: "INBOX", above: 0)
        try session.delete(uids: all, in: "INBOX")
    }

    /// Waits (bounded, not timed) until Postfix has handed `count` messages to Dovecot.
    private func waitForMessages(_ count: Int, in mailbox: String = "INBOX", session: IMAPSession) throws -> MailboxStatus {
        let deadline = Date().addingTimeInterval(30)
        while true {
            let status = try session.status(of: mailbox)
            if status.exists >= count || Date() > deadline { return status }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    @Test("Delivered mail: status, UIDs above a checkpoint (with the n:* edge), and the exact bytes back")
    func statusSearchAndFetch() throws {
        let session = try IMAPSession(settings: servers.settings())
        try emptyInbox(session)
        let before = try session.status(of: "INBOX")
        #expect(before.exists == 0)
        #expect(before.uidValidity != 0)

        let tag = uniqueName("fetch")
        let mails = (1...3).map { madeUpMail($0, tag: tag) }
        try servers.deliver(mails)
        let status = try waitForMessages(3, session: session)
        try #require(status.exists == 3)
        #expect(status.uidValidity == before.uidValidity)

        let uids = try session.uids(in: "INBOX", above: 0)
        try #require(uids.count == 3)
        #expect(uids == uids.sorted())
        #expect(uids.allSatisfy { $0 >= before.uidNext && $0 < status.uidNext })

        // The checkpoint is the last UID: `last+1:*` still names the last message, which must not come back.
        let last = try #require(uids.last)
        #expect(try session.uids(in: "INBOX", above: last) == [])
        #expect(try session.uids(in: "INBOX", above: last + 1_000) == [])
        #expect(try session.uids(in: "INBOX", above: uids[0]) == Array(uids.dropFirst()))
        #expect(try session.uids(in: "INBOX", above: UInt32.max) == [])

        // Dovecot returns the message as delivered: the MTA's trace headers first, then our bytes
        // unchanged. Postfix delivers in parallel, so the order of arrival is not the order sent.
        let started = Date()
        var unmatched = mails
        for uid in uids {
            let fetched = try session.fetch(uid: uid, in: "INBOX")
            guard let index = unmatched.firstIndex(where: { fetched.count > $0.count && Array(fetched.suffix($0.count)) == $0 }) else {
                Issue.record("message \(uid) does not end with any of the delivered messages")
                continue
            }
            let trace = String(decoding: fetched.prefix(fetched.count - unmatched[index].count), as: UTF8.self)
            #expect(trace.hasPrefix("Return-Path: <erika.beispiel@example.org>\r\n"))
            #expect(trace.contains("Delivered-To: transport-test@example.net\r\n"))
            unmatched.remove(at: index)
        }
        #expect(unmatched.isEmpty)
        print("MailTransportTests: fetched 3 messages over one connection in \(Int(Date().timeIntervalSince(started) * 1000)) ms")

        #expect(try session.fetchIfPresent(uid: last + 1_000, in: "INBOX") == nil)
        #expect(throws: IMAPError.self) { try session.fetch(uid: last + 1_000, in: "INBOX") }
        try emptyInbox(session)
    }

    @Test("The same works over imap:// with STARTTLS")
    func startTLS() throws {
        let url = "imap://127.0.0.1:\(servers.port("TICKETD_TEST_IMAP_PORT"))"
        let session = try IMAPSession(settings: servers.settings(url: url))
        let status = try session.status(of: "INBOX")
        #expect(status.uidValidity != 0)
        #expect(session.serverCapabilities.contains("UIDPLUS"))
        #expect(!session.serverCapabilities.contains("STARTTLS"), "after STARTTLS the server no longer offers it")
    }

    @Test("Move to a processed mailbox: COPYUID gives the new UID, the INBOX ends empty, a second move is notFound")
    func moveToProcessed() throws {
        let session = try IMAPSession(settings: servers.settings())
        try emptyInbox(session)
        let processed = uniqueName("Processed")
        try session.createMailbox(processed)
        defer { servers.removeMailbox(processed) }

        let tag = uniqueName("move")
        let mails = (1...3).map { madeUpMail($0, tag: tag) }
        try servers.deliver(mails)
        _ = try waitForMessages(3, session: session)
        let uids = try session.uids(in: "INBOX", above: 0)
        try #require(uids.count == 3)

        var newUIDs: [UInt32] = []
        for uid in uids {
            let result = try session.move(uid: uid, from: "INBOX", to: processed)
            guard case .moved(let newUID?) = result else {
                Issue.record("UID \(uid): expected a move with a new UID, got \(result)")
                continue
            }
            newUIDs.append(newUID)
        }
        #expect(try session.status(of: "INBOX").exists == 0)
        let target = try session.status(of: processed)
        #expect(target.exists == 3)
        #expect(try session.uids(in: processed, above: 0) == newUIDs)
        var unmatched = mails
        for newUID in newUIDs {
            let fetched = try session.fetch(uid: newUID, in: processed)
            unmatched.removeAll { fetched.count > $0.count && Array(fetched.suffix($0.count)) == $0 }
        }
        #expect(unmatched.isEmpty, "every moved message arrives intact in \(processed)")

        // Already moved, and never existed: the server says OK without COPYUID; the session says notFound.
        #expect(try session.move(uid: uids[0], from: "INBOX", to: processed) == .notFound)
        #expect(try session.move(uid: 4_000_000_000, from: "INBOX", to: processed) == .notFound)
        #expect(try session.status(of: processed).exists == 3)
    }

    @Test("createMailbox is idempotent and handles spaces, quotes and non-ASCII names (modified UTF-7)")
    func createMailboxIdempotent() throws {
        let session = try IMAPSession(settings: servers.settings())
        try emptyInbox(session)
        let name = uniqueName("Bearbeitet März & \"Co\" 台北")
        try session.createMailbox(name)
        defer { servers.removeMailbox(name) }
        try session.createMailbox(name)
        #expect(try session.status(of: name).exists == 0)

        try servers.deliver([madeUpMail(1, tag: uniqueName("utf7"))])
        _ = try waitForMessages(1, session: session)
        let uid = try #require(try session.uids(in: "INBOX", above: 0).first)
        guard case .moved(let newUID?) = try session.move(uid: uid, from: "INBOX", to: name) else {
            Issue.record("the move into \(name) did not report a new UID")
            return
        }
        #expect(try session.uids(in: name, above: 0) == [newUID])
        #expect(try session.fetchIfPresent(uid: newUID, in: name) != nil)

        // Removed behind the session's back (after it left the mailbox): STATUS says it is missing.
        _ = try session.uids(in: "INBOX", above: 0)
        servers.removeMailbox(name)
        #expect(throws: IMAPError.mailboxMissing(name)) { try session.status(of: name) }
    }

    @Test("Purge by date: everything is received before a future day, nothing before 2000; delete in chunks of 100")
    func purgeByDate() throws {
        let session = try IMAPSession(settings: servers.settings())
        try emptyInbox(session)
        let mailbox = uniqueName("Purge")
        try session.createMailbox(mailbox)
        defer { servers.removeMailbox(mailbox) }

        let count = 130
        let tag = uniqueName("purge")
        try servers.deliver((1...count).map { madeUpMail($0, tag: tag, body: "Nachricht \($0) zum Löschen.") })
        _ = try waitForMessages(count, session: session)
        for uid in try session.uids(in: "INBOX", above: 0) {
            guard case .moved = try session.move(uid: uid, from: "INBOX", to: mailbox) else {
                Issue.record("UID \(uid) was not moved")
                return
            }
        }
        #expect(try session.status(of: mailbox).exists == count)

        let tomorrow = Date().addingTimeInterval(2 * 86_400)
        let old = try session.uidsReceived(before: tomorrow, in: mailbox)
        #expect(old.count == count)
        let longAgo = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01
        #expect(try session.uidsReceived(before: longAgo, in: mailbox) == [])

        try session.delete(uids: Array(old.prefix(120)), in: mailbox)
        #expect(try session.status(of: mailbox).exists == count - 120)
        #expect(try session.uids(in: mailbox, above: 0) == Array(old.dropFirst(120)))
        try session.delete(uids: old, in: mailbox)  // 120 of them are gone already: fine
        #expect(try session.status(of: mailbox).exists == 0)
        try session.delete(uids: [], in: mailbox)
    }

    @Test("A missing mailbox is mailboxMissing, for STATUS, SEARCH, FETCH and as the target of a move")
    func mailboxMissing() throws {
        let session = try IMAPSession(settings: servers.settings())
        let missing = uniqueName("Nirgendwo")
        #expect(throws: IMAPError.mailboxMissing(missing)) { try session.status(of: missing) }
        #expect(throws: IMAPError.mailboxMissing(missing)) { try session.uids(in: missing, above: 0) }
        #expect(throws: IMAPError.mailboxMissing(missing)) { try session.fetch(uid: 1, in: missing) }
        try emptyInbox(session)
        try servers.deliver([madeUpMail(1, tag: uniqueName("missing"))])
        _ = try waitForMessages(1, session: session)
        let uid = try #require(try session.uids(in: "INBOX", above: 0).first)
        #expect(throws: IMAPError.mailboxMissing(missing)) { try session.move(uid: uid, from: "INBOX", to: missing) }
        #expect(try session.status(of: "INBOX").exists == 1, "a failed move leaves the message where it was")
        // The session recovers after the failures.
        try emptyInbox(session)
        let error = IMAPError.mailboxMissing(missing)
        #expect(!error.isRetryable)
        #expect(error.description.contains("imap.mailbox"))
    }

    @Test(
        "Thousands of new messages: every UID comes back (libcurl cuts long SEARCH lines, so the session searches in windows)",
        .enabled(if: getuid() == 0, "writing into the Maildir as the mail user needs root")
    )
    func thousandsOfMessages() throws {
        let session = try IMAPSession(settings: servers.settings())
        try emptyInbox(session)
        let count = 10_000
        try servers.dropIntoMaildir(count: count, tag: uniqueName("many"))
        let started = Date()
        let all = try session.uids(in: "INBOX", above: 0)
        print("MailTransportTests: searched \(all.count) UIDs in windows in \(Int(Date().timeIntervalSince(started) * 1000)) ms")
        try #require(all.count == count)
        // Gaps make even an ESEARCH answer long ("1,3,5,..."): about 30 KB for one search over all.
        let gone = stride(from: 0, to: count, by: 2).map { all[$0] }
        try session.delete(uids: gone, in: "INBOX")
        let left = Array(Set(all).subtracting(gone)).sorted()
        #expect(try session.uids(in: "INBOX", above: 0) == left)
        let checkpoint = left[left.count / 2]
        #expect(try session.uids(in: "INBOX", above: checkpoint) == Array(left[(left.count / 2 + 1)...]))
        #expect(try session.uidsReceived(before: Date().addingTimeInterval(2 * 86_400), in: "INBOX") == left)
        try session.delete(uids: left, in: "INBOX")
        #expect(try session.status(of: "INBOX").exists == 0)
    }
}
