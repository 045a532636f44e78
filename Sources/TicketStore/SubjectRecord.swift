package import Privacy

/// A data subject as the store knows it, without its personal data.
package struct SubjectRecord: Sendable, Hashable {
    /// The row id.
    package var id: Int64
    /// The random name it goes by in logs, audit events and pseudonymized copies.
    package var pseudonym: Pseudonym
    /// Whether processing is restricted (Art. 18).
    package var isRestricted: Bool
}
