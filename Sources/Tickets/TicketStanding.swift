/// What the rules for a ticket's copies and views need to know about it, and nothing personal:
/// the facts the store keeps beside the sealed data (DESIGN §3, invariants 4 and 8).
public struct TicketStanding: Sendable, Hashable {
    /// The ticket's number.
    public var id: Int64
    /// Processing is restricted: no processing consent, or it was withdrawn (Art. 18 GDPR).
    public var isRestricted: Bool
    /// The special categories (Art. 9 GDPR) the ticket mentions, by name.
    public var specialCategories: [String]
    /// The marketing consent as the form recorded it: nil when the form did not ask.
    public var marketingConsentGranted: Bool?
    /// The marketing consent was withdrawn after it was given.
    public var marketingConsentWithdrawn: Bool
    /// The customer's address is on the marketing suppression list (a withdrawal or an objection,
    /// which outlives the consent record).
    public var suppressedForMarketing: Bool
    /// Why the ticket is only in the agents' archive view, or nil when it is not.
    public var archiveOnly: ArchiveOnlyCause?

    /// Why a ticket left the working views for the agents' archive view.
    public enum ArchiveOnlyCause: Sendable, Hashable {
        /// Its person's data is restricted (Art. 18 GDPR).
        case subjectRestricted
        /// Its retention class archived it.
        case archivedByClass(String?)
    }

    /// Makes the standing of one ticket.
    public init(
        id: Int64, isRestricted: Bool, specialCategories: [String] = [], marketingConsentGranted: Bool? = nil,
        marketingConsentWithdrawn: Bool = false, suppressedForMarketing: Bool = false, archiveOnly: ArchiveOnlyCause? = nil
    ) {
        self.id = id
        self.isRestricted = isRestricted
        self.specialCategories = specialCategories
        self.marketingConsentGranted = marketingConsentGranted
        self.marketingConsentWithdrawn = marketingConsentWithdrawn
        self.suppressedForMarketing = suppressedForMarketing
        self.archiveOnly = archiveOnly
    }
}
