import Foundation
import MailFormat
import Privacy
import TestSupport
import Testing
import Tickets
import TicketStore
import TransportFakes
@testable import TicketDaemon

/// Who may thread an answer into which ticket (DESIGN §3, invariant 8; ThreadMatcher): the
/// ticket's customer, a partner the ticket was sent to (from any address at its reply domains),
/// and the address of the queue it is assigned to. Anyone else quoting the ticket's token or
/// Message-ID is refused: their mail becomes a ticket of its own, and the ticket is unchanged.
@Suite("Threading: each entitlement, and each refusal (in-memory IMAP and SMTP)")
struct ThreadingEntitlementTests {
    static let customer = "erika.probe@example.org"
    static let otherCustomer = "max.probe@example.net"
    static let agent = try! Actor(.agent, "test-agent")

    /// Ticket 1 from a made-up customer, forwarded to the partner `acme` and assigned to the
    /// queue `tv`, both copies sent; the answers arrive through the same in-memory mailbox.
    struct Scene {
        let fixture: UseCaseFixture
        let server = InMemoryMailServer()
        let smtp = ScriptedSubmissionServer()
        let partnerCopy: Message
        let queueCopy: Message

        init() throws {
            fixture = try UseCaseFixture()
            server.deliver(MadeUpMail.contactForm(1, name: "Erika Probe", email: ThreadingEntitlementTests.customer))
            try #require(try MailboxPoll.cycle(fixture.runtime, session: server).tickets == 1)
            _ = try TicketActions.forward(fixture.runtime, ticket: 1, partner: "acme", note: nil, allowSensitive: nil, actor: ThreadingEntitlementTests.agent)
            _ = try TicketActions.assign(fixture.runtime, ticket: 1, queue: "tv", actor: ThreadingEntitlementTests.agent)
            let copies = try Self.send(fixture, smtp, expecting: 2)
            (partnerCopy, queueCopy) = (copies[0], copies[1])
        }

        /// Sends what is due and returns the messages that went out in this pass, parsed.
        static func send(_ fixture: UseCaseFixture, _ smtp: ScriptedSubmissionServer, expecting count: Int) throws -> [Message] {
            let before = smtp.attempts.count
            try #require(try OutboxPass.run(fixture.runtime, session: smtp).sent == count)
            return try smtp.attempts.dropFirst(before).map { try MessageParser().parse($0.message) }
        }

        /// `sender` answers `copy` (to its reply address, with its subject token and In-Reply-To); one poll.
        func answer(from sender: String, to copy: Message, id: String) throws -> PollReport {
            let replyTo = try #require(copy.replyTo.first?.address.description)
            server.deliver(MadeUpMail.answer(from: sender, to: replyTo, subject: "Re: \(copy.subject ?? "")", inReplyTo: copy.messageID, id: id))
            return try MailboxPoll.cycle(fixture.runtime, session: server)
        }

        /// The inbound messages of a ticket, by who wrote them.
        func inboundRoles(_ ticket: Int64) throws -> [String] {
            try fixture.runtime.database.tickets.messages(ofTicket: ticket).filter { $0.direction == "inbound" }.map(\.fromRole)
        }

        /// Ticket 2, from another made-up customer, assigned to `tv` (never forwarded); its queue copy.
        func secondTicket() throws -> Message {
            server.deliver(MadeUpMail.contactForm(2, name: "Max Probe", email: ThreadingEntitlementTests.otherCustomer))
            try #require(try MailboxPoll.cycle(fixture.runtime, session: server).tickets == 1)
            _ = try TicketActions.assign(fixture.runtime, ticket: 2, queue: "tv", actor: ThreadingEntitlementTests.agent)
            return try Self.send(fixture, smtp, expecting: 1)[0]
        }
    }

    // MARK: - Entitled

    @Test("the ticket's customer, answering the agent's reply, is threaded as customer")
    func customer() throws {
        let scene = try Scene()
        let file = scene.fixture.configuration.directory.write("answer.txt", "Bitte starten Sie den Fernseher einmal neu.")
        _ = try TicketActions.reply(scene.fixture.runtime, ticket: 1, file: file, actor: Self.agent)
        let reply = try Scene.send(scene.fixture, scene.smtp, expecting: 1)[0]
        let report = try scene.answer(from: "Erika Probe <\(Self.customer)>", to: reply, id: "customer-answer-1@example.org")
        #expect(report.threaded == 1 && report.tickets == 0)
        #expect(try scene.inboundRoles(1) == ["customer", "customer"])
    }

    @Test("a partner the ticket was sent to is threaded as partner, from any address at its reply domains")
    func partner() throws {
        let scene = try Scene()
        let report = try scene.answer(from: "ACME Technik <technik@acme.example>", to: scene.partnerCopy, id: "acme-answer-1@acme.example")
        #expect(report.threaded == 1 && report.tickets == 0)
        #expect(try scene.inboundRoles(1) == ["customer", "partner"])
    }

    @Test("the address of the queue the ticket is assigned to is threaded as queue")
    func queue() throws {
        let scene = try Scene()
        let report = try scene.answer(from: "TV-Team <tv-team@example.com>", to: scene.queueCopy, id: "tv-answer-1@example.com")
        #expect(report.threaded == 1 && report.tickets == 0)
        #expect(try scene.inboundRoles(1) == ["customer", "queue"])
    }

    // MARK: - Refused

    @Test("a stranger quoting the ticket's token and Message-ID gets a ticket of their own, never a look into this one")
    func stranger() throws {
        let scene = try Scene()
        let report = try scene.answer(from: "Neugier Probe <neugier.probe@example.net>", to: scene.partnerCopy, id: "stranger-1@example.net")
        #expect(report.threaded == 0 && report.tickets == 1)
        #expect(try scene.inboundRoles(1) == ["customer"])
        #expect(try scene.fixture.runtime.database.tickets.customer(ofTicket: 2)?.email == "neugier.probe@example.net")
    }

    @Test("a domain that only looks like the partner's reply domain is refused")
    func lookalikeDomain() throws {
        let scene = try Scene()
        let report = try scene.answer(from: "service@acme.example.net", to: scene.partnerCopy, id: "lookalike-1@acme.example.net")
        #expect(report.threaded == 0)
        #expect(try scene.inboundRoles(1) == ["customer"])
    }

    @Test("a registered partner is refused on a ticket that was never sent to it")
    func partnerOfAnotherTicket() throws {
        let scene = try Scene()
        let copy = try scene.secondTicket()
        let report = try scene.answer(from: "service@acme.example", to: copy, id: "acme-wrong-ticket-1@acme.example")
        #expect(report.threaded == 0)
        #expect(try scene.inboundRoles(2) == ["customer"])
    }

    @Test("another queue's address is refused on a ticket assigned to a different queue")
    func otherQueue() throws {
        let scene = try Scene()
        let report = try scene.answer(from: "web-team@example.com", to: scene.queueCopy, id: "web-answer-1@example.com")
        #expect(report.threaded == 0)
        #expect(try scene.inboundRoles(1) == ["customer"])
    }

    @Test("the customer of another ticket quoting this ticket's token is refused")
    func customerOfAnotherTicket() throws {
        let scene = try Scene()
        _ = try scene.secondTicket()
        let report = try scene.answer(from: "Max Probe <\(Self.otherCustomer)>", to: scene.partnerCopy, id: "max-answer-1@example.net")
        #expect(report.threaded == 0)
        #expect(try scene.inboundRoles(1) == ["customer"])
    }
}
