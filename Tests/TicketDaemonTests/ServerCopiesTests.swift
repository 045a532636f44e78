import Foundation
import MailTransport
import Testing
import Tickets
import TicketStore
import TransportFakes
@testable import TicketDaemon

/// Erasure and retention reach the copies on the IMAP server (DESIGN §3, invariant 7), on the
/// in-memory server: an erased person's mails go from the inbox and the processed mailbox, a
/// server that fails keeps the erasure queued, and the sweep's purge counts or expunges.
@Suite("Server copies: erasure and purge reach the IMAP server (in-memory IMAP)")
struct ServerCopiesTests {
    static let erika = "erika.probe@example.org"

    /// Erika's form (taken in twice: the second copy is a duplicate) and another person's, all
    /// moved to Processed; then Erika is erased, which queues her Message-ID for the server.
    static func erased() throws -> (UseCaseFixture, InMemoryMailServer) {
        let fixture = try UseCaseFixture()
        let server = InMemoryMailServer()
        server.deliver(MadeUpMail.contactForm(1, name: "Erika Probe", email: erika))
        server.deliver(MadeUpMail.contactForm(2, name: "Max Probe", email: "max.probe@example.net"))
        _ = try MailboxPoll.cycle(fixture.runtime, session: server)
        server.deliver(MadeUpMail.contactForm(1, name: "Erika Probe", email: erika))
        let again = try MailboxPoll.cycle(fixture.runtime, session: server)
        try #require(again.duplicates == 1 && server.mails(in: "Processed").count == 3)
        let subject = try #require(try fixture.runtime.database.tickets.find(1)?.subject)
        _ = try fixture.runtime.database.subjects.erase(subject, actor: try Actor(.agent, "test-agent"), reason: "Art. 17 request")
        try #require(ServerCopyErasure.hasPending(fixture.runtime))
        return (fixture, server)
    }

    @Test("the next poll expunges every copy of the erased person's mail and nothing else")
    func erasureByPoll() throws {
        let (fixture, server) = try Self.erased()
        let report = try MailboxPoll.cycle(fixture.runtime, session: server)
        #expect(report.erasedCopies == 2)
        let left = server.mails(in: "Processed").map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(left.count == 1 && left[0].contains("form-2@web.example.com"))
        #expect(!ServerCopyErasure.hasPending(fixture.runtime))
    }

    @Test("a server that fails keeps the erasure queued; the next run expunges")
    func erasureRetried() throws {
        let (fixture, server) = try Self.erased()
        server.dropConnection()
        do {
            _ = try ServerCopyErasure.run(fixture.runtime, session: server)
            Issue.record("the dropped connection was not reported")
        } catch {
            guard case .imap(.connectionFailed) = error else { Issue.record("unexpected \(error)"); return }
        }
        #expect(ServerCopyErasure.hasPending(fixture.runtime))
        #expect(server.mails(in: "Processed").count == 3)
        #expect(try ServerCopyErasure.run(fixture.runtime, session: server) == 2)
        #expect(!ServerCopyErasure.hasPending(fixture.runtime))
    }

    @Test("the sweep's purge: a dry run counts, a run expunges; a processed mailbox that was never made holds nothing")
    func sweepPurge() throws {
        let fixture = try UseCaseFixture()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let empty = InMemoryMailServer()
        #expect(ProcessedCopies.purge(fixture.runtime, on: empty, imap: fixture.imap, now: now, dryRun: false) == .expunged(0))
        let server = InMemoryMailServer(mailboxes: ["Processed"])
        server.deliver(MadeUpMail.contactForm(1), to: "Processed", receivedAt: now.addingTimeInterval(-30 * 86_400))
        server.deliver(MadeUpMail.contactForm(2), to: "Processed", receivedAt: now)
        #expect(ProcessedCopies.purge(fixture.runtime, on: server, imap: fixture.imap, now: now, dryRun: true) == .wouldExpunge(1))
        #expect(server.mails(in: "Processed").count == 2)
        #expect(ProcessedCopies.purge(fixture.runtime, on: server, imap: fixture.imap, now: now, dryRun: false) == .expunged(1))
        #expect(server.mails(in: "Processed").count == 1)
        server.dropConnection()
        guard case .failed(let reason) = ProcessedCopies.purge(fixture.runtime, on: server, imap: fixture.imap, now: now, dryRun: false) else {
            Issue.record("a failing server must be reported as failed")
            return
        }
        #expect(reason.contains("IMAP connection failed"))
    }
}
