/// One header field of a message or MIME part.
public struct HeaderField: Sendable, Hashable {
    /// The field name as written (without white space before the colon).
    public var name: String
    /// The value unfolded (line breaks inside it removed), undecoded, without leading and trailing blanks.
    public var rawValue: [UInt8]
    /// The value unfolded and RFC 2047-decoded; 8-bit bytes read as UTF-8 if valid, else as Windows-1252.
    public var value: String

    /// Makes a field from its name and raw (unfolded) value, decoding the value.
    public init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
        var notes: [ParseNote] = []
        self.value = EncodedWords.decode(Self.text(rawValue), notes: &notes)
    }

    /// The value unfolded but not RFC 2047-decoded: what structured parsers (addresses,
    /// parameters) read, since encoded words may only be decoded after the structure is known.
    public var undecodedValue: String { Self.text(rawValue) }

    /// Raw header bytes as text: UTF-8 if valid (RFC 6532 allows it), otherwise Windows-1252.
    static func text(_ raw: [UInt8]) -> String {
        Charsets.utf8OrWindows1252(raw).text
    }
}
