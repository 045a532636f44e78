import Foundation
import Testing
@testable import TicketDaemon
@testable import TicketPortal

/// The portal's pages as the server renders them (issue 18): every value escaped, one h1, the
/// language on `<html>`, a label for every input, a form token in every form, both languages
/// complete.
@Suite("Portal pages: rendering and escaping")
struct PortalPagesTests {
    let pages = PortalPages()
    static let csrf = "c5rf-T0ken_0123456789abcdefghijklmnopqrstuvw"

    static let everyPage: [PortalPage] = [
        .signIn(csrf: csrf), .signIn(csrf: csrf, typed: "not an address", invalid: true), .checkMail(csrf: csrf),
        .continueLink(csrf: csrf, token: String(repeating: "A", count: 43)), .refused, .forbidden,
        .data(PortalDataView(overview: PortalOverview(holdsData: false), personal: nil, tickets: [], consents: [], transfers: [], requests: [], freshUntil: nil), csrf: csrf),
        .data(sample, csrf: csrf, notice: "notice.rectified"),
        .ticket(PortalTicketView(id: 7, state: "open", createdAt: day, closedAt: nil, messages: [
            .init(fromPerson: true, at: day, subject: "Fernseher", text: "Mein <Fernseher> findet kein WLAN."),
            .init(fromPerson: false, at: day, subject: nil, text: "Wir haben den Hersteller gefragt."),
        ]), csrf: csrf),
        .rectify(PortalRectifyForm(name: "Anna Portalia", phone: "", postalAddress: "Probeweg 7"), csrf: csrf),
        .rectify(PortalRectifyForm(name: String(repeating: "x", count: 300)), csrf: csrf, invalid: true),
        .confirm(csrf: csrf, form: "consents", fields: [.init(name: "purpose", value: "marketing"), .init(name: "choice", value: "withdraw")]),
        .confirm(csrf: csrf, form: "export", fields: [.init(name: "format", value: "json")], sent: false, wrong: true),
        .requestReceived(id: 12, kind: "erasure", lastDay: "2027-01-03"),
        .notFound, .failed,
    ]

    static let day = Date(timeIntervalSince1970: 1_800_000_000)

    /// A made-up person with a value that looks like markup, a ticket, both consents, a transfer and a request.
    static let sample = PortalDataView(
        overview: PortalOverview(holdsData: true, tickets: 1, openTickets: 1, transfers: 1,
                                 consents: [.init(purpose: "marketing", state: .withdrawn), .init(purpose: "processing", state: .given)]),
        personal: .init(name: "Anna <b>Portalia</b>", email: "anna.portalia@example.org", phone: nil, postalAddress: "Probeweg 7, 12345 Musterstadt",
                        since: day, restrictedSince: nil, marketingSuppressed: true),
        tickets: [.init(id: 7, state: "open", createdAt: day, closedAt: nil, restricted: false, retentionAction: nil, retentionPeriod: nil, retentionDue: nil,
                        held: false, archived: false)],
        consents: [
            .init(purpose: "marketing", state: .withdrawn, history: [.init(granted: true, at: day, mechanism: "contact form: opt-in field answered yes", form: "website-contact",
                                                                          formVersion: "2.3", ticket: 7, withdrawnAt: day.addingTimeInterval(3_600))]),
            .init(purpose: "processing", state: .given, history: [.init(granted: true, at: day, mechanism: "contact form: opt-in field answered yes", form: "website-contact",
                                                                       formVersion: "2.3", ticket: 7, withdrawnAt: nil)]),
        ],
        transfers: [.init(recipient: "acme", purpose: "warranty repair", legalBasis: "Art. 6(1)(b) GDPR", dataCategories: ["contact"], thirdCountry: false,
                          at: day, status: "delivered", ticket: 7)],
        requests: [.init(id: 12, kinds: ["restriction"], state: "confirmed", receivedAt: day, lastDay: day.addingTimeInterval(31 * 86_400))],
        freshUntil: nil
    )

    @Test("what a person typed and what the operator configured are escaped, never markup")
    func escaping() {
        let typed = "<script>alert(1)</script>\"' onfocus=x &amp;"
        let html = pages.render(.signIn(csrf: Self.csrf, typed: typed, invalid: true), language: .en,
                                controller: "Evil <b>Corp</b> & \"Sons\"", switchPath: "/")
        #expect(!html.contains("<script>") && !html.contains("<b>Corp"), "\(html)")
        #expect(html.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onfocus=x &amp;amp;\""), "\(html)")
        #expect(html.contains("Evil &lt;b&gt;Corp&lt;/b&gt; &amp; &quot;Sons&quot;"), "\(html)")
        // A token is escaped too (the shell checks its shape first; the template does not rely on it).
        let link = pages.render(.continueLink(csrf: Self.csrf, token: "\"><img src=x>"), language: .de, controller: "C", switchPath: "/")
        #expect(!link.contains("<img") && link.contains("value=\"&quot;&gt;&lt;img src=x&gt;\""), "\(link)")
    }

