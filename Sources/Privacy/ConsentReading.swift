import Foundation

/// What a form said about one consent: given, refused, or something that cannot be read as either.
///
/// A consent that the form does not mention at all is not a reading; it is absent (nil where
/// a reading is expected). Absent and unreadable are both "no consent" for the law (Art. 7(1):
/// the controller must be able to demonstrate consent), but are kept apart for the evidence.
public enum ConsentReading: String, Sendable, Hashable, Codable {
    case granted
    case refused
    case unreadable

    /// Reads a checkbox or answer value as contact forms write it, in German and English.
    ///
    /// Tolerant on purpose (ja/nein, yes/no, true/false, 1/0, on/off, x, [x]/[ ], ☑/☐, "checked",
    /// "einverstanden", ...), strict on ambiguity: anything else is ``unreadable``, never guessed.
    public init(value raw: String) {
        let value = raw.lowercased().replacingOccurrences(of: "\u{00A0}", with: " ").trimming(" \t\r\n.:;!\"'")
        if Self.grantedWords.contains(value) {
            self = .granted
        } else if Self.refusedWords.contains(value) {
            self = .refused
        } else {
            self = .unreadable
        }
    }

    /// Reads a JSON value: booleans as they are, numbers 1/0, strings as in ``init(value:)``.
    public init(json value: Any?) {
        switch value {
        case let flag as Bool: self = flag ? .granted : .refused
        case let number as Int: self = number == 1 ? .granted : number == 0 ? .refused : .unreadable
        case let number as Double: self = number == 1 ? .granted : number == 0 ? .refused : .unreadable
        case let text as String: self.init(value: text)
        default: self = .unreadable
        }
    }

    /// True only for a consent that was clearly given.
    public var isGranted: Bool { self == .granted }

    static let grantedWords: Set<String> = [
        "ja", "j", "yes", "y", "true", "1", "on", "x", "[x]", "(x)", "☑", "☒", "✓", "✔", "✅", "checked", "selected",
        "angekreuzt", "ausgewählt", "einverstanden", "ich bin einverstanden", "ich stimme zu", "zugestimmt", "erteilt",
        "akzeptiert", "i agree", "agreed", "agree", "accepted", "granted", "given", "opt-in", "opted in",
    ]

    static let refusedWords: Set<String> = [
        "nein", "n", "no", "false", "0", "off", "[ ]", "[]", "( )", "☐", "unchecked", "not checked", "nicht angekreuzt",
        "nicht ausgewählt", "abgelehnt", "nicht erteilt", "nicht einverstanden", "declined", "refused", "not given",
        "opt-out", "opted out", "none", "keine",
    ]
}

extension String {
    /// The string without leading and trailing characters from the given set.
    func trimming(_ characters: String) -> String {
        let set = Set(characters)
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
