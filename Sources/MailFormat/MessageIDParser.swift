/// Reads message identifiers from Message-ID, In-Reply-To and References (RFC 5322 §3.6.4).
public enum MessageIDParser {
    /// Every `<id>` in the value, without brackets and with white space inside removed (some
    /// mailers fold long IDs); if the value has no brackets at all, each bare word with an `@`.
    /// Comments are skipped.
    public static func ids(in value: String) -> [String] {
        let bytes = Array(value.utf8)
        var ids: [String] = []
        var bare: [String] = []
        var i = 0
        var sawBracket = false
        var word: [UInt8] = []

        func endWord() {
            if word.contains(ASCII.at) { bare.append(ASCII.string(word)) }
            word = []
        }

        while i < bytes.count {
            let byte = bytes[i]
            if byte == ASCII.openParen {
                endWord()
                var depth = 0
                while i < bytes.count {
                    if bytes[i] == ASCII.backslash { i += 2; continue }
                    if bytes[i] == ASCII.openParen { depth += 1 }
                    if bytes[i] == ASCII.closeParen { depth -= 1; if depth == 0 { break } }
                    i += 1
                }
                i += 1
                continue
            }
            if byte == ASCII.lessThan {
                endWord()
                sawBracket = true
                var id: [UInt8] = []
                i += 1
                while i < bytes.count, bytes[i] != ASCII.greaterThan, bytes[i] != ASCII.lessThan {
                    if !ASCII.isWhitespace(bytes[i]) { id.append(bytes[i]) }
                    i += 1
                }
                if i < bytes.count, bytes[i] == ASCII.greaterThan { i += 1 }
                if !id.isEmpty { ids.append(ASCII.string(id)) }
                continue
            }
            if ASCII.isWhitespace(byte) || byte == ASCII.comma {
                endWord()
            } else {
                word.append(byte)
            }
            i += 1
        }
        endWord()
        return sawBracket ? ids : bare
    }
}
