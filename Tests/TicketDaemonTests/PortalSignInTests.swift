import Foundation
import MailFormat
import Privacy
import TicketStore
import Testing
import Tickets
@testable import TicketDaemon

/// Asking for a sign-in (issue 18): the mail for an address ticketd knows and for one it does
/// not know differ only in the link and the code; the link's POST signs in once; the code counts
/// in its own browser only; an address's hourly share ends the mails, not the answer.
@Suite("Portal sign-in: mails, links, codes")
struct PortalSignInTests {
    static let portal = Configuration.Portal(listener: .socket("/run/ticketd/portal.sock"), publicURL: "https://privacy.example.com",
                                             sessionIdle: 1_800, linkValid: 900, mailsPerAddress: 3)

    /// The queued mail's text, with its Message-ID, Date, link token and code replaced by
    /// placeholders: what is left must not depend on the address being known.
    static func shape(_ fixture: UseCaseFixture, outbox: Int64) throws -> (text: String, token: String, code: String) {
        let message = try fixture.runtime.database.outbox.payload(outbox).message
        let parsed = try MessageParser(limits: MessageLimits(maxMessageBytes: 1 << 20)).parse(message)
        let body = MailIngest.readableText(parsed)
        let token = try #require(body.range(of: #"/sign-in/[A-Za-z0-9_-]{43}"#, options: .regularExpression).map { String(body[$0].dropFirst(9)) })
        let code = try #require(body.range(of: #"\d{3} \d{3}"#, options: .regularExpression).map { String(body[$0]) })
        // The body as a reader sees it (decoded), and the header fields a reader sees, beside the
        // raw header fields that vary by nature (Message-ID, Date, To): everything else must match.
        var text = body + "\n" + (parsed.subject ?? "") + "\n" + parsed.from.map(\.description).joined()
        for (value, placeholder) in [(token, "TOKEN"), (code, "CODE")] { text = text.replacingOccurrences(of: value, with: placeholder) }
        let raw = String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        let headers = [text] + raw.filter { !$0.hasPrefix("Message-ID:") && !$0.hasPrefix("Date:") && !$0.hasPrefix("To:") }
        return (headers.joined(separator: "\n"), token, code.replacingOccurrences(of: " ", with: ""))
    }

    @Test("known and unknown addresses get the same mail but for link and code; the link signs in once, to the person or to nobody")
    func sameMailEitherWay() throws {
        let fixture = try UseCaseFixture()
        let runtime = fixture.runtime
        _ = try runtime.database.subjects.create(PersonalData(name: "Ilse Portalia", email: "ilse.portal@example.org"),
                                                 email: try EmailAddress(parsing: "ilse.portal@example.org"), actor: .system("ingest"))
        #expect(try PortalSignIn.request(runtime, email: "ilse.portal@example.org", browser: .init(secret: "b1"), portal: Self.portal))
        #expect(try PortalSignIn.request(runtime, email: "nobody.here@example.net", browser: .init(secret: "b2"), portal: Self.portal))
        let queued = try runtime.database.outbox.due()
        #expect(queued.count == 2)
        let known = try Self.shape(fixture, outbox: queued[0].id), unknown = try Self.shape(fixture, outbox: queued[1].id)
        #expect(known.text == unknown.text, "the mails differ beyond link and code:\n\(known.text)\n---\n\(unknown.text)")
        #expect(known.token != unknown.token && known.code != unknown.code)

        guard case .signedIn(_, let person) = try PortalSignIn.followLink(runtime, token: known.token, session: "session-1") else {
            Issue.record("the known person's link did not sign in"); return
        }
        #expect(person != nil)
        #expect(try PortalSignIn.followLink(runtime, token: known.token, session: "session-2") == .refused(.consumed))
        guard case .signedIn(_, let nobody) = try PortalSignIn.enterCode(runtime, code: unknown.code, browser: .init(secret: "b2"), session: "session-3") else {
            Issue.record("the unknown address's code did not sign in"); return
        }
        #expect(nobody == nil, "an address without data signs in to a session that holds none")
        #expect(try PortalSignIn.enterCode(runtime, code: known.code, browser: .init(secret: "b2"), session: "s4") != .signedIn(session: 0, subject: person))
        #expect(try PortalSignIn.followLink(runtime, token: "not-a-token", session: "s5") == .unknown)
    }

    @Test("an address's hourly share: the fourth mail in an hour is not sent, and the caller is told nothing different")
    func hourlyShare() throws {
        let fixture = try UseCaseFixture()
        for _ in 1...3 { #expect(try PortalSignIn.request(fixture.runtime, email: "ada.many@example.org", browser: .init(secret: "b"), portal: Self.portal)) }
        #expect(try !PortalSignIn.request(fixture.runtime, email: "ada.many@example.org", browser: .init(secret: "b"), portal: Self.portal))
        #expect(try fixture.runtime.database.outbox.due().count == 3)
        fixture.clock.advance(by: 3_601)
        #expect(try PortalSignIn.request(fixture.runtime, email: "ada.many@example.org", browser: .init(secret: "b"), portal: Self.portal))
        #expect(throws: OperatorError.self) { try PortalSignIn.request(fixture.runtime, email: "not an address", browser: .init(secret: "b"), portal: Self.portal) }
        #expect(!fixture.logText.contains("ada.many"), "no address in the log")
    }

    @Test("the sweep removes spent challenges and ended sessions, and logs how many")
    func sweepPurges() throws {
        let fixture = try UseCaseFixture()
        #expect(try PortalSignIn.request(fixture.runtime, email: "ada.sweep@example.org", browser: .init(secret: "b"), portal: Self.portal))
        let item = try #require(try fixture.runtime.database.outbox.due().first)
        try fixture.runtime.database.outbox.markSent(item.id, receipt: "250 ok", transfer: nil, payloadSHA256: "00", actor: .system("outbox"))
        fixture.clock.advance(by: 2 * 86_400)
        _ = try Sweep.run(fixture.runtime, now: fixture.clock.now, dryRun: false)
        #expect(fixture.logText.contains("sweep.portal_purged"), "\(fixture.logText.suffix(800))")
        #expect(try fixture.runtime.database.portal.purge(at: fixture.clock.now, idle: 1_800) == (0, 0), "nothing left for a second purge")
    }
}
