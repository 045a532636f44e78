import MailFormat
import Testing
@testable import Tickets

/// The rules of DESIGN §3, invariant 4, with plain values: every refusal, and what passes.
@Suite("Hand-off rules: queues, partners and views")
struct HandOffRulesTests {
    let tv = Queue(name: "tv", address: try! EmailAddress(parsing: "tv-team@example.com"), role: .department)
    let web = Queue(name: "web", address: try! EmailAddress(parsing: "web-team@example.com"), role: .marketing)
    let acme = Partner(name: "acme", address: try! EmailAddress(parsing: "service@acme.example"), replyDomains: ["acme.example"],
                       purpose: "repairs", legalBasis: "Art. 6(1)(b) GDPR", dataCategories: ["device data"], thirdCountry: false, safeguards: nil)

    func standing(
        restricted: Bool = false, sensitive: [String] = [], marketing: Bool? = nil, withdrawn: Bool = false, suppressed: Bool = false,
        archive: TicketStanding.ArchiveOnlyCause? = nil
    ) -> TicketStanding {
        TicketStanding(id: 7, isRestricted: restricted, specialCategories: sensitive, marketingConsentGranted: marketing,
                       marketingConsentWithdrawn: withdrawn, suppressedForMarketing: suppressed, archiveOnly: archive)
    }

    func refusal(_ body: () throws(HandOffRefusal) -> Void) -> HandOffRefusal? {
        do { try body(); return nil } catch { return error }
    }

    @Test("an unknown queue or an unregistered partner is named with the ones that exist")
    func names() throws {
        #expect(try HandOffRules.queue(named: "tv", among: [tv, web]) == tv)
        #expect(try HandOffRules.partner(named: "acme", among: [acme]) == acme)
        let queue = refusal { () throws(HandOffRefusal) in _ = try HandOffRules.queue(named: "sales", among: [tv, web]) }
        #expect(queue == .unknownQueue("sales", configured: ["tv", "web"]))
        #expect(queue?.description == "there is no queue 'sales': the configured queues are tv, web; add it under [[queues]]")
        let partner = refusal { () throws(HandOffRefusal) in _ = try HandOffRules.partner(named: "globex", among: [acme]) }
        #expect(partner == .unregisteredPartner("globex", registered: ["acme"]))
        #expect(partner?.description.contains("must be in the Art. 30 register; add it under [[partners]] (registered: acme)") == true)
    }

    @Test("a restricted ticket goes to no queue, no partner and no other role's view")
    func restricted() {
        let ticket = standing(restricted: true, marketing: true)
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.assign(ticket, to: tv) } == .restricted(ticket: 7, action: .assign))
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.forward(ticket, sensitiveReason: "x") } == .restricted(ticket: 7, action: .forward))
        for role in [Role.department, .partner, .marketing] {
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.view(ticket, as: role) } == .restricted(ticket: 7, action: .view))
        }
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.view(ticket, as: .agent) } == nil)
    }

    @Test("special categories go to a partner only with a reason that is not blank")
    func specialCategories() {
        let ticket = standing(sensitive: ["health"])
        for reason in [nil, "", "  ", "\t \n"] as [String?] {
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.forward(ticket, sensitiveReason: reason) }
                == .specialCategoriesNeedReason(ticket: 7, categories: ["health"]))
        }
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.forward(ticket, sensitiveReason: "repair needs the hearing aid model") } == nil)
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.forward(standing(), sensitiveReason: nil) } == nil)
        // A department is inside the company: the copy is redacted, and no reason is asked for.
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.assign(ticket, to: tv) } == nil)
    }

    @Test("marketing only under a consent that was given, stands, and an address not suppressed")
    func marketing() {
        let cases: [(TicketStanding, HandOffRefusal?)] = [
            (standing(marketing: nil), .noMarketingConsent(ticket: 7, queue: "web")),
            (standing(marketing: false), .noMarketingConsent(ticket: 7, queue: "web")),
            (standing(marketing: true, withdrawn: true), .noMarketingConsent(ticket: 7, queue: "web")),
            (standing(marketing: true, suppressed: true), .suppressedForMarketing(ticket: 7, queue: "web")),
            (standing(marketing: true), nil),
        ]
        for (ticket, expected) in cases {
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.assign(ticket, to: web) } == expected)
            let viewExpected: HandOffRefusal? = switch expected {
            case .noMarketingConsent?: .noMarketingConsent(ticket: 7, queue: nil)
            case .suppressedForMarketing?: .suppressedForMarketing(ticket: 7, queue: nil)
            default: nil
            }
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.view(ticket, as: .marketing) } == viewExpected)
            // A department queue asks no marketing consent.
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.assign(ticket, to: tv) } == nil)
        }
    }

    @Test("archived and restricted-subject tickets are not processed further and appear only in the agents' archive view")
    func archiveOnly() {
        for cause in [TicketStanding.ArchiveOnlyCause.subjectRestricted, .archivedByClass("contracts")] {
            let ticket = standing(marketing: true, archive: cause)
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.assign(ticket, to: tv) } == .archiveOnly(ticket: 7, cause: cause, action: .assign))
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.forward(ticket, sensitiveReason: nil) } == .archiveOnly(ticket: 7, cause: cause, action: .forward))
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.view(ticket, as: .agent) } == .archiveOnly(ticket: 7, cause: cause, action: .view))
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.view(ticket, as: .agent, archive: true) } == nil)
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.view(ticket, as: .department, archive: true) } == .archiveIsForAgents(.department))
        }
        #expect(HandOffRefusal.archiveOnly(ticket: 7, cause: .archivedByClass("contracts"), action: .process).description
            == "ticket 7 is archived by its retention class contracts: it is not processed further (`ticketd ticket show 7 --archive` opens it)")
        #expect(HandOffRefusal.archiveOnly(ticket: 7, cause: .subjectRestricted, action: .view).description
            == "ticket 7 belongs to a person whose data is restricted (Art. 18 GDPR): it appears only in the agents' archive view, `ticketd ticket show 7 --archive`")
    }
}
