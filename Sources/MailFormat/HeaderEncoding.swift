internal import Foundation

/// Writes one header field of an outgoing message: values as tokens, folded at white space so
/// that lines stay within 78 characters where the tokens allow it (RFC 5322 §2.1.1), with
/// non-ASCII text as RFC 2047 encoded words.
///
/// Every token handed in is printable ASCII without line breaks; the only line breaks in the
/// output are the folds this writer makes, each followed by a space.
struct HeaderFieldWriter {
    /// The line length to stay within (RFC 5322 "SHOULD").
    static let lineLimit = 78
    /// The longest encoded word (RFC 2047 §2).
    static let encodedWordLimit = 75
    /// `=?utf-8?q?` and `?=`.
    static let encodedWordOverhead = 12

    private(set) var bytes: [UInt8]
    private var lineLength: Int
    private var hasValue = false

    /// Starts a field with its name and colon.
    init(name: String) {
        bytes = Array(name.utf8)
        bytes.append(ASCII.colon)
        lineLength = bytes.count
    }

    /// The field with its closing CR LF.
    var field: [UInt8] { bytes + [ASCII.cr, ASCII.lf] }

    /// Appends one token that must not be broken, after a space (or a fold, if the line would
    /// grow beyond the limit; never before the first token, which a reader would then see with a
    /// leading blank).
    mutating func append(token: String) {
        let length = token.utf8.count
        if hasValue, lineLength + 1 + length > Self.lineLimit {
            fold()
        } else {
            space()
        }
        bytes.append(contentsOf: token.utf8)
        lineLength += length
        hasValue = true
    }

    /// Appends unstructured text (RFC 5322 §3.2.5, as in Subject): printable ASCII words as they
    /// are, runs of other words as encoded words. `text` is sanitized (single spaces, no controls).
    mutating func append(unstructured text: String) {
        var run: [Substring] = []
        for word in text.split(separator: " ") {
            if isLiteralText(word) {
                if !run.isEmpty { append(encoded: run.joined(separator: " ")); run = [] }
                append(token: String(word))
            } else {
                run.append(word)
            }
        }
        if !run.isEmpty { append(encoded: run.joined(separator: " ")) }
    }

    /// Appends a display name (RFC 5322 phrase). `name` is sanitized.
    ///
    /// Atoms are written as they are, runs of other printable ASCII words as a quoted string,
    /// and runs of words with non-ASCII (or that a reader could take for an encoded word, which
    /// some readers decode even inside quotes) as encoded words. An encoded run that fits one
    /// encoded word is kept whole, on a new line if need be: a reader must drop the white space
    /// between adjacent encoded words (RFC 2047 §6.2), but some keep it in display names (Python
    /// before gh-128110), so the fewer places where two meet, the fewer readers differ.
    mutating func append(phrase name: String) {
        let words = name.split(separator: " ")
        var index = 0
        while index < words.count {
            let encoded = Self.needsEncoding(words[index])
            var end = index + 1
            while end < words.count, Self.needsEncoding(words[end]) == encoded { end += 1 }
            let group = words[index..<end]
            index = end
            if encoded {
                append(encoded: group.joined(separator: " "), keepWhole: true)
                continue
            }
            let text = group.joined(separator: " ")
            if group.allSatisfy({ $0.utf8.allSatisfy(Self.isAtext) }) {
                for word in group { append(token: String(word)) }
            } else if text.utf8.count <= 60 {
                append(token: Self.quoted(text))
            } else {
                for word in group { append(token: word.utf8.allSatisfy(Self.isAtext) ? String(word) : Self.quoted(word)) }
            }
        }
    }

