public import Foundation
import Crypto

/// The secret an integration presents (`Authorization: Bearer tkd_…`): 256 random bits in
/// base64url after a `tkd_` prefix, so that a secret scanner and a person both recognise one in a
/// configuration file or a leaked log. It is shown once, when it is made; the daemon keeps only
/// its SHA-256, which is enough for a secret of this strength (nothing to guess, so no slow hash)
/// and lets the daemon find the token by an index lookup rather than a comparison per token.
public struct APITokenSecret: Sendable, Hashable, CustomStringConvertible {
    /// The whole secret, prefix included.
    public let value: String

    static let prefix = "tkd_"
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// 32 bytes in unpadded base64url.
    static let digits = 43

    /// A fresh secret from the caller's generator (a `SystemRandomNumberGenerator` in the daemon).
    public static func random(using generator: inout some RandomNumberGenerator) -> APITokenSecret {
        APITokenSecret(value: prefix + PortalSecret.token(using: &generator))
    }

    /// Reads a presented secret; nil when it cannot be one (wrong prefix, length or alphabet),
    /// which the daemon answers without a database lookup.
    public init?(presented text: String) {
        let utf8 = Array(text.utf8)
        guard text.hasPrefix(Self.prefix), utf8.count == Self.prefix.utf8.count + Self.digits,
              utf8.dropFirst(Self.prefix.utf8.count).allSatisfy(Self.alphabet.contains) else { return nil }
        value = text
    }

    private init(value: String) { self.value = value }

    /// What the daemon stores and looks the token up by.
    public var hash: Data { Data(SHA256.hash(data: Data(value.utf8))) }

    /// The secret itself: printed once by `token create`, never logged.
    public var description: String { value }

    /// RFC 4648 §5 without padding; 32 bytes give 43 digits, the last carrying 2 bits.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in stride(from: 18, through: 0, by: -6) { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let n = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            for shift in stride(from: 18, through: 18 - 6 * rest, by: -6) { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
