/// Byte constants and classifications shared by the scanners; mail syntax is defined over ASCII.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let percent: UInt8 = 0x25
    static let apostrophe: UInt8 = 0x27
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29
    static let star: UInt8 = 0x2A
    static let comma: UInt8 = 0x2C
    static let hyphen: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let lessThan: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let underscore: UInt8 = 0x5F

    /// Space or horizontal tab, the white space that folds header lines.
    static func isWSP(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// A MIME token character (RFC 2045 §5.1): printable ASCII other than space and tspecials.
    static func isToken(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && !"()<>@,;:\\\"/[]?=".utf8.contains(byte)
    }

    /// Any white space a header or HTML text may contain, line breaks included.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == cr || byte == lf || byte == 0x0C
    }

    /// The value of a hexadecimal digit in either case, or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// The byte lower-cased if it is an ASCII capital letter.
    static func lower(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// Whether `bytes[at...]` starts with `prefix`, ignoring ASCII case (prefix given in lower case).
    static func hasPrefix(_ bytes: [UInt8], at index: Int, end: Int, lowercased prefix: [UInt8]) -> Bool {
        guard index >= 0, end - index >= prefix.count else { return false }
        var k = 0
        while k < prefix.count {
            if lower(bytes[index + k]) != prefix[k] { return false }
            k += 1
        }
        return true
    }

    /// An ASCII string from bytes already known to be ASCII-ish; anything else is decoded leniently.
    static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// One line of a byte buffer: its content (without the line break) and where the next line starts.
struct Line {
    /// The first byte of the line.
    var start: Int
    /// One past the last content byte, before any CR LF or LF.
    var contentEnd: Int
    /// The first byte after the line break (or the end of the range).
    var next: Int

    /// Whether the line holds nothing but its line break.
    var isEmpty: Bool { contentEnd == start }

    /// Reads the line that begins at `start` in `bytes[..<end]`; both LF and CR LF end a line.
    static func read(_ bytes: [UInt8], from start: Int, end: Int) -> Line {
        var i = start
        while i < end, bytes[i] != ASCII.lf { i += 1 }
        if i < end {
            let contentEnd = (i > start && bytes[i - 1] == ASCII.cr) ? i - 1 : i
            return Line(start: start, contentEnd: contentEnd, next: i + 1)
        }
        return Line(start: start, contentEnd: end, next: end)
    }
}
