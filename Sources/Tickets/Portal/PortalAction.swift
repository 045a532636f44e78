/// What a person can do in the portal that changes something (issue 18), each carried out by the
/// same use case as a request by mail, and audited as `portal:<pseudonym>`.
public enum PortalAction: String, Sendable, Hashable, CaseIterable {
    /// Withdraw a consent (processing or marketing).
    case withdrawConsent = "withdraw_consent"
    /// Give the marketing consent.
    case giveMarketingConsent = "give_marketing_consent"
    /// Correct name, phone or postal address (Art. 16).
    case rectify
    /// Download everything (Art. 15/20).
    case export
    /// Ask for erasure (Art. 17).
    case erase
    /// Ask for restriction (Art. 18).
    case restrict

    /// Whether the action asks for a fresh code first: what cannot be undone, or hands out all
    /// of a person's data, or changes what they agreed to.
    public var needsFreshCode: Bool {
        switch self {
        case .withdrawConsent, .giveMarketingConsent, .export, .erase: true
        case .rectify, .restrict: false
        }
    }
}
