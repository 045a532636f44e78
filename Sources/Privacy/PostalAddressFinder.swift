/// Postal addresses of DE/AT/CH/UK/US by their shape: street lines ("Heidestraße 17", "Am Markt 3",
/// "12 Baker Street"), postcode lines ("10557 Berlin", "A-1010 Wien", "SW3 4TZ", "IL 62701"), and
/// a street of any name right before a postcode line.
extension PatternFinder {
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

    /// The street line that ends right before the postcode line starting at word `position`, or
    /// nil: German-style, capitalised words (and particles) with the house number last ("Im Winkel
    /// 24", "An der Alten Mühle 122"), or English-style, the house number first ("41 Meadow
    /// View"). Street and postcode line are apart by a comma, a bar, a middle dot or a line end; a
    /// town may stand between them ("41 Meadow View, Leeds LS6 5RL").
    static func streetLine(before position: Int, _ text: String, _ words: [Range<String.Index>]) -> Range<String.Index>? {
        func gap(_ left: Int) -> Substring { text[words[left].upperBound..<words[left + 1].lowerBound] }
        func isCapitalised(_ index: Int) -> Bool { text[words[index]].first?.isUppercase == true }
        func isParticle(_ index: Int) -> Bool { streetParticles.contains(text[words[index]].lowercased()) }
        var end = position - 1
        guard end >= 0 else { return nil }
        if gap(end) == " " {
            // The town of a British postcode ("Leeds LS6 5RL").
            guard isCapitalised(end), end >= 1, isLineBreak(gap(end - 1)) else { return nil }
            end -= 1
        } else if !isLineBreak(gap(end)) {
            return nil
        }
        if isHouseNumber(String(text[words[end]])) {
            var first = end
            while first >= 1, end - first < 5, gap(first - 1) == " " || gap(first - 1) == "-",
                  isCapitalised(first - 1) || isParticle(first - 1) {
                first -= 1
            }
            // A lower-case particle at the start belongs to the sentence ("Lieferung an ...").
            while first < end, !isCapitalised(first) { first += 1 }
            guard first < end else { return nil }
            return words[first].lowerBound..<words[end].upperBound
        }
        var first = end
        while first >= 1, end - first < 3, gap(first - 1) == " ", isCapitalised(first) { first -= 1 }
        guard first < end, isCapitalised(first + 1), isHouseNumber(String(text[words[first]])) else { return nil }
        return words[first].lowerBound..<words[end].upperBound
    }

    /// A gap between words that parts an address's lines: a comma, a bar, a middle dot or a line end.
    static func isLineBreak(_ gap: Substring) -> Bool {
        gap.count <= 4 && gap.contains { $0 == "," || $0 == "|" || $0 == "·" || $0 == "\n" } && gap.allSatisfy { " ,|·\n\t".contains($0) }
    }

    /// Lower-case words inside German street names ("An der Alten Mühle", "Auf dem Berg").
    static let streetParticles: Set<String> = ["an", "am", "im", "in", "der", "die", "dem", "den", "auf", "zum", "zur", "vor", "unter", "hinter", "bei", "beim", "und", "von", "vom"]
}
