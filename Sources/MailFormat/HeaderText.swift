internal import Foundation

/// Header text from outside made safe before it is encoded into an outgoing message.
public enum HeaderText {
    /// The value with every control character replaced by a space, runs of spaces collapsed to
    /// one, and white space at both ends removed.
    ///
    /// Controls are C0 (TAB included, so it folds like a space), DEL, C1 (NEL included), and the
    /// Unicode line and paragraph separators U+2028 and U+2029. Nothing of the result can end a
    /// header line, which makes header injection impossible whatever the value held. This is
    /// exactly the text a reader of the composed message gets back.
    public static func sanitized(_ value: String) -> String {
        sanitized(value, allWhiteSpace: false)
    }

    /// A display name made safe: as ``sanitized(_:)``, and every other white space character
    /// (no-break space, ideographic space, ...) is a plain space too.
    ///
    /// A name needs no exotic spaces, and readers differ on them: some collapse or drop them
    /// inside display names (Python's `email` package does), so a plain space reads the same
    /// everywhere.
    public static func displayName(_ value: String) -> String {
        sanitized(value, allWhiteSpace: true)
    }

    private static func sanitized(_ value: String, allWhiteSpace: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if isControl(scalar) || scalar == " " || (allWhiteSpace && scalar.properties.isWhitespace) {
                pendingSpace = true
                continue
            }
            if pendingSpace, !scalars.isEmpty { scalars.append(" ") }
            pendingSpace = false
            scalars.append(scalar)
        }
        var text = String(scalars)
        // Trim Unicode white space, by scalar and by character (a space followed by a combining
        // mark is one character that starts with white space), until nothing changes.
        while true {
            var trimmed = Substring(text)
            while let first = trimmed.unicodeScalars.first, first.properties.isWhitespace {
                trimmed = Substring(trimmed.unicodeScalars.dropFirst())
            }
            while let last = trimmed.unicodeScalars.last, last.properties.isWhitespace {
                trimmed = Substring(trimmed.unicodeScalars.dropLast())
            }
            let result = trimmed.trimming(where: \.isWhitespace)
            if result == text { return result }
            text = result
        }
    }

    /// Whether a scalar is one of the controls ``sanitized(_:)`` replaces.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }
}
