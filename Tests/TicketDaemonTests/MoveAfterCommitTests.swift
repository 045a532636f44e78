import Foundation
import MailTransport
import Synchronization
import Testing
import TicketStore
import TransportFakes
@testable import TicketDaemon

/// The poll on the in-memory IMAP server (DESIGN §3, invariant 6): a mail is moved to the
/// processed mailbox only after its commit, and whatever fails where, the next cycle ends with
/// every mail taken in exactly once.
@Suite("Poll: moved only after commit, taken in exactly once (in-memory IMAP)")
struct MoveAfterCommitTests {
    /// `count` contact forms from different made-up people in the inbox.
    static func server(with count: Int, first: Int = 1) -> InMemoryMailServer {
        let server = InMemoryMailServer()
        for number in first..<(first + count) { deliver(number, to: server) }
        return server
    }

    static func deliver(_ number: Int, to server: InMemoryMailServer) {
        server.deliver(MadeUpMail.contactForm(number, name: "Probe Person \(number)", email: "probe.\(number)@example.org"))
    }

    /// The cycle's failure, or nil when it succeeded.
    static func failure(of cycle: () throws(PollFailure) -> PollReport) -> PollFailure? {
        do { _ = try cycle(); return nil } catch { return error }
    }

    static func isConnectionFailure(_ failure: PollFailure) -> Bool {
        if case .imap(.connectionFailed) = failure { true } else { false }
    }

    static func ticketCount(_ fixture: UseCaseFixture) throws -> Int { try fixture.runtime.database.tickets.list().count }

    @Test("every move names only UIDs the checkpoint already covers; the inbox ends empty, one move per batch")
    func movedAfterCommit() throws {
        let fixture = try UseCaseFixture(ingestBatch: 2)
        let server = Self.server(with: 5)
        let database = fixture.runtime.database, name = MailboxPoll.checkpointName(fixture.imap)
        let movedUncommitted = Mutex<[UInt32]>([])
        server.observeMoves { uids in
            let committed = ((try? database.intake.checkpoint(name)) ?? nil)?.lastUID ?? 0
            movedUncommitted.withLock { $0 += uids.filter { $0 > committed } }
        }
        let report = try MailboxPoll.cycle(fixture.runtime, session: server)
        #expect(report.fetched == 5 && report.tickets == 5 && report.duplicates == 0)
        #expect(movedUncommitted.withLock { $0 } == [], "moved before its commit")
        #expect(server.mails(in: "INBOX").isEmpty)
        #expect(server.mails(in: "Processed").count == 5)
        #expect(server.commands.filter { $0.hasPrefix("move") } == ["move INBOX 1,2 -> Processed", "move INBOX 3,4 -> Processed", "move INBOX 5 -> Processed"])
        #expect(try database.intake.checkpoint(name)?.lastUID == 5)
    }

    @Test("a failed fetch: the mails before it are committed and moved, it and those after stay; the next cycle takes them in once")
    func failedFetch() throws {
        let fixture = try UseCaseFixture()
        let server = Self.server(with: 5)
        server.failFetch(uid: 3)
        let failure = Self.failure { () throws(PollFailure) in try MailboxPoll.cycle(fixture.runtime, session: server) }
        guard case .imap(.connectionFailed)? = failure else {
            Issue.record("expected the fetch's connection failure, got \(String(describing: failure))")
            return
        }
        #expect(try Self.ticketCount(fixture) == 2)
        #expect(server.mails(in: "INBOX").map(\.uid) == [3, 4, 5])
        #expect(server.mails(in: "Processed").count == 2)

        server.clearFaults()
        let next = try MailboxPoll.cycle(fixture.runtime, session: server)
        #expect(next.fetched == 3 && next.tickets == 3 && next.duplicates == 0 && next.movedLate == 0)
        #expect(try Self.ticketCount(fixture) == 5)
        #expect(server.mails(in: "INBOX").isEmpty && server.mails(in: "Processed").count == 5)
    }

    @Test("committed but the move failed: the next cycle moves those late without taking them in again, and takes in the rest once")
    func movedLate() throws {
        let fixture = try UseCaseFixture(ingestBatch: 2)
        let server = Self.server(with: 4)
        server.failNextMove()
        #expect(Self.failure { () throws(PollFailure) in try MailboxPoll.cycle(fixture.runtime, session: server) } != nil)
        // The first batch went in; its move failed, so it is still in the inbox, and nothing after it was committed.
        #expect(try Self.ticketCount(fixture) == 2)
        #expect(server.mails(in: "INBOX").count == 4)

        let next = try MailboxPoll.cycle(fixture.runtime, session: server)
        #expect(next.movedLate == 2, "the committed mails are moved without being fetched")
        #expect(next.fetched == 2 && next.tickets == 2 && next.duplicates == 0)
        #expect(server.commands.filter { $0 == "fetch INBOX 1" || $0 == "fetch INBOX 2" }.count == 2, "a committed mail was fetched again")
        #expect(try Self.ticketCount(fixture) == 4)
        #expect(server.mails(in: "INBOX").isEmpty && server.mails(in: "Processed").count == 4)
    }

