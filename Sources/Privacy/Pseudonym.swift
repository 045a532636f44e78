/// The name a data subject goes by wherever the person must not be named: logs, the audit
/// trail, the register, and the copies that leave for departments.
///
/// It is random (it derives from nothing about the person), `S-` followed by twelve Crockford
/// base32 digits in groups of four: 60 bits, so that even millions of subjects are very unlikely
/// to collide (and the store's unique index catches the rest).
public struct Pseudonym: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// Accepts only the exact form ticketd makes (`S-XXXX-XXXX-XXXX`).
    public init?(rawValue: String) {
        let parts = rawValue.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "S",
              parts.dropFirst().allSatisfy({ $0.count == 4 && $0.allSatisfy(Self.alphabet.contains) })
        else { return nil }
        self.rawValue = rawValue
    }

    /// A fresh pseudonym from the caller's generator.
    public static func random(using generator: inout some RandomNumberGenerator) -> Pseudonym {
        var bits = generator.next() & ((1 << 60) - 1)
        var text: [UInt8] = Array("S-".utf8)
        text.reserveCapacity(16)
        for group in 0..<3 {
            if group > 0 { text.append(UInt8(ascii: "-")) }
            for _ in 0..<4 {
                text.append(alphabetBytes[Int(bits & 31)])
                bits >>= 5
            }
        }
        // The exact form `init?(rawValue:)` accepts, by construction.
        return Pseudonym(made: String(decoding: text, as: UTF8.self))
    }

    static let alphabetBytes = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    private init(made rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}
