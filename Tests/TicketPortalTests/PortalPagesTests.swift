import Foundation
import Testing
import TicketDaemon
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
        .overview(PortalOverview(holdsData: false), csrf: csrf),
        .overview(PortalOverview(holdsData: true, tickets: 2, openTickets: 1, transfers: 1,
                                 consents: [.init(purpose: "marketing", state: .withdrawn), .init(purpose: "processing", state: .given)]), csrf: csrf),
        .notFound, .failed,
    ]

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
            #expect(html.components(separatedBy: "<button type=\"submit\">").count - 1 == forms, "a button in every form of \(page.template)")
            for id in ["email", "code"] where html.contains("id=\"\(id)\"") {
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

    @Test("the overview: no data, or counts and consent states in words; the same page renders byte for byte the same")
    func overview() {
        let none = pages.render(.overview(PortalOverview(holdsData: false), csrf: Self.csrf), language: .en, controller: "C", switchPath: "/me")
        #expect(none.contains("We hold no data about this e-mail address.") && !none.contains("<dl>"), "\(none)")
        let some = PortalOverview(holdsData: true, tickets: 3, openTickets: 2, transfers: 1, consents: [.init(purpose: "marketing", state: .withdrawn)],
                                  restricted: false)
        let html = pages.render(.overview(some, csrf: Self.csrf), language: .de, controller: "C", switchPath: "/me")
        #expect(html.contains("<dd>3 (davon offen: 2)</dd>") && html.contains("<li>Produktempfehlungen: widerrufen</li>")
                && html.contains("<dt>Verarbeitung eingeschränkt</dt><dd>nein</dd>"), "\(html)")
        #expect(html == pages.render(.overview(some, csrf: Self.csrf), language: .de, controller: "C", switchPath: "/me"))
    }
}
