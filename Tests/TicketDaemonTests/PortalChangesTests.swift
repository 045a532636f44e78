import Foundation
import MailFormat
import Privacy
import TestSupport
import TicketStore
import Testing
import Tickets
import TransportFakes
@testable import TicketDaemon

/// What a signed-in person sees and changes in the portal (issue 18), on a real SQLite file:
/// the full view, their own conversation only, fresh codes before the weighty changes, and every
/// change through the use case a request by mail uses, audited as `portal:<pseudonym>`. The
/// people are made up.
@Suite("Portal: the person's data and what they change")
struct PortalChangesTests {
    static let portal = PortalSignInTests.portal
    static let agent = try! Actor(.agent, "test-agent")
    static let anna = "anna.portalia@example.org", ben = "ben.portalia@example.net"

    /// Two people with a ticket each (Anna's answered and forwarded to the partner), Anna signed in.
    struct Desk {
        let fixture: UseCaseFixture
        let session: String

        init() throws {
            fixture = try UseCaseFixture()
            let directory = fixture.configuration.directory
            _ = try MailIngest.run(fixture.runtime, paths: [
                directory.write("anna.eml", String(decoding: MadeUpMail.contactForm(1, name: "Anna Portalia", email: PortalChangesTests.anna), as: UTF8.self)),
                directory.write("ben.eml", String(decoding: MadeUpMail.contactForm(2, name: "Ben Portalia", email: PortalChangesTests.ben), as: UTF8.self)),
            ])
            _ = try TicketActions.forward(fixture.runtime, ticket: 1, partner: "acme", note: "Bitte Gerät prüfen.", allowSensitive: nil, actor: PortalChangesTests.agent)
            _ = try TicketActions.reply(fixture.runtime, ticket: 1, file: directory.write("answer.txt", "Wir haben den Hersteller gefragt."), actor: PortalChangesTests.agent)
            // Sent, so that the transfer to the partner is in the register.
            #expect(try OutboxPass.run(fixture.runtime, session: ScriptedSubmissionServer(script: [], otherwise: .accepted)).sent == 2)
            session = try PortalVisitTests.signIn(fixture, email: PortalChangesTests.anna)
        }

        var runtime: Runtime { fixture.runtime }

        /// The session as a request finds it (touched).
        func record() throws -> PortalSessionRecord {
            try #require(try PortalVisit.session(runtime, id: session, portal: PortalChangesTests.portal))
        }

        func carryOut(_ change: PortalChanges.Change) throws -> PortalChanges.Outcome {
            try PortalChanges.carryOut(runtime, session: record(), change: change)
        }

        /// Mails a fresh code and types it in, as the code page does.
        func stepUp() throws {
            let person = try #require(try PortalPerson.of(runtime, session: record()))
            #expect(try PortalStepUp.send(runtime, person: person, sessionSecret: session, portal: PortalChangesTests.portal))
            let mail = try #require(try runtime.database.outbox.due().last)
            let text = String(decoding: try runtime.database.outbox.payload(mail.id).message, as: UTF8.self)
            #expect(!text.contains("/sign-in/"), "a fresh code comes without a link")
            let code = try #require(text.range(of: #"\d{3} \d{3}"#, options: .regularExpression).map { String(text[$0]) })
            #expect(try !PortalStepUp.confirm(runtime, person: person, sessionSecret: session, code: code == "000 000" ? "111 111" : "000 000"))
            #expect(try PortalStepUp.confirm(runtime, person: person, sessionSecret: session, code: code))
        }

        func audit(_ action: String) throws -> [AuditEvent] {
            try runtime.database.audit.events().filter { $0.action == action }
        }
    }

