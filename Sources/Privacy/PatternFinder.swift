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
    /// only spaces, no-break spaces, `-`, en dashes, `/`, `(` and `)` between them; dots only after a
    /// `+` ("+49.30.263470"). North American numbers (`212-555-0146`, `(212) 555-0146`,
    /// `217.555.0168`) count by their shape: ten digits as 3-3-4 with area code and exchange
    /// starting 2-9. Not numbers: a run shaped like a date (`09/11/2025`, `2024-11-05`), and a
    /// German-looking one whose prefix no German number has (`012-513-2504`: numbers starting
    /// 01 are mobile, 015-017, or services, 018-019). A known number is found whatever its
    /// separators. Numbers are ASCII but for the separators, so this scans bytes.
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
            var groups: [Int] = []
            var separators: [UInt8] = []
            var cursor = index
            var end = index
            // The separators up to the last digit: those after it ("06/08/2024 datiert") are not
            // between the number's groups.
            var innerSeparators = 0
            while cursor < bytes.count, digits.count <= 15 {
                let byte = bytes[cursor]
                if ASCIIClass.isDigit(byte) {
                    if cursor == end, !groups.isEmpty, end > index { groups[groups.count - 1] += 1 } else { groups.append(1) }
                    digits.append(byte)
                    cursor += 1
                    end = cursor
                    innerSeparators = separators.count
                    continue
                }
                let length: Int
                if byte == 0x20 || byte == 0x2D || byte == 0x2F || byte == 0x28 || byte == 0x29 || (byte == 0x2B && cursor == index) {
                    length = 1
                } else if byte == 0x2E, first == 0x2B || digits.count == 3 || digits.count == 6 {
                    length = 1  // "+49.30.263470" or a North American "217.555.0168" (checked below)
                } else if byte == 0xC2, cursor + 1 < bytes.count, bytes[cursor + 1] == 0xA0 {
                    length = 2  // no-break space
                } else if byte == 0xE2, cursor + 2 < bytes.count, bytes[cursor + 1] == 0x80, bytes[cursor + 2] == 0x93 {
                    length = 3  // en dash
                } else if byte == 0x0A, ASCIIClass.isDigit(bytes[cursor - 1]) || bytes[cursor - 1] == 0x29, digits.count >= 2, !separators.contains(0x0A),
                          cursor + 1 < bytes.count, bytes[cursor + 1] != 0x0A {
                    length = 1  // a number wrapped at the end of a line, once
                } else {
                    break
                }
                if !digits.isEmpty { separators.append(byte) }
                cursor += length
            }
            separators.removeLast(separators.count - innerSeparators)
            let dotted = separators.contains(0x2E)
            let northAmerican = Self.isNorthAmerican(digits, groups)
            let plausibleStart = (first == 0x2B || (digits.first == 0x30 && Self.isPlausibleDomesticPrefix(digits, groups))) && (!dotted || first == 0x2B)
            let isKnown = knownDigits.map { known in
                let withoutZeros = digits.drop { $0 == 0x30 }
                let knownWithoutZeros = known.drop { $0 == 0x30 }
                return digits.count >= 6 && (known.reversed().starts(with: withoutZeros.reversed()) || digits.reversed().starts(with: knownWithoutZeros.reversed()))
            } ?? false
            if (7...15).contains(digits.count), plausibleStart || northAmerican || isKnown, !Self.isDateShaped(groups, separators),
               isKnown || !FactCue.precedes(bytes, index),
               end >= bytes.count || !ASCIIClass.isLetter(bytes[end]) {
                found.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return ASCIIClass.stringRanges(found, in: text)
    }

    /// 3-3-4 (or 1-3-3-4 with a leading 1) with area code and exchange starting 2-9.
    static func isNorthAmerican(_ digits: [UInt8], _ groups: [Int]) -> Bool {
        var digits = digits[...], groups = groups[...]
        if groups.first == 1, digits.first == 0x31 { digits = digits.dropFirst(); groups = groups.dropFirst() }
        guard Array(groups) == [3, 3, 4] else { return false }
        let area = digits[digits.startIndex], exchange = digits[digits.startIndex + 3]
        return area >= 0x32 && exchange >= 0x32
    }

    /// A number written with a leading 0: international (00), a German prefix that exists (01
    /// only as mobile 015-017 or services 018-019; 02-09 area codes), or a British 01 number.
    static func isPlausibleDomesticPrefix(_ digits: [UInt8], _ groups: [Int] = []) -> Bool {
        guard digits.count >= 3, digits[0] == 0x30 else { return false }
        if digits[1] != 0x31 { return true }
        // A British geographic number: eleven digits, the area code of four or five ("0117 496
        // 0016", "01632 960123") written apart.
        if digits.count == 11, let area = groups.first, (4...5).contains(area), groups.count >= 2 { return true }
        return (0x35...0x39).contains(digits[2])
    }

    /// Three groups separated alike, shaped d.m.y or y-m-d: a date, however much it looks like a number.
    static func isDateShaped(_ groups: [Int], _ separators: [UInt8]) -> Bool {
        guard groups.count == 3, separators.count == 2, separators[0] == separators[1], separators[0] != 0x20 else { return false }
        return (groups[0] <= 2 && groups[1] <= 2 && (groups[2] == 2 || groups[2] == 4)) || (groups[0] == 4 && groups[1] == 2 && groups[2] == 2)
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
        // The word after the last street found: a postcode shortly after a street is one even
        // with four digits (Austria, Switzerland: "Praterweg 135, 1010 Wien").
        var afterStreet = -10
        while i < words.count {
            let word = text[words[i]]
            // German: a street word followed by a house number.
            if hasStreetSuffix(word), i + 1 < words.count, isHouseNumber(String(text[words[i + 1]])),
               areAdjacent(text, words[i], words[i + 1]), !isBareSuffix(word),
               !endsInRing(word) && !followsNoun(text, words, i) || postcodeFollows(text, words, after: i + 1) {
                found.append(words[i].lowerBound..<words[i + 1].upperBound)
                i += 2
                afterStreet = i
                continue
            }
            // The three shapes below start with a short word of capitals: most words are ruled out here.
            let shortCapitals = word.utf8.count <= 4 && ASCIIClass.isUpper(word.utf8.first ?? 0)
            // A country letter before the postcode: "A-1010 Wien", "CH-8004 Zürich", "D-10115 Berlin".
            if shortCapitals, i + 2 < words.count, countryPrefixes.contains(String(word)), text[words[i].upperBound..<words[i + 1].lowerBound] == "-",
               (4...5).contains(text[words[i + 1]].utf8.count), text[words[i + 1]].utf8.allSatisfy(ASCIIClass.isDigit),
               text[words[i + 2]].first?.isUppercase == true, areAdjacent(text, words[i + 1], words[i + 2]) {
                found.append(words[i].lowerBound..<words[i + 2].upperBound)
                i += 3
                continue
            }
            // Four digits and a place name right after a street.
            if i - afterStreet <= 3, word.utf8.count == 4, word.utf8.allSatisfy(ASCIIClass.isDigit), i + 1 < words.count,
               text[words[i + 1]].first?.isUppercase == true, areAdjacent(text, words[i], words[i + 1]) {
                found.append(words[i].lowerBound..<words[i + 1].upperBound)
                i += 2
                continue
            }
            // A British postcode: "SW3 4TZ", "EH9 9UH", "N1 2GJ".
            if shortCapitals, i + 1 < words.count, isBritishOutwardCode(word), isBritishInwardCode(text[words[i + 1]]),
               text[words[i].upperBound..<words[i + 1].lowerBound] == " " {
                found.append(words[i].lowerBound..<words[i + 1].upperBound)
                i += 2
                continue
            }
            // A US state and ZIP code: "IL 62701", "NY 10001-1234".
            if shortCapitals, i + 1 < words.count, usStates.contains(String(word)), text[words[i].upperBound..<words[i + 1].lowerBound] == " ",
               text[words[i + 1]].utf8.count == 5, text[words[i + 1]].utf8.allSatisfy(ASCIIClass.isDigit) {
                found.append(words[i].lowerBound..<words[i + 1].upperBound)
                i += 2
                continue
            }
            // A five-digit postcode followed by a capitalised place name, with nothing but a space
            // between ("VG-39021. Über den Winter" is a reference ending a sentence).
            if word.utf8.count == 5, word.utf8.allSatisfy(ASCIIClass.isDigit), i + 1 < words.count,
               text[words[i + 1]].first?.isUppercase == true, text[words[i].upperBound..<words[i + 1].lowerBound] == " ",
               !isJoinedToWord(text, before: words[i]),
               !unitNouns.contains(text[words[i + 1]].lowercased()) {
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
        // A street the patterns above do not know ("Im Winkel 24", "An der Alten Mühle 122",
        // "41 Meadow View") is one where a postcode line follows it.
        for span in found {
            // Every span starts at a word: its position by bisection.
            var (low, high) = (0, words.count)
            while low < high {
                let middle = (low + high) / 2
                if words[middle].lowerBound < span.lowerBound { low = middle + 1 } else { high = middle }
            }
            if low < words.count, words[low].lowerBound == span.lowerBound, let street = streetLine(before: low, text, words) { found.append(street) }
        }
        return found
    }

    static let countryPrefixes: Set<String> = ["A", "CH", "D", "FL", "L", "I", "F", "B", "NL"]
    static let usStates: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA",
        "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN",
        "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
    ]

    /// One or two capitals, a digit, and a capital or digit: the outward half of a British postcode.
    static func isBritishOutwardCode(_ word: Substring) -> Bool {
        let bytes = Array(word.utf8)
        guard (2...4).contains(bytes.count), ASCIIClass.isUpper(bytes[0]) else { return false }
        var index = 1
        if ASCIIClass.isUpper(bytes[index]) { index += 1 }
        guard index < bytes.count, ASCIIClass.isDigit(bytes[index]) else { return false }
        index += 1
        if index < bytes.count, ASCIIClass.isUpper(bytes[index]) || ASCIIClass.isDigit(bytes[index]) { index += 1 }
        return index == bytes.count
    }

    /// A digit and two capitals: the inward half of a British postcode.
    static func isBritishInwardCode(_ word: Substring) -> Bool {
        let bytes = Array(word.utf8)
        return bytes.count == 3 && ASCIIClass.isDigit(bytes[0]) && ASCIIClass.isUpper(bytes[1]) && ASCIIClass.isUpper(bytes[2])
    }

    /// A word that is only a suffix ("Ring 2" of a washing machine, "Weg 3" of a form) is no street.
    static func isBareSuffix(_ word: Substring) -> Bool { streetSuffixes.contains(word.lowercased()) }

    /// "-ring" ends street names (Kaiserring) and many more parts (Dichtungsring, Klemmring,
    /// Haltering): such a street counts only with its postcode after it.
    static func endsInRing(_ word: Substring) -> Bool { word.lowercased().hasSuffix("ring") }

    /// Whether a postcode (four or five digits, "A-1010", "CH-8004") and a capitalised word follow
    /// within the next four words.
    static func postcodeFollows(_ text: String, _ words: [Range<String.Index>], after index: Int) -> Bool {
        for k in (index + 1)..<min(words.count - 1, index + 5) {
            let word = text[words[k]]
            let digits = word.utf8.filter(ASCIIClass.isDigit).count
            if (4...5).contains(digits), word.utf8.allSatisfy({ ASCIIClass.isDigit($0) || ASCIIClass.isUpper($0) || $0 == 0x2D }),
               text[words[k + 1]].first?.isUppercase == true {
                return true
            }
        }
        return false
    }

    /// Nouns that follow a five-digit number without it being a postcode ("20000 Stunden").
    static let unitNouns: Set<String> = [
        "stunden", "minuten", "sekunden", "tage", "wochen", "monate", "jahre", "euro", "eur", "dollar", "kilometer", "km", "meter",
        "umdrehungen", "watt", "volt", "stück", "seiten", "punkte", "mal", "zyklen", "betriebsstunden", "kunden", "bestellungen",
        "hours", "minutes", "seconds", "days", "cycles", "pages", "miles", "units", "pieces", "points", "rpm", "mah", "lumen",
    ]

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

    /// Whether the word at `i` stands right after a capitalised word that starts no street ("der
    /// Unterschrank Lindenallee 2" is a product; "Am Markt", "In den Gärten" are streets): a
    /// street after a noun counts only with its postcode.
    static func followsNoun(_ text: String, _ words: [Range<String.Index>], _ i: Int) -> Bool {
        guard i >= 1, text[words[i - 1].upperBound..<words[i].lowerBound] == " " else { return false }
        let previous = text[words[i - 1]]
        return previous.first?.isUppercase == true && !streetParticles.contains(previous.lowercased())
    }

    /// Whether the word is joined to the one before by "-" or "/" ("VG-39021", "RMA-71039").
    static func isJoinedToWord(_ text: String, before word: Range<String.Index>) -> Bool {
        guard word.lowerBound > text.startIndex else { return false }
        let joiner = text.index(before: word.lowerBound)
        guard text[joiner] == "-" || text[joiner] == "/", joiner > text.startIndex else { return false }
        return text[text.index(before: joiner)].isLetter || text[text.index(before: joiner)].isNumber
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