    /// Whether a word of a display name must be an encoded word.
    private static func needsEncoding(_ word: Substring) -> Bool {
        word.utf8.count > 60 || word.contains("=?") || !word.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// A quoted string (RFC 5322 §3.2.4) with `"` and `\` escaped.
    private static func quoted(_ text: some StringProtocol) -> String {
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        quoted.append("\"")
        return quoted
    }

    /// Whether a word of unstructured text can be written as it is: printable ASCII, nothing a
    /// decoder could take for an encoded word, and short enough to fit a line of its own (or,
    /// as the first word, the first line).
    private func isLiteralText(_ word: Substring) -> Bool {
        let length = word.utf8.count
        guard word.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }), !word.contains("=?") else { return false }
        return hasValue ? length <= Self.lineLimit - 1 : lineLength + 1 + length <= Self.lineLimit
    }

    // MARK: Encoded words

    /// Appends `text` as encoded words, each as long as the line allows (at most 75 characters),
    /// separated by folding white space, which readers drop between encoded words.
    ///
    /// Words break only between characters (grapheme clusters); a single character too long for
    /// one word (a base letter with dozens of combining marks) breaks between its scalars, never
    /// inside a UTF-8 sequence.
    ///
    /// With `keepWhole`, text that fits one encoded word starts a new line rather than being
    /// split to fill the current one.
    mutating func append(encoded text: String, keepWhole: Bool = false) {
        let units = Self.units(of: text)
        let whole = Self.shortestWord(Array(text.utf8))
        var foldFirst = keepWhole && whole <= Self.encodedWordLimit && whole > Self.lineLimit - lineLength - 1
        var index = 0
        while index < units.count {
            let needed = Self.shortestWord(units[index])
            var available = Self.lineLimit - lineLength - 1
            if hasValue, foldFirst || available < needed {
                foldFirst = false
                fold()
                available = Self.lineLimit - 1
            } else {
                space()
            }
            let limit = min(Self.encodedWordLimit, max(available, needed))
            let (word, consumed) = Self.encodedWord(units, from: index, limit: limit)
            bytes.append(contentsOf: word)
            lineLength += word.count
            hasValue = true
            index += consumed
        }
    }

    /// The pieces an encoded word may not split: the UTF-8 of each character, or of each scalar
    /// for a character too long for one word.
    static func units(of text: String) -> [[UInt8]] {
        var units: [[UInt8]] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if shortestWord(bytes) <= encodedWordLimit {
                units.append(bytes)
            } else {
                for scalar in character.unicodeScalars { units.append(Array(String(scalar).utf8)) }
            }
        }
        return units
    }

    /// The length of the shortest encoded word holding these bytes alone.
    static func shortestWord(_ bytes: [UInt8]) -> Int {
        encodedWordOverhead + min(qLength(bytes), bLength(bytes.count))
    }

    /// The longest encoded word from `units[start...]` within `limit` characters, in Q or B,
    /// whichever holds more characters; when both hold the same, the shorter one (Q on a tie,
    /// since it stays readable).
    static func encodedWord(_ units: [[UInt8]], from start: Int, limit: Int) -> (word: [UInt8], consumed: Int) {
        let room = limit - encodedWordOverhead
        var qCount = 0
        var qUsed = 0
        while start + qCount < units.count {
            let cost = qLength(units[start + qCount])
            if qUsed + cost > room { break }
            qUsed += cost
            qCount += 1
        }
        var bCount = 0
        var bBytes = 0
        while start + bCount < units.count {
            let total = bBytes + units[start + bCount].count
            if bLength(total) > room { break }
            bBytes = total
            bCount += 1
        }
        let useB = bCount > qCount || (bCount == qCount && bLength(bBytes) < qUsed)
        let count = max(1, useB ? bCount : qCount)
        let payload = units[start..<start + count].flatMap { $0 }
        var word = Array("=?utf-8?".utf8)
        if useB {
            word.append(UInt8(ascii: "b"))
            word.append(ASCII.question)
            word.append(contentsOf: base64(payload))
        } else {
            word.append(UInt8(ascii: "q"))
            word.append(ASCII.question)
            for byte in payload {
                if byte == ASCII.space {
                    word.append(ASCII.underscore)
                } else if isQLiteral(byte) {
                    word.append(byte)
                } else {
                    word.append(contentsOf: hexEscape(byte))
                }
            }
        }
        word.append(ASCII.question)
        word.append(ASCII.equals)
        return (word, count)
    }

    /// Bytes a Q word writes as they are: the set RFC 2047 §5(3) allows even in a phrase, so
    /// one encoding serves Subject and display names alike.
    static func isQLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            true
        default:
            false
        }
    }

    static func qLength(_ bytes: [UInt8]) -> Int {
        bytes.reduce(0) { $0 + ($1 == ASCII.space || isQLiteral($1) ? 1 : 3) }
    }

    static func bLength(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// `=XX` (or `marker` and `XX`) with upper-case hex digits.
    static func hexEscape(_ byte: UInt8, marker: UInt8 = ASCII.equals) -> [UInt8] {
        [marker, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Standard base64 with padding (RFC 4648 §4), on one line.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        Array(Data(bytes).base64EncodedData())
    }

    /// atext (RFC 5322 §3.2.3).
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    // MARK: Layout

    private mutating func space() {
        bytes.append(ASCII.space)
        lineLength += 1
    }

    private mutating func fold() {
        bytes.append(contentsOf: [ASCII.cr, ASCII.lf, ASCII.space])
        lineLength = 1
    }
}
