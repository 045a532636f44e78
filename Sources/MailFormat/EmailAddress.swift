/// An e-mail address in its `local@domain` form (RFC 5322 addr-spec), without a display name.
///
/// The address is validated when it is made, so a value of this type is always something a mail
/// server could accept. Display names, groups and IDN encoding are parsed elsewhere; this type is
/// the common currency for lookups, recipients and configuration.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The part before the last `@`, as written.
    public let localPart: String
    /// The part after the last `@`, as written (a trailing dot removed).
    public let domain: String

    /// The reasons an address can be refused.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case missingAt
        case emptyLocalPart
        case emptyDomain
        case localPartTooLong(Int)
        case domainTooLong(Int)
        case forbiddenCharacter(Character)
        case emptyDomainLabel

        /// A sentence naming the problem.
        public var description: String {
            switch self {
            case .empty: "the address is empty"
            case .missingAt: "the address has no '@'"
            case .emptyLocalPart: "nothing stands before the '@'"
            case .emptyDomain: "nothing stands after the '@'"
            case .localPartTooLong(let n): "the part before the '@' has \(n) bytes; at most 64 are allowed (RFC 5321)"
            case .domainTooLong(let n): "the domain has \(n) bytes; at most 253 are allowed"
            case .forbiddenCharacter(let c): "the address contains a character that is not allowed here (U+\(String(c.unicodeScalars.first?.value ?? 0, radix: 16, uppercase: true)))"
            case .emptyDomainLabel: "the domain has an empty label (two dots in a row, or a leading dot)"
            }
        }
    }

    /// Parses and validates an addr-spec such as `support@example.com`.
    ///
    /// Surrounding white space and one pair of angle brackets are tolerated, since operators
    /// paste addresses from mail headers.
    public init(parsing raw: String) throws(Problem) {
        var text = Substring(raw).trimmingWhitespace()
        if text.first == "<", text.last == ">", text.count >= 2 {
            text = text.dropFirst().dropLast().trimmingWhitespace()
        }
        guard !text.isEmpty else { throw .empty }
        guard let at = text.lastIndex(of: "@") else { throw .missingAt }
        let local = text[..<at]
        var domain = text[text.index(after: at)...]
        if domain.last == "." { domain = domain.dropLast() }
        guard !local.isEmpty else { throw .emptyLocalPart }
        guard !domain.isEmpty else { throw .emptyDomain }
        if local.utf8.count > 64 { throw .localPartTooLong(local.utf8.count) }
        if domain.utf8.count > 253 { throw .domainTooLong(domain.utf8.count) }
        for character in text where Self.isForbidden(character) {
            throw .forbiddenCharacter(character)
        }
        if domain.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw .emptyDomainLabel
        }
        if domain.utf8.contains(UInt8(ascii: "@")) { throw .forbiddenCharacter("@") }
        self.localPart = String(local)
        self.domain = String(domain)
    }

    /// The address as `local@domain`.
    public var description: String { "\(localPart)@\(domain)" }

    /// The form used for keyed lookups: local part and domain lower-cased.
    ///
    /// RFC 5321 lets a server treat local parts case-sensitively, but no mailbox provider in
    /// practice does, and a customer who writes once as `Anna.X@` and once as `anna.x@` is one
    /// person. Folding here means one subject, not two.
    public var lookupForm: String { "\(localPart.lowercased())@\(domain.lowercased())" }

    /// The domain lower-cased, for per-domain decisions (pseudonyms, partner reply domains).
    public var normalizedDomain: String { domain.lowercased() }

    private static func isForbidden(_ character: Character) -> Bool {
        for scalar in character.unicodeScalars {
            switch scalar.value {
            case 0...0x20, 0x7F: return true            // controls and space
            case 0x80...0x9F: return true               // C1 controls
            default: break
            }
            switch scalar {
            case "<", ">", "(", ")", ",", ";", ":", "\\", "\"", "[", "]": return true
            default: break
            }
        }
        return false
    }
}

extension Substring {
    /// The substring without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}
