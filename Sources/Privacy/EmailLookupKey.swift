public import Foundation
public import MailFormat
import Crypto

/// The keyed hash that finds a subject by e-mail address without storing the address.
///
/// HMAC-SHA256 under a key derived from the master key: without that key, a list of known
/// addresses cannot be hashed and matched against the database (an unkeyed hash could).
public struct EmailLookupKey: Sendable {
    private let key: SymmetricKey

    /// Derives the lookup key from the master key.
    public init(master: MasterKey) {
        self.key = master.derivedKey(for: "ticketd/email-lookup/v1")
    }

    private init(master: MasterKey, purpose: String) {
        self.key = master.derivedKey(for: purpose)
    }

    /// The key of the marketing suppression list. It is a different key from the subjects'
    /// lookup key, so an entry on the list cannot be joined with a subject row by its digest:
    /// the list says "never market to this address" and nothing else, even after the person
    /// was erased.
    public static func marketingSuppression(master: MasterKey) -> EmailLookupKey {
        EmailLookupKey(master: master, purpose: "ticketd/marketing-suppression/v1")
    }

    /// The 32-byte lookup digest of an address, over its ``EmailAddress/lookupForm``.
    public func digest(of address: EmailAddress) -> Data {
        HMAC<SHA256>.authenticationCode(for: Data(address.lookupForm.utf8), using: key).withUnsafeBytes { Data($0) }
    }
}
