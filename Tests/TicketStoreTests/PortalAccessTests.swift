import Foundation
import GRDB
import MailFormat
import Privacy
import Testing
@testable import TicketStore
import Tickets

/// The portal's records (issue 18, schema v11): challenges with their sealed mails, proofs that
/// consume them once, sessions tied to a subject and never to an address.
@Suite("Portal records: challenges, proofs, sessions")
struct PortalAccessTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let address = try! EmailAddress(parsing: "ilse.portal@example.org")
    static let mail = PortalMailDraft(kind: "portal_sign_in", messageID: "r.1@support.example.com",
                                      payload: Array("To: ilse.portal@example.org\r\nSubject: Signing in\r\n\r\nlink\r\n".utf8))

    static func challenge(_ purpose: PortalChallenge.Purpose = .signIn) -> PortalChallenge {
        PortalChallenge(purpose: purpose, createdAt: now, expiresAt: now.addingTimeInterval(900))
    }

    /// Issues a sign-in challenge with `token`, `code` and `browser` and a mail of its own.
    func issue(_ database: TicketDatabase, token: String?, code: String = "123456", browser: String = "browser-1", number: Int = 1,
               purpose: PortalChallenge.Purpose = .signIn, session: Int64? = nil, limit: Int = 5) throws -> (challenge: Int64, outbox: Int64)? {
        var mail = Self.mail
        mail.messageID = "r.\(number)@support.example.com"
        return try database.portal.issue(Self.challenge(purpose), to: Self.address, tokenHash: token.map(PortalSecret.hash), codeHash: PortalSecret.hash(code),
                                         browserHash: PortalSecret.hash(browser), session: session, mail: mail, limit: limit,
                                         windowStart: Self.now.addingTimeInterval(-3_600))
    }

    @Test("the link signs in once; the address and the mail are stored sealed, the address only as its keyed hash")
    func linkOnce() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let issued = try #require(try issue(database, token: "T".padding(toLength: 43, withPad: "k", startingAt: 0)))
        let token = "T".padding(toLength: 43, withPad: "k", startingAt: 0)
        let first = try database.portal.redeem(.link(tokenHash: PortalSecret.hash(token)), newSessionHash: PortalSecret.hash("s1"), at: Self.now.addingTimeInterval(60))
        guard case .signedIn(let session, let subject) = first else { Issue.record("not signed in: \(first)"); return }
        #expect(subject == nil, "the address holds no data")
        #expect(try database.portal.redeem(.link(tokenHash: PortalSecret.hash(token)), newSessionHash: PortalSecret.hash("s2"), at: Self.now.addingTimeInterval(61))
                == .refused(.consumed))
        #expect(try database.portal.redeem(.link(tokenHash: PortalSecret.hash("other")), newSessionHash: PortalSecret.hash("s3"), at: Self.now) == .unknown)
        let record = try #require(try database.portal.session(idHash: PortalSecret.hash("s1")))
        #expect(record.id == session && record.session.subject == nil && record.session.createdAt == Self.now.addingTimeInterval(60))
        // The queued mail opens to what was queued; the file holds neither the address nor the mail in the clear.
        let payload = try database.outbox.payload(issued.outbox)
        #expect(payload.recipient == Self.address.description && payload.message == Self.mail.payload)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.path)) + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("ilse.portal".utf8)) == nil)
        #expect(try database.audit.events().map(\.action).filter { $0.hasPrefix("portal.") } == ["portal.mail_queued", "portal.signed_in", "portal.proof_refused"])
    }

    @Test("a known address signs in as its subject, audited as portal:<pseudonym>; erasing the subject ends its sessions")
    func knownSubject() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let subject = try database.subjects.create(PersonalData(name: "Ilse Portalia", email: Self.address.description), email: Self.address, actor: .system("ingest"))
        _ = try #require(try issue(database, token: nil))
        let redeemed = try database.portal.redeem(.code(codeHash: PortalSecret.hash("123456"), browserHash: PortalSecret.hash("browser-1"), purpose: .signIn, session: nil),
                                                  newSessionHash: PortalSecret.hash("s1"), at: Self.now.addingTimeInterval(10))
        guard case .signedIn(_, let pseudonym) = redeemed else { Issue.record("not signed in: \(redeemed)"); return }
        #expect(pseudonym == subject.pseudonym.rawValue)
        let signedIn = try database.audit.events().filter { $0.action == "portal.signed_in" }
        #expect(signedIn.map(\.actor) == ["portal:\(subject.pseudonym.rawValue)"])
        _ = try database.subjects.erase(subject.pseudonym, actor: .system("test"), reason: "Art. 17 request")
        #expect(try database.portal.session(idHash: PortalSecret.hash("s1")) == nil, "an erased person's session ends with them")
    }

    @Test("a code counts only in the browser that asked, for four wrong tries; the fifth spends it")
    func codes() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        _ = try #require(try issue(database, token: nil, code: "654321", browser: "browser-1"))
        func enter(_ code: String, browser: String = "browser-1") throws -> PortalRedemption {
            try database.portal.redeem(.code(codeHash: PortalSecret.hash(code), browserHash: PortalSecret.hash(browser), purpose: .signIn, session: nil),
                                       newSessionHash: PortalSecret.hash("s-\(code)-\(browser)"), at: Self.now.addingTimeInterval(30))
        }
        #expect(try enter("654321", browser: "browser-2") == .unknown, "another browser's code is no code at all")
        for _ in 1...4 { #expect(try enter("000000") == .refused(.wrongCode)) }
        guard case .signedIn = try enter("654321") else { Issue.record("the right code after four wrong ones signs in"); return }
        _ = try #require(try issue(database, token: nil, code: "111111", browser: "browser-3", number: 2))
        for _ in 1...4 { _ = try enter("000000", browser: "browser-3") }
        #expect(try enter("000000", browser: "browser-3") == .refused(.tooManyAttempts))
        #expect(try enter("111111", browser: "browser-3") == .refused(.tooManyAttempts), "spent, even for the right code")
    }

    @Test("five mails an hour per address, then nothing is written; a fresh code steps a session up for ten minutes")
    func limitAndStepUp() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        for number in 1...5 { #expect(try issue(database, token: nil, number: number) != nil) }
        #expect(try issue(database, token: nil, number: 6) == nil)
        #expect(try Int(database.outbox.due().count) == 5)
        let signedIn = try database.portal.redeem(.code(codeHash: PortalSecret.hash("123456"), browserHash: PortalSecret.hash("browser-1"), purpose: .signIn, session: nil),
                                                  newSessionHash: PortalSecret.hash("s1"), at: Self.now.addingTimeInterval(5))
        guard case .signedIn(let session, _) = signedIn else { Issue.record("\(signedIn)"); return }
        _ = try #require(try issue(database, token: nil, code: "777777", browser: "browser-1", number: 7, purpose: .stepUp, session: session, limit: 10))
        let stepped = try database.portal.redeem(.code(codeHash: PortalSecret.hash("777777"), browserHash: PortalSecret.hash("browser-1"), purpose: .stepUp, session: session),
                                                 newSessionHash: Data(), at: Self.now.addingTimeInterval(20))
        #expect(stepped == .steppedUp(until: Self.now.addingTimeInterval(20 + PortalSession.stepUpValid)))
        #expect(try database.portal.session(idHash: PortalSecret.hash("s1"))?.session.isSteppedUp(at: Self.now.addingTimeInterval(30)) == true)
    }

    @Test("once its mail is sent, a challenge's key is gone; old challenges and idle sessions are purged")
    func shreddingAndPurge() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let issued = try #require(try issue(database, token: nil))
        try database.outbox.markSent(issued.outbox, receipt: "250 2.0.0 Ok", transfer: nil, payloadSHA256: "00", actor: .system("outbox"))
        let wrapped = try DatabaseQueue(path: fixture.path).read { db in try Data.fetchOne(db, sql: "SELECT wrapped_key FROM portal_challenges") }
        #expect(wrapped == Data())
        #expect(try database.audit.events().contains { $0.action == "portal.mail_sent" })
        _ = try database.portal.redeem(.code(codeHash: PortalSecret.hash("123456"), browserHash: PortalSecret.hash("browser-1"), purpose: .signIn, session: nil),
                                       newSessionHash: PortalSecret.hash("s1"), at: Self.now.addingTimeInterval(5))
        let purged = try database.portal.purge(at: Self.now.addingTimeInterval(2 * 86_400), idle: 1_800)
        #expect(purged.challenges == 1 && purged.sessions == 1)
    }
}
