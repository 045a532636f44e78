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
    /// A label taken from a message (a charset or encoding name), for a note's detail.
    ///
    /// The operator needs the label to diagnose a sender, but a hostile or careless sender could
    /// put anything into it. So it is shown only when it looks like a real label: at most 24
    /// token characters, no `@`, no run of more than five digits (which could be a phone or
    /// account number); anything else is withheld.
    static func label(_ raw: String) -> String {
        let withheld = "(label withheld)"
        guard !raw.isEmpty, raw.utf8.count <= 24 else { return raw.isEmpty ? "(empty)" : withheld }
        var digits = 0
        for byte in raw.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if digits > 5 { return withheld }
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
                digits = 0
            default:
                return withheld
            }
        }
        return raw
    }
}
