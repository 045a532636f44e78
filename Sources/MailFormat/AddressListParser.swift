/// Reads address-list header values (From, To, Cc, Reply-To) into mailboxes.
///
/// Handles display names (atoms, quoted strings with escapes, RFC 2047 encoded words), comments,
/// groups (flattened: `Team: a@example.org, b@example.org;` gives both, `Undisclosed recipients:;`
/// gives none), obsolete source routes (`<@relay.example:user@example.org>`), and the old
/// `user@example.org (Name)` form. An entry that yields no valid address is skipped.
public enum AddressListParser {
    /// Parses an undecoded header value (encoded words are decoded only inside display names,
    /// after the structure is known, so an encoded comma cannot split an entry).
    public static func parse(_ value: String) -> [Mailbox] {
        let tokens = AddressTokenizer.tokens(Array(value.utf8))
        var result: [Mailbox] = []
        var entry: [AddressToken] = []
        var angleDepth = 0
        for token in tokens {
            switch token.kind {
            case .special(ASCII.lessThan):
                angleDepth += 1
                entry.append(token)
            case .special(ASCII.greaterThan):
                angleDepth = max(0, angleDepth - 1)
                entry.append(token)
            case .special(ASCII.comma) where angleDepth == 0, .special(ASCII.semicolon) where angleDepth == 0:
                if let mailbox = mailbox(from: entry) { result.append(mailbox) }
                entry = []
            case .special(ASCII.colon) where angleDepth == 0:
                // A group's name ends here; what was collected is its display name, not an address.
                entry = []
            default:
                entry.append(token)
            }
        }
        if let mailbox = mailbox(from: entry) { result.append(mailbox) }
        return result
    }

    /// One mailbox from the tokens of one entry, or nil.
    private static func mailbox(from entry: [AddressToken]) -> Mailbox? {
        guard !entry.isEmpty else { return nil }
        if let open = entry.firstIndex(where: { $0.kind == .special(ASCII.lessThan) }) {
            let afterOpen = entry.index(after: open)
            let close = entry[afterOpen...].firstIndex { $0.kind == .special(ASCII.greaterThan) } ?? entry.endIndex
            var inner = Array(entry[afterOpen..<close])
            // An obsolete route ("@relay.example,@other.example:") ends at the last colon.
            if let colon = inner.lastIndex(where: { $0.kind == .special(ASCII.colon) }) {
                inner = Array(inner[inner.index(after: colon)...])
            }
            guard let address = address(from: inner) else { return nil }
            var name = displayName(from: entry[..<open])
            if name == nil {
                let trailing = entry[(close < entry.endIndex ? entry.index(after: close) : close)...]
                name = commentName(from: Array(trailing))
            }
            return Mailbox(displayName: name, address: address)
        }
        // No angle brackets: an addr-spec, perhaps with a comment for a name. Senders also write
        // "Name address@example.org"; then the run of tokens holding the '@' is the address.
        let words = entry.filter { $0.kind != .comment }
        let hasWordGap = zip(words, words.dropFirst()).contains { previous, token in
            token.spaceBefore && isWord(previous) && isWord(token)
        }
        if !hasWordGap, let address = address(from: words) {
            return Mailbox(displayName: commentName(from: entry), address: address)
        }
        guard let at = words.firstIndex(where: { $0.kind == .special(ASCII.at) }) else { return nil }
        var start = at
        while start > words.startIndex, !words[start].spaceBefore { start -= 1 }
        var end = at + 1
        while end < words.endIndex, !words[end].spaceBefore { end += 1 }
        guard let address = address(from: Array(words[start..<end])) else { return nil }
        return Mailbox(displayName: displayName(from: words[..<start]), address: address)
    }

    /// The address spelled by tokens (comments dropped, white space ignored as RFC 5322 CFWS allows).
    private static func address(from tokens: [AddressToken]) -> EmailAddress? {
        var text = ""
        for token in tokens {
            switch token.kind {
            case .comment: continue
            case .special(let byte) where byte == ASCII.at || byte == ASCII.dot: text.unicodeScalars.append(Unicode.Scalar(byte))
            case .special: return nil
            case .atom, .quoted, .domainLiteral: text += token.text
            }
        }
        return try? EmailAddress(parsing: text)
    }

