import Glibc

/// Turns bytes in a named charset into text, never failing.
///
/// Well-known labels are resolved here; anything else goes to iconv. When the label is unknown or
/// the bytes are invalid for it, each valid UTF-8 sequence is kept and every other byte is read as
/// Windows-1252, which loses nothing a reader could use, and a ``ParseNote`` says so.
public enum Charsets {
    /// Decodes `bytes` labelled with `charset` (nil when the message names none).
    public static func decode(_ bytes: [UInt8], charset: String?) -> (text: String, note: ParseNote?) {
        let label = normalizedLabel(charset)
        switch label {
        case .none:
            if isASCII(bytes) { return (asciiString(bytes), nil) }
            let (text, clean) = utf8OrWindows1252(bytes)
            return (text, ParseNote(code: "missing-charset", detail: clean
                ? "8-bit text without a charset decoded as UTF-8"
                : "8-bit text without a charset decoded as UTF-8 and Windows-1252"))
        case .utf8:
            let (text, clean) = utf8OrWindows1252(bytes)
            return (text, clean ? nil : ParseNote(code: "invalid-bytes", detail: "invalid UTF-8 bytes decoded as Windows-1252"))
        case .windows1252:
            // Windows-1252 is a superset of ISO-8859-1's printable characters; mail labelled
            // ISO-8859-1 or US-ASCII very often holds Windows-1252 quotes and the euro sign, so
            // (like every browser, per the WHATWG encoding standard) it is read as Windows-1252.
            // Bytes above 0x7F in text labelled US-ASCII are mislabelled 8-bit text; UTF-8 is
            // tried first for them because that is what modern senders produce.
            if isASCII(bytes) { return (asciiString(bytes), nil) }
            return (Windows1252.decode(bytes), nil)
        case .usASCII:
            if isASCII(bytes) { return (asciiString(bytes), nil) }
            let (text, _) = utf8OrWindows1252(bytes)
            return (text, ParseNote(code: "invalid-bytes", detail: "8-bit bytes in us-ascii text decoded as UTF-8 or Windows-1252"))
        case .other(let name):
            if let result = iconvDecode(bytes, from: name) {
                return (result.text, result.clean ? nil : ParseNote(
                    code: "invalid-bytes", detail: "invalid bytes for \(ParseNote.label(name)) decoded as Windows-1252"))
            }
            let (text, clean) = utf8OrWindows1252(bytes)
            return (text, ParseNote(code: "unknown-charset", detail: "\(ParseNote.label(name)) decoded as \(clean ? "UTF-8" : "Windows-1252")"))
        }
    }

