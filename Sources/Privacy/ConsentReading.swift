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
    /// "einverstanden", a mark with a word, an answer with an explanation; see ``ConsentGrammar``),
    /// strict on ambiguity: anything else is ``unreadable``, never guessed.
    public init(value raw: String) {
        self.init(value: raw, labels: [])
    }

    /// Reads a value that may also be the consent's own label: an acceptance field such as
    /// Contact Form 7's sends its text when ticked, so that text, and only that, counts as given.
    public init(value raw: String, labels: [String]) {
        switch ConsentGrammar.read(raw) {
        case .granted: self = .granted
        case .refused: self = .refused
        case .unreadable: self = .unreadable
        case .label:
            let value = Self.comparable(raw)
            self = labels.contains { Self.comparable($0) == value } ? .granted : .unreadable
        }
    }

    /// Lower case, single spaces, no closing punctuation: how a label and a value are compared.
    static func comparable(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").trimming(" .:;!*")
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
