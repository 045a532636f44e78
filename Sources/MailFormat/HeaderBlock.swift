/// The header fields of a message or MIME part, in order, duplicates kept.
public struct HeaderBlock: Sendable, Hashable {
    /// Every field in the order it appeared.
    public var fields: [HeaderField]

    /// Makes a block from fields.
    public init(fields: [HeaderField] = []) {
        self.fields = fields
    }

    /// The first field with this name, compared without regard to ASCII case.
    public func first(_ name: String) -> HeaderField? {
        fields.first { Self.sameName($0.name, name) }
    }

    /// Every field with this name, in order, compared without regard to ASCII case.
    public func all(_ name: String) -> [HeaderField] {
        fields.filter { Self.sameName($0.name, name) }
    }

    private static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { ASCII.lower($0) == ASCII.lower($1) }
    }
}