    @Test("the view: personal values, the ticket with its retention, each consent with evidence and history, the transfer to the partner")
    func view() throws {
        let desk = try Desk()
        let view = try PortalDataView.of(desk.runtime, session: desk.record())
        #expect(view.overview.holdsData && view.personal?.name == "Anna Portalia" && view.personal?.email == Self.anna)
        #expect(view.tickets.map(\.id) == [1], "only Anna's ticket: \(view.tickets.map(\.id))")
        #expect(view.consents.map(\.purpose) == ["marketing", "processing"])
        #expect(view.consents.map(\.state) == [.refused, .given])
        let processing = try #require(view.consents.last?.history.first)
        #expect(processing.mechanism.hasPrefix("contact form") && processing.form != nil && processing.formVersion == "2.3" && processing.ticket == 1)
        #expect(view.transfers.count == 1 && view.transfers.first?.ticket == 1 && !(view.transfers.first?.legalBasis.isEmpty ?? true))
        #expect(view.freshUntil == nil)
    }

    @Test("a ticket shows the person's own message and the answer to them, never the partner's copy; another's ticket or a missing one shows nothing")
    func conversation() throws {
        let desk = try Desk()
        let ticket = try #require(try PortalTicketView.of(desk.runtime, session: desk.record(), ticket: 1))
        #expect(ticket.messages.map(\.fromPerson) == [true, false], "\(ticket.messages.map(\.fromPerson))")
        #expect(ticket.messages.last?.text.contains("Wir haben den Hersteller gefragt.") == true)
        #expect(!ticket.messages.contains { $0.text.contains("Bitte Gerät prüfen.") }, "the partner's copy and its note stay out")
        // The store holds the partner's copy as an outbound message of the same ticket.
        #expect(try desk.runtime.database.tickets.messages(ofTicket: 1).filter { $0.direction == "outbound" }.count == 2)
        #expect(try PortalTicketView.of(desk.runtime, session: desk.record(), ticket: 2) == nil, "Ben's ticket")
        #expect(try PortalTicketView.of(desk.runtime, session: desk.record(), ticket: 99) == nil)
    }

    @Test("consent changes wait for a fresh code; with it, processing is withdrawn (open tickets restricted) and marketing given and withdrawn, each audited as portal:<pseudonym>; the code counts ten minutes")
    func consents() throws {
        let desk = try Desk()
        guard case .needsFreshCode = try desk.carryOut(.withdrawConsent(purpose: "processing")) else { Issue.record("no fresh code was asked for"); return }
        #expect(try desk.audit("consent.withdrawn").isEmpty, "nothing happened without the code")
        try desk.stepUp()
        guard case .consent("marketing", true, true) = try desk.carryOut(.giveMarketingConsent) else { Issue.record("marketing not given"); return }
        guard case .consent("marketing", true, false) = try desk.carryOut(.giveMarketingConsent) else { Issue.record("given twice"); return }
        guard case .consent("marketing", false, true) = try desk.carryOut(.withdrawConsent(purpose: "marketing")) else { Issue.record("marketing not withdrawn"); return }
        #expect(try desk.runtime.database.subjects.isSuppressedForMarketing(EmailAddress(parsing: Self.anna)))
        guard case .consent("marketing", true, true) = try desk.carryOut(.giveMarketingConsent) else { Issue.record("marketing not given again"); return }
        #expect(try !desk.runtime.database.subjects.isSuppressedForMarketing(EmailAddress(parsing: Self.anna)), "her own later wish lifts the suppression")
        guard case .consent("processing", false, true) = try desk.carryOut(.withdrawConsent(purpose: "processing")) else { Issue.record("processing not withdrawn"); return }
        let view = try PortalDataView.of(desk.runtime, session: desk.record())
        #expect(view.consents.map(\.state) == [.given, .withdrawn])
        #expect(view.consents.first?.history.count == 3, "refused in the form, given, withdrawn, given again: \(view.consents.first?.history ?? [])")
        #expect(view.tickets.first?.restricted == true, "withdrawing processing restricts the open ticket")
        let events = try desk.audit("consent.withdrawn") + desk.audit("consent.given")
        #expect(events.count == 4 && events.allSatisfy { $0.actor.description.hasPrefix("portal:S-") && $0.subject != nil }, "\(events.map(\.actor))")
        #expect(try desk.audit("portal.stepped_up").count == 1)
        desk.fixture.clock.advance(by: 11 * 60)
        guard case .needsFreshCode = try desk.carryOut(.withdrawConsent(purpose: "marketing")) else { Issue.record("the code counted longer than ten minutes"); return }
        #expect(!desk.fixture.logText.contains(Self.anna) && !desk.fixture.logText.contains("Anna Portalia"))
    }

