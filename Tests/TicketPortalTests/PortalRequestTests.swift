import Tickets
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
}
