/// Scanners for personal data that has a recognisable shape: e-mail addresses, phone numbers,
/// postal addresses. Hand-written scanners, linear in the text, no backtracking.
enum PatternFinder {
    /// `local@domain.tld` sequences.
    static func emailAddresses(in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var index = text.startIndex
        // "@" is found by its byte; a "@" that a combining mark joins is no "@" character and is passed over.
        while let at = text.utf8[index...].firstIndex(of: 0x40) {
            guard text[at] == "@" else {
                index = text.index(after: at)
                if index >= text.endIndex { break }
                continue
            }
            var start = at
            while start > text.startIndex, isLocalCharacter(text[text.index(before: start)]) { start = text.index(before: start) }
            var end = text.index(after: at)
            var sawDot = false
            while end < text.endIndex, isDomainCharacter(text[end]) {
                if text[end] == "." { sawDot = true }
                end = text.index(after: end)
            }
            // A trailing dot ends the sentence, not the domain.
            while end > text.index(after: at), text[text.index(before: end)] == "." { end = text.index(before: end) }
            if start < at, sawDot, text[text.index(after: at)..<end].contains(".") {
                found.append(start..<end)
            }
            index = end > at ? end : text.index(after: at)
            if index >= text.endIndex { break }
        }
        return found
    }

    static func isLocalCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || "._%+-'!#$&*/=?^`{|}~".contains(c)
    }

    static func isDomainCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "." || c == "-"
    }

    /// Phone numbers: a run that starts with `+`, `00`, `0` or `(0`, holds 7 to 15 digits, and uses
    /// only spaces, `-`, `/`, `(` and `)` between them. Dots are not allowed (dates, prices).
    /// A known number is found whatever its separators. Numbers are ASCII, so this scans bytes.
    static func phoneNumbers(in text: String, known: String?) -> [Range<String.Index>] {
        let knownDigits = known.map { Array($0.utf8.filter(ASCIIClass.isDigit)) }.flatMap { $0.count >= 6 ? $0 : nil }
        let bytes = Array(text.utf8)
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            let first = bytes[index]
            let startsNumber = first == 0x2B || first == 0x28 || ASCIIClass.isDigit(first)
            guard startsNumber, index == 0 || !ASCIIClass.isWord(bytes[index - 1]) else { index += 1; continue }
            var digits: [UInt8] = []
            var cursor = index
            var end = index
            while cursor < bytes.count, digits.count <= 15 {
                let byte = bytes[cursor]
                if ASCIIClass.isDigit(byte) {
                    digits.append(byte)
                    cursor += 1
                    end = cursor
                } else if byte == 0x20 || byte == 0x2D || byte == 0x2F || byte == 0x28 || byte == 0x29 || (byte == 0x2B && cursor == index) {
                    cursor += 1
                } else {
                    break
                }
            }
            let plausibleStart = first == 0x2B || digits.first == 0x30
            let isKnown = knownDigits.map { known in
                let withoutZeros = digits.drop { $0 == 0x30 }
                let knownWithoutZeros = known.drop { $0 == 0x30 }
                return digits.count >= 6 && (known.reversed().starts(with: withoutZeros.reversed()) || digits.reversed().starts(with: knownWithoutZeros.reversed()))
            } ?? false
            if (7...15).contains(digits.count), plausibleStart || isKnown, end >= bytes.count || !ASCIIClass.isLetter(bytes[end]) {
                found.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return ASCIIClass.stringRanges(found, in: text)
    }

    /// The query and fragment of http(s) links (`?token=…&email=…`, `#…`): the part that identifies a
    /// person or a session. The site and path stay readable, so a department still sees which page.
    static func linkParameters(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        var found: [Range<Int>] = []
        var index = 0
        while index + 8 <= bytes.count {
            guard bytes[index] | 0x20 == 0x68, startsWith(bytes, index, httpBytes) || startsWith(bytes, index, httpsBytes) else { index += 1; continue }
            var end = index
            while end < bytes.count, bytes[end] > 0x20, bytes[end] != 0x3E, bytes[end] != 0x22, bytes[end] != 0x29 { end += 1 }
            // A sentence's full stop or comma after a link is not part of it.
            while end > index, [0x2E, 0x2C, 0x3B, 0x3A, 0x21].contains(bytes[end - 1]) { end -= 1 }
            if let parameters = bytes[index..<end].firstIndex(where: { $0 == 0x3F || $0 == 0x23 }), parameters + 1 < end {
                found.append(parameters..<end)
            }
            index = max(end, index + 1)
        }
        return ASCIIClass.stringRanges(found, in: text)
    }

    static let httpBytes = Array("http://".utf8)
    static let httpsBytes = Array("https://".utf8)

    /// Whether `wanted` (lower-case ASCII) stands at `index`, in any case.
    static func startsWith(_ bytes: [UInt8], _ index: Int, _ wanted: [UInt8]) -> Bool {
        guard index + wanted.count <= bytes.count else { return false }
        for (offset, byte) in wanted.enumerated() where bytes[index + offset] | 0x20 != byte | 0x20 { return false }
        return true
    }

    /// Street lines ("Heidestraße 17", "Am Markt 3", "12 Baker Street") and postcode lines ("10557 Berlin").
    static func postalAddresses(in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        let words = wordRanges(text)
        var i = 0
        while i < words.count {
            let word = text[words[i]]
            // German: a street word followed by a house number.
            if hasStreetSuffix(word), i + 1 < words.count, isHouseNumber(String(text[words[i + 1]])),
               areAdjacent(text, words[i], words[i + 1]) {
                found.append(words[i].lowerBound..<words[i + 1].upperBound)
                i += 2
                continue
            }
            // A five-digit postcode followed by a capitalised place name.
            if word.utf8.count == 5, word.utf8.allSatisfy(ASCIIClass.isDigit), i + 1 < words.count,
               text[words[i + 1]].first?.isUppercase == true, areAdjacent(text, words[i], words[i + 1]) {
                found.append(words[i].lowerBound..<words[i + 1].upperBound)
                i += 2
                continue
            }
            // English: a house number, one or two capitalised words, a street type.
            if startsWithDigit(word), isHouseNumber(String(word)) {
                for length in 1...2 {
                    let typeIndex = i + length + 1
                    guard typeIndex < words.count else { break }
                    if englishStreetTypes.contains(String(text[words[typeIndex]]).lowercased()),
                       (i + 1...i + length).allSatisfy({ text[words[$0]].first?.isUppercase == true }) {
                        found.append(words[i].lowerBound..<words[typeIndex].upperBound)
                        i = typeIndex
                        break
                    }
                }
            }
            i += 1
        }
        return found
    }

    static let streetSuffixes = ["straße", "strasse", "str", "weg", "platz", "allee", "gasse", "ring", "damm", "ufer", "chaussee", "steig", "pfad"]
    /// The last bytes of ``streetSuffixes``.
    static let streetSuffixLastBytes = Set(streetSuffixes.compactMap(\.utf8.last))
    static let englishStreetTypes: Set<String> = ["street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "way", "close", "court", "place", "square", "crescent"]

    /// Whether a word ends in one of ``streetSuffixes``, case-insensitively; ASCII words are
    /// compared byte by byte (this runs on every word of every mail).
    static func hasStreetSuffix(_ word: Substring) -> Bool {
        let utf8 = word.utf8
        // Every suffix has three bytes or more, and most words end in two bytes no suffix ends in
        // (compared lower-cased; bytes of other scripts as they are).
        guard utf8.count >= 3 else { return false }
        let end = utf8.index(before: utf8.endIndex)
        let (secondLast, last) = (utf8[utf8.index(before: end)], utf8[end])
        if secondLast < 0x80, last < 0x80 {
            let pair = Int(asciiLowercased(secondLast)) << 8 | Int(asciiLowercased(last))
            guard streetSuffixEnds[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { return false }
        }
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            // Every suffix ends in an ASCII letter, and only an ASCII last byte lower-cases to one
            // (the Kelvin sign's "k" ends none): most German words with an umlaut stop here.
            guard last < 0x80, streetSuffixLastBytes.contains(asciiLowercased(last)) else { return false }
            let lowered = word.lowercased()
            return streetSuffixes.contains { lowered.hasSuffix($0) }
        }
        // Compared from the end: most words fail on their last letter.
        return utf8.withContiguousStorageIfAvailable(endsInStreetSuffix) ?? Array(utf8).withUnsafeBufferPointer(endsInStreetSuffix)
    }

    private static func endsInStreetSuffix(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        suffixes: for suffix in streetSuffixBytes where suffix.count <= word.count {
            var offset = 1
            while offset <= suffix.count {
                let byte = word[word.count - offset]
                if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != suffix[suffix.count - offset] { continue suffixes }
                offset += 1
            }
            return true
        }
        return false
    }

    static let streetSuffixBytes = streetSuffixes.map { Array($0.utf8) }.filter { $0.allSatisfy { $0 < 0x80 } }

    /// One bit for each pair of last bytes a street suffix ends in (8 KiB). A word whose last two
    /// bytes are ASCII and not such a pair ends in no suffix, lower-cased or not; a word ending in
    /// other bytes goes to the full comparison (its lower-case form may end differently).
    static let streetSuffixEnds: [UInt64] = {
        var table = [UInt64](repeating: 0, count: 1024)
        for suffix in streetSuffixes.map({ Array($0.utf8) }) {
            let pair = Int(suffix[suffix.count - 2]) << 8 | Int(suffix[suffix.count - 1])
            table[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        return table
    }()

    static func asciiLowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// A quick test before ``isHouseNumber(_:)``: the word's first character is a digit (any
    /// script's, as `Character.isNumber` says, for a non-ASCII start).
    static func startsWithDigit(_ word: Substring) -> Bool {
        guard let first = word.utf8.first else { return false }
        return first < 0x80 ? ASCIIClass.isDigit(first) : word.first?.isNumber == true
    }

    static func isHouseNumber(_ word: String) -> Bool {
        guard let first = word.first, first.isNumber, word.count <= 5 else { return false }
        let digits = word.prefix { $0.isNumber }
        return digits.count <= 4 && word.dropFirst(digits.count).allSatisfy { $0.isLetter }
    }

    static func areAdjacent(_ text: String, _ a: Range<String.Index>, _ b: Range<String.Index>) -> Bool {
        text[a.upperBound..<b.lowerBound].allSatisfy { $0 == " " || $0 == "." || $0 == "," }
            && text.distance(from: a.upperBound, to: b.lowerBound) <= 3
    }

    /// Words of letters and digits, found scalar by scalar (no grapheme breaking needed here).
    static func wordRanges(_ text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start: String.Index?
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let isWord = scalar.value < 0x80
                ? ASCIIClass.isWord(UInt8(scalar.value))
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWord {
                if start == nil { start = index }
            } else if let s = start {
                ranges.append(s..<index)
                start = nil
            }
            index = scalars.index(after: index)
        }
        if let s = start { ranges.append(s..<text.endIndex) }
        return ranges
    }
}