    @Test("rectification needs no code, changes name, phone and address but never the e-mail address, audited as portal:<pseudonym>")
    func rectification() throws {
        let desk = try Desk()
        let values = RectificationValues(values: [.name: "Anna Portalia-Neu", .phone: "+49 30 5550 2727", .email: "elsewhere@example.net"])
        guard case .rectified(let fields) = try desk.carryOut(.rectify(values)) else { Issue.record("not rectified"); return }
        #expect(fields == [.name, .phone])
        let personal = try #require(try PortalDataView.of(desk.runtime, session: desk.record()).personal)
        #expect(personal.name == "Anna Portalia-Neu" && personal.phone == "+49 30 5550 2727" && personal.email == Self.anna)
        #expect(try desk.audit("subject.rectified").last?.actor.description.hasPrefix("portal:S-") == true)
    }

    @Test("the export waits for a fresh code, then is the document `subject export --json` gives, audited as subject.exported by portal:<pseudonym>")
    func export() throws {
        let desk = try Desk()
        guard case .needsFreshCode = try desk.carryOut(.export) else { Issue.record("no fresh code was asked for"); return }
        try desk.stepUp()
        guard case .exported(let document) = try desk.carryOut(.export) else { Issue.record("no export"); return }
        let reference = try SubjectRightsActions.exportDocument(desk.runtime, email: Self.anna, actor: Self.agent, now: desk.runtime.database.now())
        #expect(document.json == reference.json)
        #expect(document.tickets.count == 1 && document.transfers.count == 1)
        let exported = try desk.audit("subject.exported")
        #expect(exported.count == 2 && exported.first?.actor.description.hasPrefix("portal:S-") == true)
    }

    @Test("restriction is recorded at once; erasure waits for a fresh code; both become confirmed requests via the portal that the fulfilment round carries out, with the mail's deadline and answer")
    func requests() throws {
        let desk = try Desk()
        guard case .requested(let restriction) = try desk.carryOut(.request(.restriction)) else { Issue.record("restriction not requested"); return }
        #expect(restriction.state == "confirmed" && restriction.kinds == [.restriction])
        #expect(restriction.deadline.lastDay(in: RetentionSchedule.calendar) > desk.runtime.database.now().addingTimeInterval(27 * 86_400))
        guard case .needsFreshCode = try desk.carryOut(.request(.erasure)) else { Issue.record("erasure asked for no code"); return }
        try desk.stepUp()
        guard case .requested(let erasure) = try desk.carryOut(.request(.erasure)) else { Issue.record("erasure not requested"); return }
        #expect(try PortalDataView.of(desk.runtime, session: desk.record()).requests.map(\.id) == [restriction.id, erasure.id])
        let received = try desk.audit("request.received").filter { $0.details["via"] == "portal" }
        #expect(received.count == 2 && received.allSatisfy { $0.actor.description.hasPrefix("portal:S-") })
        #expect(RequestFulfilment.runPending(desk.runtime) == 2)
        #expect(try desk.runtime.database.requests.find(erasure.id)?.state == "done")
        // Erased with her sessions: the cookie opens nothing any more, and Ben is untouched.
        #expect(try PortalVisit.session(desk.runtime, id: desk.session, portal: Self.portal) == nil)
        #expect(try desk.runtime.database.subjects.find(email: EmailAddress(parsing: Self.anna)) == nil)
        #expect(try desk.runtime.database.subjects.find(email: EmailAddress(parsing: Self.ben)) != nil)
        let answers = try desk.runtime.database.outbox.due().filter { $0.kind == "request_answer" }
        #expect(answers.count == 2, "each request answered by mail")
    }
}
