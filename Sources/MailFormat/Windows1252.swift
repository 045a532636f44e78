/// The Windows-1252 code page, used as the decoding of last resort because every byte maps to a character.
enum Windows1252 {
    /// Characters for bytes 0x80...0x9F; the five bytes Windows leaves undefined map to the C1
    /// control of the same value, as the WHATWG encoding standard does, so no byte is ever lost.
    private static let high: [Unicode.Scalar] = [
        "\u{20AC}", "\u{81}", "\u{201A}", "\u{192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{2C6}", "\u{2030}", "\u{160}", "\u{2039}", "\u{152}", "\u{8D}", "\u{17D}", "\u{8F}",
        "\u{90}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{2DC}", "\u{2122}", "\u{161}", "\u{203A}", "\u{153}", "\u{9D}", "\u{17E}", "\u{178}",
    ]

    /// The character a byte stands for.
    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        if byte >= 0x80, byte <= 0x9F { return high[Int(byte - 0x80)] }
        return Unicode.Scalar(byte)
    }

    /// Decodes every byte; never fails.
    static func decode(_ bytes: some Sequence<UInt8>) -> String {
        // Into UTF-8 bytes and one String at the end: appending scalar by scalar to a String
        // costs some 450 instructions a byte.
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount + bytes.underestimatedCount / 4)
        for byte in bytes {
            if byte < 0x80 { out.append(byte) } else { UTF8.encode(scalar(byte)) { out.append($0) } }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
