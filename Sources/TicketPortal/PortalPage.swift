package import TicketDaemon

/// A hidden field the fresh-code page repeats from the form that asked for it.
package struct PortalHiddenField: Sendable, Equatable {
    package var name: String
    package var value: String
    /// Describes a field.
    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What the rectification form shows: the values as they stand, or as the person typed them.
package struct PortalRectifyForm: Sendable, Equatable {
    package var name: String
    package var phone: String
    package var postalAddress: String
    /// Describes the form's values.
    package init(name: String = "", phone: String = "", postalAddress: String = "") {
        self.name = name
        self.phone = phone
        self.postalAddress = postalAddress
    }
}

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
    /// Everything held about the signed-in person, with their switches and forms; `notice` is
    /// the key of the words that say what was just done.
    case data(PortalDataView, csrf: String, notice: String? = nil)
    /// One of the person's tickets, with the sign-out form.
    case ticket(PortalTicketView, csrf: String)
    /// The rectification form with the values as they stand (or as typed, when `invalid`).
    case rectify(PortalRectifyForm, csrf: String, invalid: Bool = false)
    /// The fresh-code step before an action that needs one; `sent` is false when the address had
    /// its share of mails this hour, `wrong` after a code that did not hold.
    case confirm(csrf: String, form: String, fields: [PortalHiddenField], sent: Bool = true, wrong: Bool = false)
    /// A request for erasure or restriction, received.
    case requestReceived(id: Int64, kind: String, lastDay: String)
    case notFound
    case failed
    /// A client over its sign-in attempts.
    case tooMany

    /// The template that renders the page's content.
    var template: String {
        switch self {
        case .signIn: "signIn"
        case .checkMail: "checkMail"
        case .continueLink: "continueLink"
        case .refused: "refused"
        case .forbidden: "forbidden"
        case .data: "data"
        case .ticket: "ticket"
        case .rectify: "rectify"
        case .confirm: "confirm"
        case .requestReceived: "requestReceived"
        case .notFound: "notFound"
        case .failed: "failed"
        case .tooMany: "tooMany"
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
        case .data: "overviewTitle"
        case .ticket: "ticketTitle"
        case .rectify: "rectifyTitle"
        case .confirm: "confirmTitle"
        case .requestReceived: "requestReceivedTitle"
        case .notFound: "notFoundTitle"
        case .failed: "failedTitle"
        case .tooMany: "tooManyTitle"
        }
    }

    /// The values the page's template reads besides the words.
    func values(_ words: [String: String]) -> [String: Any] {
        switch self {
        case .signIn(let csrf, let typed, let invalid): ["csrf": csrf, "email": typed, "invalid": invalid]
        case .checkMail(let csrf): ["csrf": csrf]
        case .continueLink(let csrf, let token): ["csrf": csrf, "token": token]
        case .data(let view, let csrf, let notice): PortalPageValues.data(view, csrf: csrf, notice: notice.flatMap { words[$0] }, words)
        case .ticket(let view, let csrf): PortalPageValues.ticket(view, words).merging(["csrf": csrf]) { $1 }
        case .rectify(let form, let csrf, let invalid):
            ["csrf": csrf, "name": form.name, "phone": form.phone, "postalAddress": form.postalAddress, "invalid": invalid]
        case .confirm(let csrf, let form, let fields, let sent, let wrong):
            ["csrf": csrf, "form": form, "fields": fields.map { ["name": $0.name, "value": $0.value] }, "sent": sent, "wrong": wrong]
        case .requestReceived(let id, let kind, let lastDay): ["id": id, "kind": words["kind.\(kind)"] ?? kind, "lastDay": lastDay]
        case .refused, .forbidden, .notFound, .failed, .tooMany: [:]
        }
    }
}
