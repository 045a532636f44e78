/// Who looks at a ticket, which decides what of it they may see.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// Support staff: the whole ticket, the customer's personal data included.
    case agent
    /// An internal department: pseudonymized and redacted.
    case department
    /// An external partner: pseudonymized and redacted, under a per-domain pseudonym.
    case partner
    /// Marketing: only what the marketing consent covers, pseudonymized.
    case marketing
}