    /// The fallback decoding on its own: valid UTF-8 sequences as UTF-8, any other byte as Windows-1252.
    ///
    /// Returns whether the bytes were entirely valid UTF-8.
    public static func utf8OrWindows1252(_ bytes: [UInt8]) -> (text: String, validUTF8: Bool) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, true) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        var i = 0
        while i < bytes.count {
            if let (_, length) = utf8Scalar(bytes, at: i) {
                out.append(contentsOf: bytes[i..<(i + length)])
                i += length
            } else {
                UTF8.encode(Windows1252.scalar(bytes[i])) { out.append($0) }
                i += 1
            }
        }
        return (String(decoding: out, as: UTF8.self), false)
    }

    /// A charset label resolved to how it is decoded.
    enum Label: Equatable {
        case utf8, windows1252, usASCII
        case other(String)
    }

    /// Resolves aliases, case, quotes and an RFC 2231 language suffix; nil for no label at all.
    static func normalizedLabel(_ charset: String?) -> Label? {
        guard let charset else { return nil }
        var name = charset.trimming(where: { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }).lowercased()
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        if name.isEmpty { return nil }
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode-2-0-utf-8":
            return .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "cp367", "ibm367", "iso-ir-6", "ascii-us":
            return .usASCII
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1", "iso-ir-100",
             "cp819", "ibm819", "csisolatin1", "8859-1", "iso88591",
             "windows-1252", "cp1252", "x-cp1252", "win-1252", "cp-1252", "ms-ansi", "ansi", "windows1252":
            return .windows1252
        case "latin9", "latin-9", "l9", "iso8859-15", "iso_8859-15", "iso885915", "8859-15":
            return .other("ISO-8859-15")
        case "ks_c_5601-1987", "ks_c_5601", "euc-kr", "korean": return .other("CP949")
        case "gb2312", "gbk", "x-gbk", "csgb2312", "chinese": return .other("GB18030")
        case "x-sjis", "sjis", "shift-jis", "shift_jis", "ms_kanji", "windows-31j", "cp932": return .other("CP932")
        case "x-mac-roman", "macintosh", "mac": return .other("MACINTOSH")
        default:
            if name.hasPrefix("cp"), name.dropFirst(2).allSatisfy(\.isNumber) { return .other(name.uppercased()) }
            return .other(name)
        }
    }

    private static func isASCII(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 < 0x80 } }

    private static func asciiString(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// One well-formed UTF-8 sequence at `i` (no overlongs, surrogates or values past U+10FFFF).
    static func utf8Scalar(_ bytes: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let length: Int
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(b0 & 0x07)
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(b & 0x3F)
        }
        let minimum: UInt32 = length == 3 ? 0x800 : (length == 4 ? 0x10000 : 0x80)
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// Converts with iconv; nil when iconv does not know the charset.
    ///
    /// A fresh conversion descriptor per call: iconv descriptors carry shift state and must not be
    /// shared between threads, and opening one is cheap next to parsing a message.
    private static func iconvDecode(_ bytes: [UInt8], from name: String) -> (text: String, clean: Bool)? {
        // iconv names are short ASCII tokens; anything else (a NUL, a path, a huge label) is not a charset.
        guard name.utf8.count <= 40, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") }) else {
            return nil
        }
        let descriptor = iconv_open("UTF-8", name)
        guard let descriptor, descriptor != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        var clean = true
        var input = bytes
        var consumed = 0
        var chunk = [UInt8](repeating: 0, count: 16_384)
        input.withUnsafeMutableBufferPointer { inBuffer in
            guard let inBase = inBuffer.baseAddress else { return }
            while consumed < inBuffer.count {
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase + consumed).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count - consumed
                let (result, produced, failure) = chunk.withUnsafeMutableBufferPointer { outBuffer -> (Int, Int, Int32) in
                    guard let outBase = outBuffer.baseAddress else { return (0, 0, 0) }
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    let r = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (r, outBuffer.count - outLeft, r == -1 ? errno : 0)
                }
                output.append(contentsOf: chunk[0..<produced])
                let newConsumed = inBuffer.count - inLeft
                let progressed = newConsumed > consumed || produced > 0
                consumed = newConsumed
                if result != -1 { break }
                if failure == E2BIG, progressed { continue }
                // An invalid or truncated sequence: keep the byte as Windows-1252 and go on after it.
                clean = false
                guard consumed < inBuffer.count else { break }
                for unit in String(Windows1252.scalar(inBuffer[consumed])).utf8 { output.append(unit) }
                consumed += 1
                // Reset the shift state so a stateful charset starts cleanly after the bad byte.
                _ = iconv(descriptor, nil, nil, nil, nil)
            }
        }
        // Flush any pending shift sequence of stateful encodings.
        chunk.withUnsafeMutableBufferPointer { outBuffer in
            guard let outBase = outBuffer.baseAddress else { return }
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
            var outLeft = outBuffer.count
            _ = iconv(descriptor, nil, nil, &outPointer, &outLeft)
            output.append(contentsOf: outBuffer[0..<(outBuffer.count - outLeft)])
        }
        let (text, validUTF8) = utf8OrWindows1252(output)
        return (text, clean && validUTF8)
    }
}
