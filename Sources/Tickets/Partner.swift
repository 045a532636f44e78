public import MailFormat

/// An external recipient of pseudonymized copies, and an Art. 30 recipient entry at once.
public struct Partner: Sendable, Hashable {
    /// The short name used on the command line (`ticket forward --partner acme`).
    public var name: String
    /// Where copies are sent.
    public var address: EmailAddress
    /// The domains a reply from this partner may come from (replies from elsewhere are not threaded).
    public var replyDomains: [String]
    /// Why data goes there (Art. 30(1)(b)).
    public var purpose: String
    /// The legal basis of the transfer, e.g. `Art. 6(1)(b) GDPR`.
    public var legalBasis: String
    /// The categories of data sent (Art. 30(1)(c)).
    public var dataCategories: [String]
    /// Whether the partner is outside the EU/EEA (Art. 30(1)(e)).
    public var thirdCountry: Bool
    /// The safeguards for a third-country transfer (Art. 46), required when ``thirdCountry`` is true.
    public var safeguards: String?

    /// Makes a partner entry.
    public init(
        name: String, address: EmailAddress, replyDomains: [String], purpose: String, legalBasis: String,
        dataCategories: [String], thirdCountry: Bool, safeguards: String?
    ) {
        self.name = name
        self.address = address
        self.replyDomains = replyDomains
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.dataCategories = dataCategories
        self.thirdCountry = thirdCountry
        self.safeguards = safeguards
    }
}
