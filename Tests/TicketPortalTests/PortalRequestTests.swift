import Tickets
import TicketDaemon
import Testing
@testable import TicketPortal

/// What the portal reads of a request (issue 18): the language, cookies, posted forms.
@Suite("Portal requests: language, cookies, forms")
struct PortalRequestTests {
    @Test("the language: the switch first, then the cookie, then Accept-Language by quality, else German", arguments: [
        ("en", "de", "de", PortalLanguage.en),
        (nil, "en", "de-DE", .en),
        (nil, "fr", "en-GB,en;q=0.9", .en),
        (nil, nil, "fr-FR, de;q=0.5, en;q=0.4", .de),
        (nil, nil, "en;q=0.4, de;q=0.8", .de),
        (nil, nil, "de-AT;q=0.7, EN-us;q=0.7", .de),
        (nil, nil, "en-US,en;q=0.9", .en),
        (nil, nil, "fr, it", .de),
        (nil, nil, "*", .de),
        (nil, nil, "en;q=0", .de),
        (nil, nil, "en;q=banana, de;q=0.1", .de),
        ("xx", nil, nil, .de),
        (nil, nil, nil, .de),
    ] as [(String?, String?, String?, PortalLanguage)])
    func language(query: String?, cookie: String?, header: String?, expected: PortalLanguage) {
        #expect(PortalLanguage.choose(query: query, cookie: cookie, acceptLanguage: header) == expected)
    }

    @Test("cookies: read from every Cookie line, the first of a name counts; the secret ones are __Host-, Secure, HttpOnly, SameSite=Strict, Path=/")
    func cookies() {
        let read = PortalCookies.read(["a=1; __Host-ticketd-session=abc", "a=2;lang=en ; broken; =x"])
        #expect(read == ["a": "1", "__Host-ticketd-session": "abc", "lang": "en"])
        let set = PortalCookies.secret(PortalCookies.session, "v")
        #expect(set == "__Host-ticketd-session=v; Path=/; Secure; HttpOnly; SameSite=Strict")
        #expect(PortalCookies.clear(PortalCookies.pending).contains("Max-Age=0") && PortalCookies.clear(PortalCookies.pending).hasPrefix("__Host-ticketd-pending=;"))
        #expect(!set.contains("Domain") && !PortalCookies.language(.en).contains("Domain"))
    }

    @Test("forms: percent and plus decoded, the first value counts, a missing field is nil")
    func forms() {
        let form = PortalForm(Array("email=erika.test%2Bportal%40example.org&csrf=a+b&csrf=second&code=&odd=%E0%A4%A".utf8))
        #expect(form["email"] == "erika.test+portal@example.org")
        #expect(form["csrf"] == "a b")
        #expect(form["code"] == "")
        #expect(form["odd"] == nil && form["token"] == nil)
    }

    @Test("the form token: only the one made from the cookie's secret holds")
    func formToken() {
        let secret = PortalRoutes.freshSecret(), other = PortalRoutes.freshSecret()
        let good = PortalForm(Array("csrf=\(PortalSecret.formToken(sessionID: secret))".utf8))
        #expect(PortalVisitor.formHolds(good, secret: secret))
        #expect(!PortalVisitor.formHolds(good, secret: other))
        #expect(!PortalVisitor.formHolds(good, secret: nil))
        #expect(!PortalVisitor.formHolds(PortalForm([]), secret: secret))
    }

    @Test("the client an attempt counts for: the peer on TLS; behind the proxy the last X-Forwarded-For entry; IPv6 by its /64", arguments: [
        ("192.0.2.7", [], "192.0.2.7"),
        (nil, ["203.0.113.9, 192.0.2.1"], "192.0.2.1"),
        (nil, ["203.0.113.9", "198.51.100.4"], "198.51.100.4"),
        ("2001:db8:1:2:a:b:c:d", [], "2001:db8:1:2::/64"),
        ("2001:db8::1", [], "2001:db8:0:0::/64"),
        (nil, ["2001:0db8:0001:0002:ffff::1"], "2001:db8:1:2::/64"),
        (nil, [], "unknown"),
    ] as [(String?, [String], String)])
    func client(peer: String?, forwarded: [String], expected: String) {
        #expect(PortalClientLimit.client(peer: peer, forwardedFor: forwarded) == expected)
    }

    @Test("the forms that change something: only what the pages post is read; anything else is no intent")
    func intents() {
        func form(_ text: String) -> PortalForm { PortalForm(Array(text.utf8)) }
        #expect(PortalIntent.read(form: "consents", form("purpose=marketing&choice=give"))?.change == .giveMarketingConsent)
        #expect(PortalIntent.read(form: "consents", form("purpose=processing&choice=withdraw"))?.change == .withdrawConsent(purpose: "processing"))
        #expect(PortalIntent.read(form: "consents", form("purpose=processing&choice=give")) == nil, "processing is given in the form with a request")
        #expect(PortalIntent.read(form: "consents", form("purpose=newsletter&choice=withdraw")) == nil)
        #expect(PortalIntent.read(form: "export", form("format=md"))?.json == false)
        #expect(PortalIntent.read(form: "export", form("format=pdf")) == nil)
        #expect(PortalIntent.read(form: "requests", form("kind=erasure"))?.change == .request(.erasure))
        #expect(PortalIntent.read(form: "requests", form("kind=access")) == nil)
        #expect(PortalIntent.read(form: "sign-out", form("kind=erasure")) == nil)
    }

    @Test("rectification: trimmed, an empty field changes nothing, the address's lines joined; too long or a control character refuses the form")
    func rectification() throws {
        let values = try #require(PortalRoutes.rectification(PortalRectifyForm(name: "  Anna Portalia ", phone: "", postalAddress: "Probeweg 7\r\n\r\n12345 Musterstadt ")))
        #expect(values.values == [.name: "Anna Portalia", .postalAddress: "Probeweg 7, 12345 Musterstadt"])
        #expect(PortalRoutes.rectification(PortalRectifyForm(name: String(repeating: "x", count: 201))) == nil)
        #expect(PortalRoutes.rectification(PortalRectifyForm(phone: "030\u{0}555")) == nil)
        #expect(PortalRoutes.rectification(PortalRectifyForm(name: "Anna\nPortalia")) == nil, "a line break only in the address")
    }
}
