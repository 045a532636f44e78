public import Foundation

/// One entry of the tamper-evident audit trail: who did what to which ticket or subject.
///
/// It names tickets, pseudonyms, field names, counts and reasons, never a personal value.
public struct AuditEvent: Sendable, Hashable, Codable {
    /// The position in the chain, from 1 without gaps.
    public var sequence: Int64
    /// When it happened, in whole milliseconds since 1970 (UTC): exact, so it hashes the same everywhere.
    public var atMilliseconds: Int64
    /// Who did it (see ``Actor``).
    public var actor: String
    /// A stable dotted name, e.g. `subject.created`.
    public var action: String
    /// The ticket concerned, if any.
    public var ticketID: Int64?
    /// The subject's pseudonym, if a subject is concerned.
    public var subject: String?
    /// The names of the personal fields touched (never their values).
    public var fields: [String]
    /// Further non-personal facts: counts, reasons, names of partners or queues.
    public var details: [String: String]
    /// The hash of the event before (32 zero bytes for the first).
    public var previousHash: Data
    /// SHA-256 over this event's canonical form, which includes ``previousHash``.
    public var hash: Data

    /// Makes an event from all its parts, as read back from storage.
    public init(
        sequence: Int64, atMilliseconds: Int64, actor: String, action: String, ticketID: Int64?,
        subject: String?, fields: [String], details: [String: String], previousHash: Data, hash: Data
    ) {
        self.sequence = sequence
        self.atMilliseconds = atMilliseconds
        self.actor = actor
        self.action = action
        self.ticketID = ticketID
        self.subject = subject
        self.fields = fields
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The time as a `Date`.
    public var at: Date { Date(timeIntervalSince1970: Double(atMilliseconds) / 1000) }
}

/// An audit event before it has its place in the chain.
public struct AuditDraft: Sendable, Hashable {
    public var actor: Actor
    public var action: String
    public var ticketID: Int64?
    public var subject: String?
    public var fields: [String]
    public var details: [String: String]

    /// Describes what happened; the store gives it a sequence number, a time and its hashes.
    public init(
        actor: Actor, action: String, ticketID: Int64? = nil, subject: String? = nil,
        fields: [String] = [], details: [String: String] = [:]
    ) {
        self.actor = actor
        self.action = action
        self.ticketID = ticketID
        self.subject = subject
        self.fields = fields
        self.details = details
    }
}
