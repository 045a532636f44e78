/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header text.
///
/// The scanner is a single left-to-right pass: anything that is not a well-formed encoded word
/// is kept as the literal text, so a malformed one stays readable. White space between two
/// encoded words is dropped (RFC 2047 §6.2), and adjacent words in the same charset have their
/// bytes joined before decoding, so a character split across two words comes out whole.
public enum EncodedWords {
    /// Decodes every encoded word in `text`; notes about charsets are appended to `notes`.
    public static func decode(_ text: String, notes: inout [ParseNote]) -> String {
        guard text.utf8.contains(ASCII.equals) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var run: (charset: String, bytes: [UInt8])?
        var literalStart = 0
        var lastWasEncoded = false
        var noTerminator = 0..<0
        var i = 0

        func flushRun() {
            guard let pending = run else { return }
            let (decoded, note) = Charsets.decode(pending.bytes, charset: pending.charset)
            out.append(contentsOf: decoded.utf8)
            if let note, !notes.contains(note) { notes.append(note) }
            run = nil
        }

        while i + 1 < bytes.count {
            guard bytes[i] == ASCII.equals, bytes[i + 1] == ASCII.question,
                  let word = parseWord(bytes, at: i, noTerminator: &noTerminator) else {
                i += 1
                continue
            }
            let literal = bytes[literalStart..<i]
            if !(lastWasEncoded && literal.allSatisfy(ASCII.isWhitespace)) {
                flushRun()
                out.append(contentsOf: literal)
            }
            if let current = run, current.charset == word.charset {
                run?.bytes.append(contentsOf: word.bytes)
            } else {
                flushRun()
                run = (word.charset, word.bytes)
            }
            lastWasEncoded = true
            i = word.end
            literalStart = i
        }
        flushRun()
        out.append(contentsOf: bytes[literalStart...])
        // The literal pieces came from a String and the decoded ones from Charsets, so this is valid UTF-8.
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes without collecting notes.
    public static func decode(_ text: String) -> String {
        var notes: [ParseNote] = []
        return decode(text, notes: &notes)
    }

    /// One encoded word's charset (lower-cased, language dropped), decoded bytes and end.
    private struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    /// Reads the encoded word starting at `start` (which holds `=?`), or nil if there is none.
    ///
    /// `noTerminator` remembers a stretch already searched in vain for the closing `?=`, so that
    /// text full of `=?` cannot make the scan quadratic.
    private static func parseWord(_ bytes: [UInt8], at start: Int, noTerminator: inout Range<Int>) -> Word? {
        let end = bytes.count
        var j = start + 2
        let charsetStart = j
        while j < end, j - charsetStart <= 64, bytes[j] != ASCII.question, bytes[j] > 0x20, bytes[j] < 0x7F { j += 1 }
        guard j < end, bytes[j] == ASCII.question, j > charsetStart else { return nil }
        let charsetEnd = j
        j += 1
        guard j + 1 < end, bytes[j + 1] == ASCII.question else { return nil }
        let method = ASCII.lower(bytes[j])
        guard method == UInt8(ascii: "b") || method == UInt8(ascii: "q") else { return nil }
        let textStart = j + 2
        var k = textStart
        while k < end {
            if noTerminator.contains(k) {
                k = noTerminator.upperBound
                break
            }
            if bytes[k] == ASCII.question, k + 1 < end, bytes[k + 1] == ASCII.equals {
                var charset = ASCII.string(bytes[charsetStart..<charsetEnd]).lowercased()
                if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
                let text = bytes[textStart..<k]
                let decoded = method == UInt8(ascii: "b") ? Base64Decoder.decode(text).bytes : QuotedPrintable.decodeQ(text)
                return Word(charset: charset, bytes: decoded, end: k + 2)
            }
            if ASCII.isWhitespace(bytes[k]) { break }
            k += 1
        }
        noTerminator = textStart..<max(k, noTerminator.upperBound)
        return nil
    }
}
