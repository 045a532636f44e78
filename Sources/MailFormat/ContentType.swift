/// A part's media type with its parameters (RFC 2045 §5), read tolerantly.
public struct ContentType: Sendable, Hashable {
    /// The top-level type, lower-cased (`text`, `multipart`, ...).
    public var type: String
    /// The subtype, lower-cased (`plain`, `mixed`, ...).
    public var subtype: String
    /// Parameters by lower-cased name; RFC 2231 continuations and charsets decoded, RFC 2047 tolerated.
    public var parameters: [String: String]

    /// Makes a content type from its parts (type and subtype are lower-cased).
    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// `type/subtype`.
    public var mimeType: String { "\(type)/\(subtype)" }

    /// The RFC 2045 default: `text/plain` (charset us-ascii, which is not stored, so that a missing
    /// charset can be told apart from a declared one).
    public static let textPlain = ContentType(type: "text", subtype: "plain")

    /// The default inside `multipart/digest` (RFC 2046 §5.1.5).
    public static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// Parses a Content-Type value; an unreadable type gives `fallback` with the parameters kept.
    public init(parsing text: String, fallback: ContentType = .textPlain) {
        var notes: [ParseNote] = []
        self.init(parsing: text, fallback: fallback, notes: &notes)
    }

    init(parsing text: String, fallback: ContentType, notes: inout [ParseNote]) {
        let parsed = MIMEParameters(parsing: text, notes: &notes)
        let pieces = parsed.value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            .map { Substring($0.trimmingSpace()) }
        if pieces.count == 2, Self.isToken(pieces[0]), Self.isToken(pieces[1]) {
            self.init(type: String(pieces[0]), subtype: String(pieces[1]), parameters: parsed.parameters)
        } else {
            notes.append(ParseNote(code: "invalid-content-type", detail: "an unreadable media type was read as \(fallback.mimeType)"))
            self.init(type: fallback.type, subtype: fallback.subtype, parameters: parsed.parameters)
        }
    }

    /// The charset parameter, if any.
    public var charset: String? { parameters["charset"] }

    private static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(ASCII.isToken)
    }
}
