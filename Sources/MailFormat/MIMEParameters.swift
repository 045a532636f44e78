/// A structured MIME header value such as `text/plain; charset="utf-8"` or
/// `attachment; filename*=utf-8''J%C3%B6rg.pdf`: its leading value and its parameters.
public struct MIMEParameters: Sendable, Hashable {
    /// The value before the first `;`, comments removed, trimmed, lower-cased.
    public var value: String
    /// Parameters by lower-cased name, RFC 2231 continuations joined and charsets decoded,
    /// RFC 2047 encoded words in plain values decoded (a common violation that mailers accept).
    public var parameters: [String: String]

    /// Parses an undecoded header value; never fails.
    public init(parsing text: String) {
        var notes: [ParseNote] = []
        self.init(parsing: text, notes: &notes)
    }

    init(parsing text: String, notes: inout [ParseNote]) {
        let bytes = Array(text.utf8)
        var i = 0
        var main: [UInt8] = []
        var depth = 0
        var inQuote = false
        while i < bytes.count {
            let byte = bytes[i]
            if inQuote {
                if byte == ASCII.quote { inQuote = false } else { main.append(byte) }
            } else if byte == ASCII.quote {
                inQuote = true
            } else if byte == ASCII.openParen {
                depth += 1
            } else if byte == ASCII.closeParen, depth > 0 {
                depth -= 1
            } else if depth == 0 {
                if byte == ASCII.semicolon { break }
                main.append(byte)
            }
            i += 1
        }
        value = ASCII.string(main).trimmingSpace().lowercased()
        var raw: [(name: String, value: String)] = []
        while i < bytes.count {
            // At a ';' or garbage: move to the next name.
            while i < bytes.count, bytes[i] == ASCII.semicolon || ASCII.isWhitespace(bytes[i]) { i += 1 }
            if i < bytes.count, bytes[i] == ASCII.openParen {
                i = Self.skipComment(bytes, from: i)
                continue
            }
            let nameStart = i
            while i < bytes.count, bytes[i] != ASCII.equals, bytes[i] != ASCII.semicolon { i += 1 }
            let name = ASCII.string(bytes[nameStart..<i]).trimmingSpace().lowercased()
            guard i < bytes.count, bytes[i] == ASCII.equals else { continue }
            i += 1
            while i < bytes.count, ASCII.isWSP(bytes[i]) { i += 1 }
            var valueBytes: [UInt8] = []
            if i < bytes.count, bytes[i] == ASCII.quote {
                i += 1
                while i < bytes.count, bytes[i] != ASCII.quote {
                    if bytes[i] == ASCII.backslash, i + 1 < bytes.count { i += 1 }
                    valueBytes.append(bytes[i])
                    i += 1
                }
                if i < bytes.count { i += 1 }
                // Whatever follows the closing quote up to the next ';' is junk.
                while i < bytes.count, bytes[i] != ASCII.semicolon { i += 1 }
            } else {
                // Unquoted values should be tokens; senders also write unquoted names with spaces,
                // so everything up to the next ';' is taken.
                let start = i
                while i < bytes.count, bytes[i] != ASCII.semicolon { i += 1 }
                valueBytes = Array(bytes[start..<i])
                while let last = valueBytes.last, ASCII.isWhitespace(last) { valueBytes.removeLast() }
            }
            if !name.isEmpty, raw.count < 1000 {
                raw.append((name, ASCII.string(valueBytes)))
            }
        }
        parameters = Self.assemble(raw, notes: &notes)
    }

    private static func skipComment(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var i = start
        while i < bytes.count {
            if bytes[i] == ASCII.backslash { i += 2; continue }
            if bytes[i] == ASCII.openParen { depth += 1 }
            if bytes[i] == ASCII.closeParen { depth -= 1; if depth == 0 { return i + 1 } }
            i += 1
        }
        return bytes.count
    }

    /// Joins RFC 2231 sections (`name*0*=utf-8''...; name*1*=...`) and decodes them.
    private static func assemble(_ raw: [(name: String, value: String)], notes: inout [ParseNote]) -> [String: String] {
        var plain: [String: String] = [:]
        var sections: [String: [Int: (value: String, extended: Bool)]] = [:]
        for (name, value) in raw {
            guard let star = name.firstIndex(of: "*") else {
                if plain[name] == nil { plain[name] = value }
                continue
            }
            let base = String(name[..<star])
            var rest = name[name.index(after: star)...]
            var extended = false
            if rest.last == "*" {
                extended = true
                rest = rest.dropLast()
            }
            let number: Int
            if rest.isEmpty {
                number = 0
                extended = true
            } else if rest.count <= 3, let n = Int(rest) {
                number = n
            } else {
                continue
            }
            if sections[base, default: [:]][number] == nil {
                sections[base, default: [:]][number] = (value, extended)
            }
        }
        var result = plain
        for (name, value) in plain where value.contains("=?") {
            result[name] = EncodedWords.decode(value, notes: &notes)
        }
        for (base, parts) in sections {
            var charset: String?
            var bytes: [UInt8] = []
            let numbers = parts.keys.sorted()
            for number in numbers {
                guard let part = parts[number] else { continue }
                var text = part.value
                if part.extended, number == numbers.first {
                    // charset'language'value; the language is not needed to read the value.
                    let pieces = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 {
                        charset = String(pieces[0])
                        text = String(pieces[2])
                    }
                }
                bytes.append(contentsOf: part.extended ? percentDecode(text) : Array(text.utf8))
            }
            let (decoded, note) = Charsets.decode(bytes, charset: charset?.isEmpty == false ? charset : nil)
            if let note, !notes.contains(note) { notes.append(note) }
            result[base] = decoded
        }
        return result
    }

    /// `%XX` escapes to bytes; a `%` without two hex digits stays as it is.
    static func percentDecode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == ASCII.percent, i + 2 < bytes.count,
               let high = ASCII.hexValue(bytes[i + 1]), let low = ASCII.hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