    /// A display name from phrase tokens: words joined by one space, then encoded words decoded.
    private static func displayName(from tokens: ArraySlice<AddressToken>) -> String? {
        var joined = ""
        for token in tokens {
            let text: String
            switch token.kind {
            case .atom, .quoted: text = token.text
            case .special(ASCII.dot): text = "."
            default: continue
            }
            if token.spaceBefore, !joined.isEmpty { joined += " " }
            joined += text
        }
        let name = EncodedWords.decode(joined).trimmingSpace()
        return name.isEmpty ? nil : name
    }

    private static func isWord(_ token: AddressToken) -> Bool {
        token.kind == .atom || token.kind == .quoted
    }

    /// The text of the first comment, used as a display name for `address (Name)`.
    private static func commentName(from tokens: [AddressToken]) -> String? {
        guard let comment = tokens.first(where: { $0.kind == .comment }) else { return nil }
        let name = EncodedWords.decode(comment.text).trimmingSpace()
        return name.isEmpty ? nil : name
    }
}

/// A lexical token of an address header (RFC 5322 §3.2).
struct AddressToken: Equatable {
    enum Kind: Equatable {
        case atom, quoted, comment, domainLiteral
        case special(UInt8)
    }
    var kind: Kind
    var text: String
    /// Whether white space (or a comment) came before the token.
    var spaceBefore: Bool
}

/// Splits address headers into tokens in one pass; comments nest by counting, not recursion.
enum AddressTokenizer {
    static func tokens(_ bytes: [UInt8]) -> [AddressToken] {
        var tokens: [AddressToken] = []
        var i = 0
        var space = false
        while i < bytes.count {
            let byte = bytes[i]
            if ASCII.isWhitespace(byte) {
                space = true
                i += 1
                continue
            }
            switch byte {
            case ASCII.quote:
                var text: [UInt8] = []
                i += 1
                while i < bytes.count, bytes[i] != ASCII.quote {
                    if bytes[i] == ASCII.backslash, i + 1 < bytes.count { i += 1 }
                    // Folding white space inside a quoted string is one space.
                    if bytes[i] == ASCII.cr || bytes[i] == ASCII.lf { i += 1; continue }
                    text.append(bytes[i])
                    i += 1
                }
                i += 1
                tokens.append(AddressToken(kind: .quoted, text: ASCII.string(text), spaceBefore: space))
            case ASCII.openParen:
                var depth = 0
                var text: [UInt8] = []
                while i < bytes.count {
                    let c = bytes[i]
                    if c == ASCII.backslash, i + 1 < bytes.count {
                        text.append(bytes[i + 1])
                        i += 2
                        continue
                    }
                    if c == ASCII.openParen {
                        depth += 1
                        if depth > 1 { text.append(c) }
                    } else if c == ASCII.closeParen {
                        depth -= 1
                        if depth == 0 { i += 1; break }
                        text.append(c)
                    } else {
                        text.append(c)
                    }
                    i += 1
                }
                tokens.append(AddressToken(kind: .comment, text: ASCII.string(text), spaceBefore: space))
                space = true
                continue
            case ASCII.openBracket:
                let start = i
                while i < bytes.count, bytes[i] != ASCII.closeBracket { i += 1 }
                i = min(i + 1, bytes.count)
                tokens.append(AddressToken(kind: .domainLiteral, text: ASCII.string(bytes[start..<i]), spaceBefore: space))
            case ASCII.lessThan, ASCII.greaterThan, ASCII.comma, ASCII.semicolon, ASCII.colon, ASCII.at, ASCII.dot,
                 ASCII.backslash, ASCII.closeParen, ASCII.closeBracket:
                tokens.append(AddressToken(kind: .special(byte), text: "", spaceBefore: space))
                i += 1
            default:
                let start = i
                while i < bytes.count, !isSpecial(bytes[i]), !ASCII.isWhitespace(bytes[i]) { i += 1 }
                tokens.append(AddressToken(kind: .atom, text: ASCII.string(bytes[start..<i]), spaceBefore: space))
            }
            space = false
        }
        return tokens
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case ASCII.quote, ASCII.openParen, ASCII.closeParen, ASCII.lessThan, ASCII.greaterThan, ASCII.comma,
             ASCII.semicolon, ASCII.colon, ASCII.at, ASCII.dot, ASCII.openBracket, ASCII.closeBracket, ASCII.backslash:
            true
        default:
            false
        }
    }
}
