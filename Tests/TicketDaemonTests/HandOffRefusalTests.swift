import Foundation
import Privacy
import TestSupport
import Testing
import TicketStore
import Tickets
@testable import TicketDaemon

/// The refusals of DESIGN §3, invariant 4, through the use cases the command line calls, on a
/// real SQLite file and in milliseconds: each refusal leaves the outbox and the audit trail as
/// they were, and the same call passes once the cause is gone.
@Suite("Hand-off refusals through the use cases")
struct HandOffRefusalTests {
    /// The demo's configuration (queues tv and web (marketing), partner acme), with the samples
    /// of a form without marketing consent (01), one with it (05) and one about health (09) taken in.
    struct Desk {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig)
        let runtime: Runtime
        /// Tickets with no marketing consent, with a marketing consent, and with special categories.
        let agent = try! Actor(.agent, "test-agent")
        let plain: Int64, marketing: Int64, health: Int64

        init() throws {
            runtime = try Runtime.open(configPath: fixture.configPath, environment: [:], logSink: .memory())
            _ = try MailIngest.run(runtime, paths: ["01-", "05-", "09-"].map(RepositoryPaths.sample))
            let tickets = try runtime.database.tickets.list()
            try #require(tickets.count == 3, "the three samples open three tickets")
            let health = try #require(tickets.first { !$0.sensitive.isEmpty }?.id)
            let marketing = try #require(tickets.first { record in record.consents.contains { $0.purpose == "marketing" && $0.granted == true } }?.id)
            plain = try #require(tickets.first { record in
                record.sensitive.isEmpty && !record.consents.contains { $0.purpose == "marketing" && $0.granted == true }
            }?.id)
            self.health = health
            self.marketing = marketing
        }

        /// What a refusal must leave alone.
        func trace() throws -> (outbox: Int, audit: Int) {
            (try runtime.database.outbox.items().count, try runtime.database.audit.events().count)
        }

        /// The refusal `body` throws, with a check that it changed nothing.
        func refusal(_ body: () throws(OperatorError) -> String) throws -> HandOffRefusal? {
            let before = try trace()
            do {
                _ = try body()
                return nil
            } catch {
                let after = try trace()
                #expect(after == before, "a refusal queues nothing and records nothing")
                guard case .refused(let refusal) = error else {
                    Issue.record("expected a hand-off refusal, got: \(error)")
                    return nil
                }
                return refusal
            }
        }
    }

    @Test("a partner that is not in the register receives nothing")
    func unregisteredPartner() throws {
        let desk = try Desk()
        let refusal = try desk.refusal { () throws(OperatorError) in
            try TicketActions.forward(desk.runtime, ticket: desk.plain, partner: "globex", note: nil, allowSensitive: nil, actor: desk.agent)
        }
        #expect(refusal == .unregisteredPartner("globex", registered: ["acme"]))
        _ = try TicketActions.forward(desk.runtime, ticket: desk.plain, partner: "acme", note: nil, allowSensitive: nil, actor: desk.agent)
        #expect(try desk.runtime.database.outbox.items().map(\.recipientName) == ["acme"])
    }

    @Test("special categories go to a partner only with a recorded reason")
    func specialCategories() throws {
        let desk = try Desk()
        for reason in [nil, " "] as [String?] {
            let refusal = try desk.refusal { () throws(OperatorError) in
                try TicketActions.forward(desk.runtime, ticket: desk.health, partner: "acme", note: nil, allowSensitive: reason, actor: desk.agent)
            }
            guard case .specialCategoriesNeedReason(desk.health, let categories)? = refusal else {
                Issue.record("expected the special-categories refusal, got \(String(describing: refusal))")
                continue
            }
            #expect(!categories.isEmpty)
        }
        _ = try TicketActions.forward(desk.runtime, ticket: desk.health, partner: "acme", note: nil, allowSensitive: "model of the hearing aid", actor: desk.agent)
        let forwarded = try #require(try desk.runtime.database.audit.events(ticket: desk.health).last { $0.action == "ticket.forwarded" })
        #expect(forwarded.details["allow_sensitive"] == "model of the hearing aid")
    }

    @Test("the marketing queue only under a marketing consent that stands")
    func marketingGate() throws {
        let desk = try Desk()
        #expect(try desk.refusal { () throws(OperatorError) in
            try TicketActions.assign(desk.runtime, ticket: desk.plain, queue: "web", actor: desk.agent)
        } == .noMarketingConsent(ticket: desk.plain, queue: "web"))
        #expect(try desk.refusal { () throws(OperatorError) in
            try TicketView.show(desk.runtime, id: desk.plain, role: .marketing, json: true)
        } == .noMarketingConsent(ticket: desk.plain, queue: nil))
        // Given: the copy goes, and marketing may read the ticket.
        _ = try TicketActions.assign(desk.runtime, ticket: desk.marketing, queue: "web", actor: desk.agent)
        _ = try TicketView.show(desk.runtime, id: desk.marketing, role: .marketing, json: true)
        // Withdrawn: neither any more (the assignment used to pass on a withdrawn consent).
        let email = try #require(try desk.runtime.database.tickets.customer(ofTicket: desk.marketing)?.email)
        _ = try SubjectRightsActions.withdraw(desk.runtime, email: email, purpose: "marketing", actor: desk.agent)
        #expect(try desk.refusal { () throws(OperatorError) in
            try TicketActions.assign(desk.runtime, ticket: desk.marketing, queue: "web", actor: desk.agent)
        } == .noMarketingConsent(ticket: desk.marketing, queue: "web"))
        #expect(try desk.refusal { () throws(OperatorError) in
            try TicketView.show(desk.runtime, id: desk.marketing, role: .marketing, json: true)
        } == .noMarketingConsent(ticket: desk.marketing, queue: nil))
    }

    @Test("a restricted ticket stays with the agents: no queue, no partner, no other role's view")
    func restricted() throws {
        let desk = try Desk()
        let email = try #require(try desk.runtime.database.tickets.customer(ofTicket: desk.plain)?.email)
        _ = try SubjectRightsActions.withdraw(desk.runtime, email: email, purpose: "processing", actor: desk.agent)
        #expect(try desk.refusal { () throws(OperatorError) in
            try TicketActions.assign(desk.runtime, ticket: desk.plain, queue: "tv", actor: desk.agent)
        } == .restricted(ticket: desk.plain, action: .assign))
        #expect(try desk.refusal { () throws(OperatorError) in
            try TicketActions.forward(desk.runtime, ticket: desk.plain, partner: "acme", note: nil, allowSensitive: nil, actor: desk.agent)
        } == .restricted(ticket: desk.plain, action: .forward))
        #expect(try desk.refusal { () throws(OperatorError) in
            try TicketView.show(desk.runtime, id: desk.plain, role: .department, json: true)
        } == .restricted(ticket: desk.plain, action: .view))
        _ = try TicketView.show(desk.runtime, id: desk.plain, role: .agent, json: true)
    }

    @Test("a person's restriction (Art. 18) takes their tickets out of every action but closing")
    func subjectRestriction() throws {
        let desk = try Desk()
        let email = try #require(try desk.runtime.database.tickets.customer(ofTicket: desk.plain)?.email)
        _ = try SubjectRightsActions.restrict(desk.runtime, email: email, restricted: true, actor: desk.agent)
        #expect(try desk.refusal { () throws(OperatorError) in
            try TicketActions.assign(desk.runtime, ticket: desk.plain, queue: "tv", actor: desk.agent)
        } == .archiveOnly(ticket: desk.plain, cause: .subjectRestricted, action: .process))
        #expect(try desk.refusal { () throws(OperatorError) in
            try TicketView.show(desk.runtime, id: desk.plain, role: .agent, json: true)
        } == .archiveOnly(ticket: desk.plain, cause: .subjectRestricted, action: .view))
        _ = try TicketView.show(desk.runtime, id: desk.plain, role: .agent, json: true, archive: true)
        _ = try TicketActions.close(desk.runtime, ticket: desk.plain, actor: desk.agent)
        #expect(try desk.runtime.database.tickets.find(desk.plain)?.state == .closed)
    }
}
