import Crypto
import Foundation
import MailTransport
import Testing
import Tickets
import TicketStore
import TransportFakes
@testable import TicketDaemon

/// The outbox pass on the scripted SMTP server (DESIGN §3, invariants 4-5): 250 sends and
/// registers, 4xx retries with back-off, a server that cannot be reached stops the pass, 5xx
/// and too many attempts fail for good.
@Suite("Outbox: sent, retried, failed (scripted SMTP)")
struct OutboxPassTests {
    static let agent = try! Actor(.agent, "test-agent")

    /// A ticket from a made-up customer, taken in through the in-memory server.
    static func ticket(_ fixture: UseCaseFixture, number: Int = 1) throws {
        let server = InMemoryMailServer()
        server.deliver(MadeUpMail.contactForm(number, name: "Probe Person \(number)", email: "probe.\(number)@example.org"))
        let report = try MailboxPoll.cycle(fixture.runtime, session: server)
        try #require(report.tickets == 1)
    }

    /// Ticket 1 forwarded to the partner `acme` (queued, not sent).
    static func forwarded() throws -> UseCaseFixture {
        let fixture = try UseCaseFixture()
        try ticket(fixture)
        _ = try TicketActions.forward(fixture.runtime, ticket: 1, partner: "acme", note: nil, allowSensitive: nil, actor: agent)
        return fixture
    }

    static func item(_ fixture: UseCaseFixture, _ index: Int = 0) throws -> OutboxRecord {
        try fixture.runtime.database.outbox.items()[index]
    }

    @Test("250: sent to the partner's address only, the payload dropped, the transfer in the register with the payload's SHA-256")
    func accepted() throws {
        let fixture = try Self.forwarded()
        let smtp = ScriptedSubmissionServer(script: [.accepted])
        let report = try OutboxPass.run(fixture.runtime, session: smtp)
        #expect(report == OutboxReport(sent: 1, retried: 0, failed: 0))
        let attempt = try #require(smtp.attempts.first)
        #expect(attempt.sender == "support@example.com" && attempt.recipients == ["service@acme.example"])
        let item = try Self.item(fixture)
        #expect(item.state == .sent && item.attempts == 1 && item.sentAt != nil)
        #expect(try fixture.runtime.database.outbox.removeSentPayloads(dryRun: true) == 0, "the sent payload is still stored")
        let transfers = try fixture.runtime.database.register.log(deliveredOnly: true)
        try #require(transfers.count == 1)
        let digest = SHA256.hash(data: attempt.message).map { String(format: "%02x", $0) }.joined()
        #expect(transfers[0].partner == "acme" && transfers[0].ticket == 1 && transfers[0].status == "delivered")
        #expect(transfers[0].payloadSHA256 == digest)
        #expect(transfers[0].messageID == item.messageID)
        let pseudonym = try #require(transfers[0].pseudonym)
        #expect(!pseudonym.isEmpty && pseudonym != "(anonymized)")
        // Nothing is due any more: a second pass sends nothing.
        #expect(try OutboxPass.run(fixture.runtime, session: smtp) == OutboxReport())
        #expect(smtp.attempts.count == 1)
    }

    @Test("4xx: retried later with growing back-off, not before; then sent")
    func temporaryRefusal() throws {
        let fixture = try Self.forwarded()
        let smtp = ScriptedSubmissionServer(script: [.temporaryRefusal, .temporaryRefusal], otherwise: .accepted)
        let start = fixture.clock.now
        #expect(try OutboxPass.run(fixture.runtime, session: smtp) == OutboxReport(sent: 0, retried: 1, failed: 0))
        var item = try Self.item(fixture)
        #expect(item.state == .pending && item.attempts == 1 && item.lastError?.contains("451") == true)
        // Back-off after the first failure: 2 s × 15 with ±20 % jitter.
        let firstDelay = try #require(item.nextAttemptAt).timeIntervalSince(start)
        #expect((24...36).contains(firstDelay), "first delay \(firstDelay) s")
        #expect(try OutboxPass.run(fixture.runtime, session: smtp) == OutboxReport(), "retried before its time")
        #expect(smtp.attempts.count == 1)

        fixture.clock.advance(by: 40)
        let second = fixture.clock.now
        #expect(try OutboxPass.run(fixture.runtime, session: smtp).retried == 1)
        item = try Self.item(fixture)
        let secondDelay = try #require(item.nextAttemptAt).timeIntervalSince(second)
        #expect((48...72).contains(secondDelay), "second delay \(secondDelay) s")

        fixture.clock.advance(by: 80)
        #expect(try OutboxPass.run(fixture.runtime, session: smtp).sent == 1)
        item = try Self.item(fixture)
        #expect(item.state == .sent && item.attempts == 3)
        #expect(smtp.attempts.map(\.delivered) == [false, false, true])
    }

