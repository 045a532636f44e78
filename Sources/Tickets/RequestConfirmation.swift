public import Foundation
public import MailFormat

/// An answer to a request's confirmation mail: it carries the token of that mail (in the reply
/// address or the subject) and comes from some address. Whether it confirms anything is for the
/// store to decide: only the request's own address, within the token's validity, once.
public struct RequestConfirmation: Sendable {
    /// The SHA-256 of the token the answer carries (only hashes are stored or compared).
    public var tokenHash: Data
    /// The answer's sender (`From`), compared with the request's address by its keyed hash.
    public var sender: EmailAddress
    /// Corrected values the answer gives ("Name: …", "Telefon: …"), for a rectification request.
    public var rectification: RectificationValues
    /// The answer's Message-ID: its copy on the server goes when the person is erased.
    public var messageID: String?

    /// Describes an answer.
    public init(tokenHash: Data, sender: EmailAddress, rectification: RectificationValues, messageID: String?) {
        self.tokenHash = tokenHash
        self.sender = sender
        self.rectification = rectification
        self.messageID = messageID
    }
}
