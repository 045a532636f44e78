/// Something the parser repaired or guessed while reading a message.
///
/// Notes are meant for logs and diagnostics, so they carry codes, charset labels, encoding names and
/// counts, never text from the message itself.
public struct ParseNote: Sendable, Hashable, CustomStringConvertible {
    /// A stable kebab-case code such as `unknown-charset` or `missing-closing-boundary`.
    public var code: String
    /// A short explanation, e.g. `x-made-up decoded as Windows-1252`.
    public var detail: String

    /// Makes a note.
    public init(code: String, detail: String) {
        self.code = code
        self.detail = detail
    }

    /// `code: detail`.
    public var description: String { "\(code): \(detail)" }
}

extension ParseNote {
    /// A label taken from a message (a charset or encoding name), reduced to something safe to log:
    /// a hostile sender could put anything into it, so only a short run of token characters survives.
    static func label(_ raw: String) -> String {
        var out = ""
        for scalar in raw.unicodeScalars.prefix(40) {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", ":": out.unicodeScalars.append(scalar)
            default: out.append("?")
            }
        }
        return out.isEmpty ? "(empty)" : out
    }
}
