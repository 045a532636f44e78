public import Foundation
import Crypto

/// The secrets of the portal (issue 18), drawn from the caller's generator: the link's token and
/// the session's id (256 bits, base64url: safe in a URL and a cookie) and the short code a person
/// types (six digits). The store keeps only their SHA-256; the values travel once, in the mail
/// or the cookie.
public enum PortalSecret {
    /// 256 random bits in 43 base64url digits.
    public static func token(using generator: inout some RandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 { withUnsafeBytes(of: generator.next().littleEndian) { bytes.append(contentsOf: $0) } }
        return APITokenSecret.base64URL(bytes)
    }

    /// Six decimal digits, uniform (no modulo bias), leading zeros kept.
    public static func code(using generator: inout some RandomNumberGenerator) -> String {
        let number = generator.next(upperBound: UInt64(1_000_000))
        let digits = String(number)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Whether `text` has the shape of a token (what arrives from a URL is checked before any lookup).
    public static func isToken(_ text: String) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy(APITokenSecret.alphabet.contains)
    }

    /// The code as typed, reduced to its digits ("123 456" and "123-456" are "123456"); nil when
    /// it cannot be a code.
    public static func normalizedCode(_ text: String) -> String? {
        let digits = text.unicodeScalars.filter { $0 != " " && $0 != "-" }
        guard digits.count == 6, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return String(String.UnicodeScalarView(digits))
    }

    /// What the store keeps of a token, a code or a session id.
    public static func hash(_ secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }

    /// The form token of a session (double-submit protection against cross-site requests): an
    /// HMAC of the session id, so that it needs no storage and changes with every session.
    public static func formToken(sessionID: String) -> String {
        let key = SymmetricKey(data: Data(sessionID.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("ticketd portal form".utf8), using: key)
        return APITokenSecret.base64URL(Array(mac))
    }

    /// Compares two secrets in time independent of where they first differ.
    public static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