    @Test("wherever the connection drops, the next cycle ends with every mail taken in once and moved", arguments: 0..<12)
    func connectionDrops(afterCommands: Int) throws {
        let fixture = try UseCaseFixture(ingestBatch: 2)
        let server = Self.server(with: 4)
        server.dropConnection(afterCommands: afterCommands)
        let first = Self.failure { () throws(PollFailure) in try MailboxPoll.cycle(fixture.runtime, session: server) }
        if let first, !Self.isConnectionFailure(first) {
            Issue.record("a dropped connection must fail the poll as an IMAP connection failure, not \(first)")
        }
        server.clearFaults()
        let second = try MailboxPoll.cycle(fixture.runtime, session: server)
        #expect(second.duplicates == 0, "a mail was taken in twice")
        #expect(try Self.ticketCount(fixture) == 4)
        #expect(server.mails(in: "INBOX").isEmpty)
        #expect(server.mails(in: "Processed").count == 4)
    }

    @Test("a new UIDVALIDITY: the mailbox is read again from the start, what was committed is a duplicate, the new mail a ticket")
    func uidValidityChange() throws {
        let fixture = try UseCaseFixture()
        let server = Self.server(with: 3)
        _ = try MailboxPoll.cycle(fixture.runtime, session: server)
        // Two more mails are committed but not moved; then the server renumbers the inbox, so
        // their old UIDs (4, 5) stand above the new ones (1, 2), and a new mail arrives as UID 3.
        Self.deliver(4, to: server)
        Self.deliver(5, to: server)
        server.failNextMove()
        _ = Self.failure { () throws(PollFailure) in try MailboxPoll.cycle(fixture.runtime, session: server) }
        #expect(try Self.ticketCount(fixture) == 5)
        let before = try server.status(of: "INBOX").uidValidity
        server.renumber("INBOX")
        Self.deliver(6, to: server)
        #expect(server.mails(in: "INBOX").map(\.uid) == [1, 2, 3])

        let report = try MailboxPoll.cycle(fixture.runtime, session: server)
        #expect(report.fetched == 3 && report.duplicates == 2 && report.tickets == 1 && report.movedLate == 0)
        #expect(try Self.ticketCount(fixture) == 6)
        #expect(server.mails(in: "INBOX").isEmpty)
        let checkpoint = try fixture.runtime.database.intake.checkpoint(MailboxPoll.checkpointName(fixture.imap))
        #expect(checkpoint?.uidValidity == (try server.status(of: "INBOX").uidValidity) && checkpoint?.uidValidity != before)
        #expect(fixture.logText.contains("mailbox.uidvalidity_changed"))
    }

    @Test("a stop request between mails: nothing after it is committed or moved, and the next cycle takes the rest")
    func stopRequest() throws {
        let fixture = try UseCaseFixture(ingestBatch: 1)
        let server = Self.server(with: 3)
        let asked = Mutex(0)
        let report = try MailboxPoll.cycle(fixture.runtime, session: server, shouldStop: { asked.withLock { $0 += 1; return $0 > 1 } })
        #expect(report.stoppedEarly && report.tickets == 1 && report.purged == 0)
        #expect(server.mails(in: "INBOX").map(\.uid) == [2, 3])
        let next = try MailboxPoll.cycle(fixture.runtime, session: server)
        #expect(next.tickets == 2 && next.duplicates == 0 && !next.stoppedEarly)
    }

    @Test("processed copies received before now minus purge_processed_after (P7D) are expunged at the end of a poll")
    func purgeOldCopies() throws {
        let fixture = try UseCaseFixture()
        let server = InMemoryMailServer(mailboxes: ["Processed"])
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let old = server.deliver(MadeUpMail.contactForm(1), to: "Processed", receivedAt: now.addingTimeInterval(-9 * 86_400))
        let recent = server.deliver(MadeUpMail.contactForm(2), to: "Processed", receivedAt: now.addingTimeInterval(-2 * 86_400))
        let report = try MailboxPoll.cycle(fixture.runtime, session: server, now: now)
        #expect(report.purged == 1)
        #expect(server.mails(in: "Processed").map(\.uid) == [recent])
        #expect(old != recent)
    }
}
