package import TicketDaemon

/// A page of the portal with what it shows (issue 18). The shell decides which page answers a
/// request; ``PortalPages`` turns it into HTML.
package enum PortalPage: Sendable, Equatable {
    /// The address form; `typed` and `invalid` after an address that is not one.
    case signIn(csrf: String, typed: String = "", invalid: Bool = false)
    /// "Check your mail", with the code form: the same for every address.
    case checkMail(csrf: String)
    /// The link's page: "Continue" posts the token.
    case continueLink(csrf: String, token: String)
    /// A link or code that no longer works, whatever the reason.
    case refused
    /// A form posted without its valid token.
    case forbidden
    /// The signed-in person's overview, with the sign-out form.
    case overview(PortalOverview, csrf: String)
    case notFound
    case failed

    /// The template that renders the page's content.
    var template: String {
        switch self {
        case .signIn: "signIn"
        case .checkMail: "checkMail"
        case .continueLink: "continueLink"
        case .refused: "refused"
        case .forbidden: "forbidden"
        case .overview: "overview"
        case .notFound: "notFound"
        case .failed: "failed"
        }
    }

    /// The key of the page's title (its h1) in ``PortalText``.
    var titleKey: String {
        switch self {
        case .signIn: "signInTitle"
        case .checkMail: "checkMailTitle"
        case .continueLink: "continueTitle"
        case .refused: "refusedTitle"
        case .forbidden: "forbiddenTitle"
        case .overview: "overviewTitle"
        case .notFound: "notFoundTitle"
        case .failed: "failedTitle"
        }
    }

    /// The values the page's template reads besides the words.
    func values(_ words: [String: String]) -> [String: Any] {
        switch self {
        case .signIn(let csrf, let typed, let invalid): ["csrf": csrf, "email": typed, "invalid": invalid]
        case .checkMail(let csrf): ["csrf": csrf]
        case .continueLink(let csrf, let token): ["csrf": csrf, "token": token]
        case .overview(let overview, let csrf):
            [
                "csrf": csrf, "holdsData": overview.holdsData, "tickets": overview.tickets, "openTickets": overview.openTickets,
                "transfers": overview.transfers, "restricted": words[overview.restricted ? "yes" : "no"] ?? "",
                "hasConsents": !overview.consents.isEmpty,
                "consents": overview.consents.map { consent -> [String: Any] in
                    // A purpose the words do not know yet is shown by its name.
                    ["purpose": words["consent.\(consent.purpose)"] ?? consent.purpose, "state": words["state.\(consent.state.rawValue)"] ?? consent.state.rawValue]
                },
            ]
        case .refused, .forbidden, .notFound, .failed: [:]
        }
    }
}
