import Foundation

/// Where a sealed value belongs: bound into the ciphertext as authenticated data.
///
/// A sealed value copied into another row, column or subject fails to open, so a database
/// edit cannot make one person's data appear as another's.
public struct SealContext: Sendable, Hashable, CustomStringConvertible {
    /// The kind of record, e.g. `subject` or `message`.
    public let record: String
    /// The field within it, e.g. `personal_data` or `raw`.
    public let field: String
    /// The owner of the key: the subject's pseudonym, or another key owner's name.
    public let owner: String

    /// Makes a context from its three parts.
    public init(record: String, field: String, owner: String) {
        self.record = record
        self.field = field
        self.owner = owner
    }

    public var description: String { "\(record).\(field)@\(owner)" }

    var authenticatedData: Data { Data("ticketd/seal/v1|\(record)|\(field)|\(owner)".utf8) }
}
