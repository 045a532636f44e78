import Hummingbird
import Tickets

/// What the portal reads of every request before a route decides anything: the cookies, the
/// language, and the browser's secrets if it sent well-formed ones.
struct PortalVisitor: Sendable {
    let cookies: [String: String]
    let language: PortalLanguage
    /// `Set-Cookie` for a language just chosen with the switch link (`?lang=`).
    let languageCookie: String?

    /// Reads the request's cookies and language.
    init(_ request: Request) {
        cookies = PortalCookies.read(request.headers[values: .cookie])
        let query = request.uri.queryParameters.get("lang")
        language = PortalLanguage.choose(query: query, cookie: cookies[PortalCookies.language], acceptLanguage: request.headers[.acceptLanguage])
        languageCookie = query.flatMap(PortalLanguage.init(rawValue:)).map(PortalCookies.language)
    }

    /// The pending browser's secret, if the cookie holds one of the shape the portal hands out.
    var pending: String? { cookies[PortalCookies.pending].flatMap { PortalSecret.isToken($0) ? $0 : nil } }

    /// The session's id, if the cookie holds one of the shape the portal hands out.
    var session: String? { cookies[PortalCookies.session].flatMap { PortalSecret.isToken($0) ? $0 : nil } }

    /// Whether the form carries the token that `secret` (the pending browser's or the session's)
    /// gives its forms: a page of another site cannot know it, so it cannot post in the person's
    /// name (a double-submit token bound to a secret cookie).
    static func formHolds(_ form: PortalForm, secret: String?) -> Bool {
        guard let secret, let sent = form["csrf"] else { return false }
        return PortalSecret.same(sent, PortalSecret.formToken(sessionID: secret))
    }
}