    @Test("every page: the language on <html>, one h1, a label for each visible input, a token and a real button in each form, no script or inline style", arguments: PortalLanguage.allCases)
    func structure(language: PortalLanguage) {
        for page in Self.everyPage {
            let html = pages.render(page, language: language, controller: "Example Electronics GmbH", switchPath: "/")
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"), "\(page.template)")
            #expect(html.components(separatedBy: "<h1>").count == 2, "one h1 on \(page.template)")
            #expect(!html.contains("<script") && !html.contains("style=") && !html.contains("<style"), "\(page.template)")
            #expect(html.contains("href=\"/?lang=\(language.other.rawValue)\""), "the switch to the other language on \(page.template)")
            let forms = html.components(separatedBy: "<form ").count - 1
            #expect(html.components(separatedBy: "name=\"csrf\" value=\"\(Self.csrf)\"").count - 1 == forms, "a token in every form of \(page.template)")
            for form in html.components(separatedBy: "<form ").dropFirst() {
                #expect(form.components(separatedBy: "</form>")[0].contains("<button type=\"submit\""), "a button in every form of \(page.template)")
            }
            for id in ["email", "code", "name", "phone", "postal_address"] where html.contains("id=\"\(id)\"") {
                #expect(html.contains("<label for=\"\(id)\">"), "a label for \(id) on \(page.template)")
            }
            #expect(!html.contains("{{") && !html.contains("}}"), "no template left unrendered on \(page.template)")
        }
    }

    @Test("German and English have the same words, none empty, and each page's title")
    func catalogue() {
        let german = PortalText.words(.de), english = PortalText.words(.en)
        #expect(Set(german.keys) == Set(english.keys), "\(Set(german.keys).symmetricDifference(english.keys))")
        #expect(german.values.allSatisfy { !$0.isEmpty } && english.values.allSatisfy { !$0.isEmpty })
        for page in Self.everyPage { #expect(german[page.titleKey] != nil, "\(page.titleKey)") }
        let de = pages.render(.checkMail(csrf: Self.csrf), language: .de, controller: "C", switchPath: "/sign-in/code")
        let en = pages.render(.checkMail(csrf: Self.csrf), language: .en, controller: "C", switchPath: "/sign-in/code")
        #expect(de.contains("<h1>Sehen Sie in Ihr Postfach</h1>") && de.contains("href=\"/sign-in/code?lang=en\""), "\(de)")
        #expect(en.contains("<h1>Check your mail</h1>") && en.contains("href=\"/sign-in/code?lang=de\""), "\(en)")
    }

    @Test("the data page: values escaped, states and evidence in words, a withdraw switch for what is given and a give switch for marketing, the export and request forms")
    func data() {
        let none = pages.render(Self.everyPage[6], language: .en, controller: "C", switchPath: "/me")
        #expect(none.contains("We hold no data about this e-mail address.") && !none.contains("<dl>") && none.contains("id=\"sign-out\""), "\(none)")
        let html = pages.render(.data(Self.sample, csrf: Self.csrf, notice: "notice.withdrawn.marketing"), language: .de, controller: "C", switchPath: "/me")
        #expect(html.contains("<dd>Anna &lt;b&gt;Portalia&lt;/b&gt;</dd>") && !html.contains("<b>Portalia"), "\(html)")
        #expect(html.contains("id=\"notice\" role=\"status\">Ihre Einwilligung in Werbung ist widerrufen"), "\(html)")
        #expect(html.contains("<a class=\"ticket\" href=\"/me/tickets/7\">"))
        #expect(html.contains("id=\"withdraw-processing\"") && !html.contains("id=\"withdraw-marketing\"") && html.contains("id=\"give-marketing\""), "\(html)")
        #expect(html.contains("<strong class=\"state\">widerrufen</strong>") && html.contains("Kontaktformular, Feld angekreuzt"), "\(html)")
        #expect(html.contains("id=\"export-json\"") && html.contains("id=\"export-md\"") && html.contains("id=\"request-erasure\"") && html.contains("id=\"request-restriction\""))
        #expect(html.contains("<td>acme</td><td>warranty repair</td><td>Art. 6(1)(b) GDPR</td><td>2027-01-15</td><td>übermittelt</td>"), "\(html)")
        #expect(html.contains("Antrag 12: Einschränkung"), "\(html)")
        #expect(html == pages.render(.data(Self.sample, csrf: Self.csrf, notice: "notice.withdrawn.marketing"), language: .de, controller: "C", switchPath: "/me"))
    }
}
