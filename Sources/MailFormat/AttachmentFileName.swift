/// A sender's attachment file name made harmless: for the name a copy carries, and for showing
/// it on a terminal.
///
/// A file name in a mail is whatever the sender wrote: `../../etc/passwd`, a right-to-left
/// override (U+202E) that makes `invoice‮fdp.exe` read as `invoiceexe.pdf`, control characters
/// that move a terminal's cursor. ticketd never uses it as a path; these two functions decide
/// what a recipient's mail client and an agent's terminal are shown.
public enum AttachmentFileName {
    /// The name with path separators turned into `_`, control and formatting characters
    /// (C0, C1, DEL, bidi overrides and isolates, zero-width characters) removed, runs of white
    /// space made one space, and leading dots and spaces cut, so that it names one plain file in
    /// any directory; `fallback` when nothing usable is left or the name is longer than
    /// ``OutgoingAttachment/maxFilenameBytes`` bytes.
    public static func sanitized(_ name: String, fallback: String) -> String {
        var result = ""
        var lastWasSpace = false
        for scalar in name.unicodeScalars {
            if isInvisible(scalar) { continue }
            if scalar == "/" || scalar == "\\" || scalar == ":" {
                result.unicodeScalars.append("_")
                lastWasSpace = false
            } else if scalar.properties.isWhitespace {
                if !lastWasSpace, !result.isEmpty { result.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                result.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        // A leading dot would hide the file, and `..` alone names the parent.
        while let first = result.first, first == "." || first == " " { result.removeFirst() }
        while result.last == " " { result.removeLast() }
        if result.isEmpty || result.utf8.count > OutgoingAttachment.maxFilenameBytes { return fallback }
        return result
    }

    /// The name as a terminal may print it: every control or formatting character written as
    /// `\u{XXXX}` (a backslash as `\\`), so that what the agent reads is what the name holds.
    public static func displayed(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            if scalar == "\\" {
                result += "\\\\"
            } else if isInvisible(scalar) || scalar.properties.isWhitespace && scalar != " " {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The extension of a name (`pdf` of `Rechnung März.pdf`) when it is a short run of ASCII
    /// letters and digits, else nil: what a neutral name may keep of the sender's.
    public static func plainExtension(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        guard (1...8).contains(ext.count), ext.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else {
            return nil
        }
        return ext.lowercased()
    }

    /// Characters that are not shown as themselves: controls (Cc), formatting characters (Cf:
    /// bidi overrides and isolates, zero-width joiners, soft hyphen), separators of lines and
    /// paragraphs, and unassigned or private code points.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate: true
        default: false
        }
    }
}
