/// HTML character references: named (`&auml;`), decimal (`&#228;`) and hexadecimal (`&#xE4;`).
enum HTMLEntities {
    /// Names of U+00A0 ... U+00FF in code point order.
    private static let latin1Names = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not", "shy",
        "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1", "ordm",
        "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig",
        "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
        "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN",
        "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc",
        "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml",
        "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ]

    private static let others: [String: UInt32] = [
        "amp": 38, "lt": 60, "gt": 62, "quot": 34, "apos": 39, "Tab": 9, "NewLine": 10,
        "euro": 0x20AC, "hellip": 0x2026, "mdash": 0x2014, "ndash": 0x2013, "lsquo": 0x2018, "rsquo": 0x2019,
        "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "bull": 0x2022, "trade": 0x2122,
        "dagger": 0x2020, "Dagger": 0x2021, "permil": 0x2030, "lsaquo": 0x2039, "rsaquo": 0x203A, "OElig": 0x152,
        "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178, "fnof": 0x192, "circ": 0x2C6, "tilde": 0x2DC,
        "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C, "zwj": 0x200D, "lrm": 0x200E, "rlm": 0x200F,
        "hyphen": 0x2010, "larr": 0x2190, "uarr": 0x2191, "rarr": 0x2192, "darr": 0x2193, "harr": 0x2194,
        "lArr": 0x21D0, "rArr": 0x21D2, "hArr": 0x21D4, "minus": 0x2212, "le": 0x2264, "ge": 0x2265, "ne": 0x2260,
        "infin": 0x221E, "prime": 0x2032, "Prime": 0x2033, "oline": 0x203E, "frasl": 0x2044, "check": 0x2713,
        "hearts": 0x2665, "star": 0x2606, "phone": 0x260E, "alpha": 0x3B1, "beta": 0x3B2, "mu": 0x3BC, "pi": 0x3C0,
        "Omega": 0x3A9, "sum": 0x2211, "asymp": 0x2248, "loz": 0x25CA, "spades": 0x2660, "clubs": 0x2663, "diams": 0x2666,
    ]

    private static let table: [String: UInt32] = {
        var table = others
        for (offset, name) in latin1Names.enumerated() { table[name] = 0xA0 + UInt32(offset) }
        return table
    }()

    /// Decodes the reference starting at `start` (which holds `&`) within `bytes[..<end]`.
    ///
    /// Returns the character and the index after the reference, or nil when this `&` starts no
    /// reference (it is then literal text). A missing `;` is tolerated, as browsers do.
    static func decode(_ bytes: [UInt8], at start: Int, end: Int) -> (Unicode.Scalar, Int)? {
        var i = start + 1
        guard i < end else { return nil }
        if bytes[i] == UInt8(ascii: "#") {
            i += 1
            var hex = false
            if i < end, ASCII.lower(bytes[i]) == UInt8(ascii: "x") { hex = true; i += 1 }
            let digitsStart = i
            var value: UInt32 = 0
            while i < end, i - digitsStart < 8 {
                let digit: UInt8?
                if hex { digit = ASCII.hexValue(bytes[i]) } else { digit = (0x30...0x39).contains(bytes[i]) ? bytes[i] - 0x30 : nil }
                guard let digit else { break }
                value = value * (hex ? 16 : 10) + UInt32(digit)
                i += 1
            }
            guard i > digitsStart else { return nil }
            if i < end, bytes[i] == ASCII.semicolon { i += 1 }
            return (scalar(forCodePoint: value), i)
        }
        let nameStart = i
        while i < end, i - nameStart < 32, isAlphanumeric(bytes[i]) { i += 1 }
        guard i > nameStart, let value = table[ASCII.string(bytes[nameStart..<i])], let scalar = Unicode.Scalar(value) else {
            return nil
        }
        if i < end, bytes[i] == ASCII.semicolon { i += 1 }
        return (scalar, i)
    }

    /// The character for a numeric reference, with the fixes the HTML standard prescribes:
    /// 0x80-0x9F are Windows-1252, and invalid code points become U+FFFD.
    static func scalar(forCodePoint value: UInt32) -> Unicode.Scalar {
        if value >= 0x80, value <= 0x9F { return Windows1252.scalar(UInt8(value)) }
        if value == 0 { return "\u{FFFD}" }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
