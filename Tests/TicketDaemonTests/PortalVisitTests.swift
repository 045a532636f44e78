import Foundation
import Privacy
import TestSupport
import TicketStore
import Testing
import Tickets
@testable import TicketDaemon

/// Each request to the portal (issue 18): the session its cookie names stands until it has been
/// idle for `session_idle`, is touched by every request, and is ended when found lapsed; signing
/// out ends it and is audited; the overview counts without naming anything.
@Suite("Portal visits: sessions and the overview")
struct PortalVisitTests {
    static let portal = PortalSignInTests.portal

    /// A session for `email` (made through the code, as the shell makes one), its id returned.
    static func signIn(_ fixture: UseCaseFixture, email: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let browser = PortalSecret.token(using: &generator), session = PortalSecret.token(using: &generator)
        #expect(try PortalSignIn.request(fixture.runtime, email: email, browser: .init(secret: browser), portal: portal))
        let queued = try #require(try fixture.runtime.database.outbox.due().last)
        let code = try PortalSignInTests.shape(fixture, outbox: queued.id).code
        guard case .signedIn = try PortalSignIn.enterCode(fixture.runtime, code: code, browser: .init(secret: browser), session: session) else {
            Issue.record("the code did not sign in")
            return session
        }
        return session
    }

    @Test("a session stands while used, each request moving its idle time on; idle too long it is ended and stays ended; a malformed or unknown id opens nothing")
    func idleTimeout() throws {
        let fixture = try UseCaseFixture()
        let session = try Self.signIn(fixture, email: "paula.visit@example.org")
        #expect(try PortalVisit.session(fixture.runtime, id: session, portal: Self.portal) != nil)
        // Twenty minutes later, and twenty more: each request keeps it standing (idle is 30 minutes).
        for _ in 1...2 {
            fixture.clock.advance(by: 20 * 60)
            #expect(try PortalVisit.session(fixture.runtime, id: session, portal: Self.portal) != nil)
        }
        fixture.clock.advance(by: 31 * 60)
        #expect(try PortalVisit.session(fixture.runtime, id: session, portal: Self.portal) == nil)
        #expect(fixture.logText.contains("portal.session_lapsed"))
        // Ended, not just judged: even a clock turned back would not bring it back.
        #expect(try fixture.runtime.database.portal.session(idHash: PortalSecret.hash(session)) == nil)
        #expect(try PortalVisit.session(fixture.runtime, id: "not a token", portal: Self.portal) == nil)
        #expect(try PortalVisit.session(fixture.runtime, id: String(repeating: "A", count: 43), portal: Self.portal) == nil)
    }

    @Test("signing out ends the session, audited under the person's pseudonym; a second sign-out ends nothing")
    func signOut() throws {
        let fixture = try UseCaseFixture()
        _ = try MailIngest.run(fixture.runtime, paths: [fixture.configuration.directory.write("form.eml", String(decoding: MadeUpMail.contactForm(1, email: "paula.visit@example.org"), as: UTF8.self))])
        let session = try Self.signIn(fixture, email: "paula.visit@example.org")
        #expect(try PortalVisit.signOut(fixture.runtime, id: session))
        #expect(try PortalVisit.session(fixture.runtime, id: session, portal: Self.portal) == nil)
        #expect(try !PortalVisit.signOut(fixture.runtime, id: session))
        let events = try fixture.runtime.database.audit.events().filter { $0.action == "portal.signed_out" }
        #expect(events.count == 1 && events.first?.actor.description.hasPrefix("portal:S-") == true && events.first?.subject != nil, "\(events)")
        #expect(!fixture.logText.contains("paula.visit"))
    }

    @Test("the overview: an address without data holds none; a person's tickets, open ones, and each consent's latest standing")
    func overview() throws {
        let fixture = try UseCaseFixture()
        let stranger = try Self.signIn(fixture, email: "nobody.visit@example.org")
        let none = try #require(try PortalVisit.session(fixture.runtime, id: stranger, portal: Self.portal))
        #expect(try PortalOverview.of(fixture.runtime, session: none) == PortalOverview(holdsData: false))

        _ = try MailIngest.run(fixture.runtime, paths: [
            fixture.configuration.directory.write("1.eml", String(decoding: MadeUpMail.contactForm(1, email: "paula.visit@example.org", marketing: true), as: UTF8.self)),
            fixture.configuration.directory.write("2.eml", String(decoding: MadeUpMail.contactForm(2, email: "paula.visit@example.org"), as: UTF8.self)),
        ])
        _ = try TicketActions.close(fixture.runtime, ticket: 1, actor: .system("test"))
        let session = try Self.signIn(fixture, email: "paula.visit@example.org")
        let record = try #require(try PortalVisit.session(fixture.runtime, id: session, portal: Self.portal))
        let overview = try PortalOverview.of(fixture.runtime, session: record)
        #expect(overview.holdsData && overview.tickets == 2 && overview.openTickets == 1 && overview.transfers == 0 && !overview.restricted, "\(overview)")
        // The second form said no to marketing: its record is the latest.
        #expect(overview.consents == [.init(purpose: "marketing", state: .refused), .init(purpose: "processing", state: .given)], "\(overview.consents)")
    }
}