    @Test("a server that cannot be reached or does not answer stops the pass: the next item is not tried", arguments: [
        ScriptedSubmissionServer.Answer.connectionFailure, .timeout,
    ])
    func unreachable(answer: ScriptedSubmissionServer.Answer) throws {
        let fixture = try Self.forwarded()
        _ = try TicketActions.assign(fixture.runtime, ticket: 1, queue: "tv", actor: Self.agent)
        let smtp = ScriptedSubmissionServer(script: [answer])
        #expect(try OutboxPass.run(fixture.runtime, session: smtp) == OutboxReport(sent: 0, retried: 1, failed: 0))
        #expect(smtp.attempts.count == 1)
        let (first, second) = (try Self.item(fixture, 0), try Self.item(fixture, 1))
        #expect(first.state == .pending && first.attempts == 1 && first.nextAttemptAt != nil)
        #expect(second.state == .pending && second.attempts == 0, "the pass went on after the server was found unreachable")
    }

    @Test("a 4xx refusal is about that message: the pass goes on with the next")
    func temporaryRefusalGoesOn() throws {
        let fixture = try Self.forwarded()
        _ = try TicketActions.assign(fixture.runtime, ticket: 1, queue: "tv", actor: Self.agent)
        let smtp = ScriptedSubmissionServer(script: [.temporaryRefusal, .accepted])
        #expect(try OutboxPass.run(fixture.runtime, session: smtp) == OutboxReport(sent: 1, retried: 1, failed: 0))
        #expect(smtp.attempts.map(\.recipients) == [["service@acme.example"], ["tv-team@example.com"]])
    }

    @Test("5xx: failed at once, never retried, no transfer registered")
    func permanentRefusal() throws {
        let fixture = try Self.forwarded()
        let smtp = ScriptedSubmissionServer(script: [.permanentRefusal])
        #expect(try OutboxPass.run(fixture.runtime, session: smtp) == OutboxReport(sent: 0, retried: 0, failed: 1))
        let item = try Self.item(fixture)
        #expect(item.state == .failed && item.lastError?.contains("550") == true)
        fixture.clock.advance(by: 30 * 86_400)
        #expect(try OutboxPass.run(fixture.runtime, session: smtp) == OutboxReport())
        #expect(smtp.attempts.count == 1)
        #expect(try fixture.runtime.database.register.log(deliveredOnly: false).isEmpty)
        #expect(fixture.logText.contains("\"mail.failed\""))
    }

    @Test("after maxAttempts temporary refusals the item fails for good")
    func giveUp() throws {
        let fixture = try Self.forwarded()
        let smtp = ScriptedSubmissionServer(otherwise: .temporaryRefusal)
        for attempt in 1..<OutboxPass.maxAttempts {
            #expect(try OutboxPass.run(fixture.runtime, session: smtp).retried == 1, "attempt \(attempt)")
            // Longer than the longest back-off (300 s × 15 + 20 %).
            fixture.clock.advance(by: 6_000)
        }
        #expect(try Self.item(fixture).state == .pending)
        #expect(try OutboxPass.run(fixture.runtime, session: smtp) == OutboxReport(sent: 0, retried: 0, failed: 1))
        let item = try Self.item(fixture)
        #expect(item.state == .failed && item.attempts == OutboxPass.maxAttempts)
        #expect(smtp.attempts.count == OutboxPass.maxAttempts)
    }
}
