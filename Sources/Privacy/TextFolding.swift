/// Text compared the way people mean it: without case and without accents ("JÖRG" finds "Jörg"
/// and "Jorg"), one key per character so that a match maps straight back to the original text.
struct FoldedText {
    /// One folded key per character of the original.
    let keys: [UInt32]
    /// The original index of each character, plus the end index.
    let indices: [String.Index]

    init(_ text: String) {
        var keys: [UInt32] = []
        var indices: [String.Index] = []
        keys.reserveCapacity(text.utf8.count)
        let utf8 = text.utf8
        var index = text.startIndex
        while index < text.endIndex {
            // An ASCII byte followed by another ASCII byte (or the end) is a character of its own,
            // but for CR LF: most text takes this path, without grapheme breaking.
            let byte = utf8[index]
            let next = utf8.index(after: index)
            if byte < 0x80, next == utf8.endIndex || (utf8[next] < 0x80 && !(byte == 0x0D && utf8[next] == 0x0A)) {
                keys.append(UInt32(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte))
                indices.append(index)
                index = next
                continue
            }
            let character = text[index]
            // A soft hyphen or a zero-width character inside a word ("Grüne\u{AD}wald" from HTML)
            // is invisible to a reader and must not hide the word from a match.
            if !Self.invisible.contains(character) {
                keys.append(Self.key(character))
                indices.append(index)
            }
            index = text.index(after: index)
        }
        indices.append(text.endIndex)
        self.keys = keys
        self.indices = indices
    }

    /// Characters a reader does not see: soft hyphen, zero-width space and joiners, word joiner, BOM.
    static let invisible: Set<Character> = ["\u{AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}"]

    /// The folded keys of a needle.
    static func keys(_ text: String) -> [UInt32] { text.map(key) }

    /// The key of one character: its first scalar, lower-cased, with Latin accents removed.
    static func key(_ character: Character) -> UInt32 {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.value < 0x80 {
            return (0x41...0x5A).contains(first.value) ? first.value + 0x20 : first.value
        }
        let lower = character.lowercased().unicodeScalars.first?.value ?? first.value
        return LatinAccents.baseLetters[lower] ?? lower
    }


    /// The original ranges where `needle` occurs. `capitalised`: only where the original starts
    /// with an upper-case letter, or inside a link or an address (see `inSlug`). `genitive`: a
    /// whole word may carry an "s" ("Grünewalds").
    func ranges(of needle: [UInt32], wholeWords: Bool, capitalised: Bool = false, genitive: Bool = false, in text: String) -> [Range<String.Index>] {
        guard !needle.isEmpty, needle.count <= keys.count else { return [] }
        var found: [Range<String.Index>] = []
        var start = 0
        let first = needle[0]
        while start + needle.count <= keys.count {
            if keys[start] == first, keys[start..<start + needle.count].elementsEqual(needle),
               !capitalised || text[indices[start]].isUppercase || inSlug(start, start + needle.count) {
                var end = start + needle.count
                if genitive, end < keys.count, keys[end] == 0x73, !isWordKey(end + 1) { end += 1 }
                if !wholeWords || (!isWordKey(start - 1) && !isWordKey(end)) {
                    found.append(indices[start]..<indices[end])
                    start = end
                    continue
                }
            }
            start += 1
        }
        return found
    }

    /// Whether the match is joined to a word by "-", ".", "/", "_" or "@": a link's slug or an
    /// address, which are written in lower case ("linkedin.example/in/marie-luise-koehler"). A
    /// sentence's full stop joins nothing ("viel zu klein.").
    private func inSlug(_ start: Int, _ end: Int) -> Bool {
        let joiners: Set<UInt32> = [0x2D, 0x2E, 0x2F, 0x5F, 0x40]
        return (start > 1 && joiners.contains(keys[start - 1]) && isWordKey(start - 2))
            || (end + 1 < keys.count && joiners.contains(keys[end]) && isWordKey(end + 1))
    }

    private func isWordKey(_ position: Int) -> Bool {
        guard position >= 0, position < keys.count else { return false }
        let key = keys[position]
        if key < 0x80 { return ASCIIClass.isWord(UInt8(key)) }
        return Unicode.Scalar(key).map { $0.properties.isAlphabetic || $0.properties.numericType != nil } ?? false
    }
}

extension StringProtocol {
    /// The string without leading and trailing white space, scalar by scalar: the scalars with
    /// Unicode's White_Space property, the same set as Foundation's `.whitespacesAndNewlines`,
    /// without its `CharacterSet` machinery (this runs for every mail).
    package func trimmedWhitespace() -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(Substring(scalars[first...last]))
    }

    /// The text without leading and trailing spaces, tabs and no-break spaces (no Foundation round trip).
    package func trimmedSpaces() -> String {
        var slice = Substring(self)
        // Most lines neither start nor end with a space, a tab or a no-break space (C2 A0).
        if let first = slice.utf8.first, let last = slice.utf8.last, first != 0x20, first != 0x09, first != 0xC2, last != 0x20, last != 0x09, last != 0xA0 {
            return String(slice)
        }
        while let first = slice.first, first == " " || first == "\t" || first == "\u{00A0}" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\u{00A0}" { slice = slice.dropLast() }
        return String(slice)
    }
}

/// The base letters of accented Latin letters, shared by the redactor's matching and the
/// recognition of data-subject requests.
package enum LatinAccents {
    /// Lower-case Latin letters with accents mapped to their base letter (Latin-1 and Latin Extended-A).
    package static let baseLetters: [UInt32: UInt32] = {
        var table: [UInt32: UInt32] = [:]
        let groups: [(String, Character)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
            ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"),
            ("ŕŗř", "r"), ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
        ]
        for (letters, base) in groups {
            for letter in letters.unicodeScalars { table[letter.value] = base.unicodeScalars.first!.value }
        }
        return table
    }()
}
