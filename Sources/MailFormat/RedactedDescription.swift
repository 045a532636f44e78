/// A value that holds personal data (or a secret) and so describes itself by its shape only.
///
/// String interpolation, `print`, `debugPrint`, `dump` and `String(reflecting:)` show the type,
/// its field names, which fields are set and how many values a list holds, never a value itself:
/// a value logged or interpolated into an error by mistake leaks nothing (DESIGN §3, invariant 3),
/// as apple/swift-configuration prints a secret value as `<REDACTED>`. Fields that are not
/// personal (ids, counts, kinds, pseudonyms, dates) may be shown as they are.
///
/// Types whose `description` is output on purpose (``EmailAddress``, ``Mailbox``: the wire form
/// used when composing mail and in the configuration) do not adopt it.
public protocol RedactedDescribing: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The fields in declaration order, each with what may be shown of it.
    var redactedFields: [RedactedField] { get }
}

/// One field of a ``RedactedDescribing`` value, as it may be shown.
public struct RedactedField: Sendable, Hashable {
    /// The field's name as declared.
    public let name: String
    /// What is shown for it: `<redacted>`, `nil`, `<3 redacted>`, or a value that is not personal.
    public let shown: String

    /// A personal value: only whether it is set.
    public static func hidden(_ name: String, _ value: (some Any)?) -> RedactedField {
        RedactedField(name: name, shown: value == nil ? "nil" : "<redacted>")
    }

    /// A list (or map) of personal values: only how many.
    public static func count(_ name: String, _ count: Int) -> RedactedField {
        RedactedField(name: name, shown: "<\(count) redacted>")
    }

    /// A value that is not personal, shown as it describes itself (a nested ``RedactedDescribing``
    /// value describes itself redacted).
    public static func shown(_ name: String, _ value: (some Any)?) -> RedactedField {
        RedactedField(name: name, shown: value.map { String(describing: $0) } ?? "nil")
    }
}

extension RedactedDescribing {
    /// `Type(field: <redacted>, other: nil, list: <2 redacted>, id: 7)`.
    public var description: String {
        "\(Self.self)(" + redactedFields.map { "\($0.name): \($0.shown)" }.joined(separator: ", ") + ")"
    }

    /// The same as ``description``: debugging output is no place for personal values either.
    public var debugDescription: String { description }

    /// The fields as ``description`` shows them, so that `dump` and debuggers see no value either.
    public var customMirror: Mirror {
        Mirror(self, children: redactedFields.map { Mirror.Child(label: $0.name, value: $0.shown) }, displayStyle: .struct)
    }
}
