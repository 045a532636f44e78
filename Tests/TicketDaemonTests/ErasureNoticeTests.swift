import Foundation
import MailFormat
import Testing
import Tickets
import TicketStore
import TransportFakes
@testable import TicketDaemon

/// Art. 17(2) and 19 GDPR: when a person is erased, every partner that received a copy of one of
/// their tickets is asked to erase it. The notice is queued in the erasure's transaction, names
/// the copies by Message-ID and nothing about the person, and the register shows when the
/// partner's server accepted it. Real SQLite file, scripted SMTP server.
@Suite("Erasure notices to partners (Art. 19)")
struct ErasureNoticeTests {
    static let agent = try! Actor(.agent, "test-agent")
    static let email = "probe.1@example.org"
    static let name = "Probe Person 1"

    /// Ticket 1 of the made-up customer, forwarded to `acme` `copies` times and delivered.
    static func delivered(copies: Int) throws -> (UseCaseFixture, ScriptedSubmissionServer) {
        let fixture = try UseCaseFixture()
        try OutboxPassTests.ticket(fixture)
        for _ in 0..<copies {
            _ = try TicketActions.forward(fixture.runtime, ticket: 1, partner: "acme", note: nil, allowSensitive: nil, actor: agent)
        }
        let smtp = ScriptedSubmissionServer(script: [], otherwise: .accepted)
        #expect(try OutboxPass.run(fixture.runtime, session: smtp).sent == copies)
        return (fixture, smtp)
    }

    @Test("erase: one notice per partner naming every copy it received, no personal value; sent, it is in the register and the audit trail")
    func noticeQueuedAndSent() throws {
        let (fixture, smtp) = try Self.delivered(copies: 2)
        let copies = try fixture.runtime.database.register.log(deliveredOnly: true)
        try #require(copies.count == 2)
        let copyIDs = copies.compactMap(\.messageID)
        let pseudonyms = copies.compactMap(\.pseudonym)
        try #require(copyIDs.count == 2 && pseudonyms.count == 2)

        let answer = try SubjectRightsActions.erase(fixture.runtime, email: Self.email, actor: Self.agent)
        #expect(answer.contains("asked partner acme to erase the copies"), "\(answer)")
        let queued = try fixture.runtime.database.outbox.items().filter { $0.kind == erasureNoticeKind }
        try #require(queued.count == 1)
        #expect(queued[0].recipientKind == .partner && queued[0].recipientName == "acme" && queued[0].ticket == nil && queued[0].state == .pending)
        #expect(try fixture.runtime.database.register.log(deliveredOnly: true).map(\.erasureNotice) == [.queued, .queued])

        let before = smtp.attempts.count
        #expect(try OutboxPass.run(fixture.runtime, session: smtp).sent == 1)
        let notice = try #require(smtp.attempts.dropFirst(before).first)
        #expect(notice.recipients == ["service@acme.example"])
        let text = String(decoding: notice.message, as: UTF8.self)
        let message = try MessageParser().parse(notice.message)
        for id in copyIDs {
            #expect(message.text.contains("<\(id)>"), "the notice must name copy \(id)")
                    }
        #expect(message.header.first("Auto-Submitted")?.value == "auto-generated")
        #expect(Set(message.references) == Set(copyIDs))
        // Nothing about the person: not the name, the address, nor the pseudonym acme knew.
        for value in [Self.email, "Probe", "Person 1", "probe.1"] + pseudonyms {
            #expect(!text.contains(value), "the notice carries a personal value")
        }

        let register = try fixture.runtime.database.register.log(deliveredOnly: true)
        #expect(register.allSatisfy { if case .sent = $0.erasureNotice { true } else { false } }, "\(register.map(\.erasureNotice))")
        #expect(register.allSatisfy { $0.ticket == nil }, "the erased ticket's number stays in no transfer")
        let json = try RegisterReport.render(fixture.runtime, format: .json)
        #expect(json.contains("\"erasure_notice\" : \"sent\"") || json.contains("\"erasure_notice\":\"sent\""), "\(json)")
        let events = try fixture.runtime.database.audit.events()
        let sent = try #require(events.last { $0.action == "subject.erasure_notice_sent" })
        #expect(sent.details["recipient"] == "acme" && sent.details["copies"] == "2")
        let erased = try #require(events.last { $0.action == "subject.erased" })
        #expect(erased.details["partners_notified"] == "acme")
        // Sending it registered no transfer of its own.
        #expect(register.count == 2)
    }

    @Test("a copy the partner's server refused (5xx) was never received: it is not recalled")
    func failedCopyIsNotRecalled() throws {
        let fixture = try UseCaseFixture()
        try OutboxPassTests.ticket(fixture)
        _ = try TicketActions.forward(fixture.runtime, ticket: 1, partner: "acme", note: nil, allowSensitive: nil, actor: Self.agent)
        #expect(try OutboxPass.run(fixture.runtime, session: ScriptedSubmissionServer(script: [.permanentRefusal])).failed == 1)
        let answer = try SubjectRightsActions.erase(fixture.runtime, email: Self.email, actor: Self.agent)
        #expect(!answer.contains("asked partner"), "\(answer)")
        #expect(try fixture.runtime.database.outbox.items().allSatisfy { $0.kind != erasureNoticeKind })
    }

    @Test("a ticket kept under a legal hold is not erased, so its copies are not recalled")
    func keptTicketIsNotRecalled() throws {
        let (fixture, _) = try Self.delivered(copies: 1)
        _ = try RetentionCommands.hold(fixture.runtime, ticket: 1, reason: "court case 4 O 1/26", until: nil, actor: Self.agent)
        let answer = try SubjectRightsActions.erase(fixture.runtime, email: Self.email, actor: Self.agent)
        #expect(answer.contains("kept ticket 1") && !answer.contains("asked partner"), "\(answer)")
        #expect(try fixture.runtime.database.outbox.items().allSatisfy { $0.kind != erasureNoticeKind })
        #expect(try fixture.runtime.database.register.log(deliveredOnly: true).map(\.erasureNotice) == [nil])
    }

    @Test("the notice text: German and English, the copies with the day they arrived, the controller's name")
    func letter() throws {
        let copies = [
            RecalledCopy(transfer: 1, partner: "acme", recipient: "service@acme.example", messageID: "f.1@support.example.com",
                         sentAt: Date(timeIntervalSince1970: 1_800_000_000)),
            RecalledCopy(transfer: 2, partner: "acme", recipient: "service@acme.example", messageID: "f.2@support.example.com",
                         sentAt: Date(timeIntervalSince1970: 1_800_086_400)),
        ]
        let body = ErasureNoticeLetters.body(copies, controller: "Beispiel GmbH")
        #expect(body.contains("Art. 17 Abs. 2 und Art. 19 DSGVO") && body.contains("Art. 17(2) and Art. 19 GDPR"))
        #expect(body.contains("- <f.1@support.example.com> (2027-01-15)") && body.contains("- <f.2@support.example.com> (2027-01-16)"))
        #expect(body.hasSuffix("-- \nBeispiel GmbH"))
    }
}
