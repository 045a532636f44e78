import Foundation
import Crypto

/// The name a data subject goes by in copies for one recipient domain.
///
/// An HMAC of the subject's own pseudonym and the recipient's domain, under a key derived from
/// the master key: the same person is the same `P-…` for one partner (who can follow up on
/// "the customer from last week"), and a different one for every other partner, so two partners
/// comparing notes cannot link the person. Without the master key nobody can compute it.
public struct RecipientPseudonymKey: Sendable {
    private let key: SymmetricKey

    /// Derives the key from the master key.
    public init(master: MasterKey) {
        self.key = master.derivedKey(for: "ticketd/recipient-pseudonym/v1")
    }

    /// `P-XXXX-XXXX-XXXX` for this subject as seen from `domain`.
    public func pseudonym(for subject: Pseudonym, domain: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(subject.rawValue)|\(domain.lowercased())".utf8), using: key)
        var bits = Data(mac).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } & ((1 << 60) - 1)
        var digits: [Character] = []
        for _ in 0..<12 {
            digits.append(Pseudonym.alphabet[Int(bits & 31)])
            bits >>= 5
        }
        return "P-" + [0, 4, 8].map { String(digits[$0..<$0 + 4]) }.joined(separator: "-")
    }
}
