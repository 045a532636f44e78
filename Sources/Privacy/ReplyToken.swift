public import Foundation
import Crypto

/// The unguessable token that lets an answer find its ticket: in the reply address
/// (`support+TOKEN@example.com`) and in the subject (`[ticketd:TOKEN]`).
///
/// 130 random bits in 26 Crockford base32 digits (lower-case in addresses, where some servers
/// fold case). Only its SHA-256 is stored, so a copy of the database cannot forge a reply.
public struct ReplyToken: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// A fresh token from the caller's generator.
    public static func random(using generator: inout some RandomNumberGenerator) -> ReplyToken {
        let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
        var digits = ""
        for _ in 0..<26 { digits.append(alphabet[Int(generator.next() % 32)]) }
        return ReplyToken(value: digits)
    }

    /// Reads a token as found in an address or subject (case-insensitive); nil when it is not one.
    public init?(parsing text: String) {
        let lowered = text.lowercased()
        guard lowered.count == 26, lowered.allSatisfy({ "0123456789abcdefghjkmnpqrstvwxyz".contains($0) }) else { return nil }
        self.value = lowered
    }

    private init(value: String) { self.value = value }

    /// The stored form.
    public var hash: Data { Data(SHA256.hash(data: Data(value.utf8))) }

    public var description: String { value }

    /// The tag that carries the token in a subject line.
    public var subjectTag: String { "[ticketd:\(value)]" }

    /// The tag that carries a data-subject request's confirmation token in a subject line: a tag of
    /// its own, so that an answer with a wrong or stale token is still known as a confirmation attempt.
    public var confirmationTag: String { "[ticketd-confirm:\(value)]" }

    /// The local part of the address a confirmation is answered to: `support+confirm-TOKEN`.
    public func confirmationLocalPart(base: String) -> String { "\(base)+confirm-\(value)" }

    /// Every token found in a subject line's `[ticketd:…]` tags.
    public static func tokens(inSubject subject: String) -> [ReplyToken] {
        tokens(inSubject: subject, tag: "[ticketd:")
    }

    /// Every token found in a subject line's `[ticketd-confirm:…]` tags.
    public static func confirmationTokens(inSubject subject: String) -> [ReplyToken] {
        tokens(inSubject: subject, tag: "[ticketd-confirm:")
    }

    /// The confirmation token in a plus address such as `support+confirm-TOKEN@example.com`.
    public static func confirmationToken(inAddress localPart: String, base: String) -> ReplyToken? {
        let parts = localPart.split(separator: "+", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == base.lowercased(), parts[1].lowercased().hasPrefix("confirm-") else { return nil }
        return ReplyToken(parsing: String(parts[1].dropFirst("confirm-".count)))
    }

    private static func tokens(inSubject subject: String, tag: String) -> [ReplyToken] {
        var found: [ReplyToken] = []
        var rest = Substring(subject)
        while let open = rest.range(of: tag, options: .caseInsensitive) {
            let after = rest[open.upperBound...]
            if let close = after.firstIndex(of: "]"), let token = ReplyToken(parsing: String(after[..<close])) { found.append(token) }
            rest = after
        }
        return found
    }

    /// The token in a plus address such as `support+TOKEN@example.com`, if the local part before `+` is `base`.
    public static func token(inAddress localPart: String, base: String) -> ReplyToken? {
        let parts = localPart.split(separator: "+", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == base.lowercased() else { return nil }
        return ReplyToken(parsing: String(parts[1]))
    }
}
