import Privacy

/// Text folded so that people's spellings compare equal, and cut into sentences of words.
///
/// Folding lower-cases, writes umlauts and ß the way a keyboard without them does ("Löschung" and
/// "Loeschung" both become "loeschung", "Grüße" and "Grüsse" both "gruesse") and drops other Latin
/// accents ("Réclamation" → "reclamation"). A word is a run of letters and digits; everything else
/// separates words, so "Art. 15" is the words "art" "15" and "E-Mail" is "e" "mail".
///
/// Every mail that may make a request passes through here, so it works on Unicode scalars with an
/// ASCII fast path: the character-level version (grapheme breaking, `Character.lowercased()` and
/// canonical comparison for each character) was a quarter of all ingest time.
enum RequestText {
    /// Folds one string (see the type's summary).
    static func fold(_ text: some StringProtocol) -> String {
        String(decoding: foldedBytes(text), as: UTF8.self)
    }

    /// The UTF-8 bytes of ``fold(_:)``'s result, for the scanners here, which read bytes.
    static func foldedBytes(_ text: some StringProtocol) -> [UInt8] {
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count + 8)
        var previousBase: UInt32 = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                folded.append(UInt8(value >= 0x41 && value <= 0x5A ? value + 0x20 : value))
                previousBase = value | 0x20
                continue
            }
            switch value {
            case 0xE4, 0xC4: folded.append(0x61); folded.append(0x65); previousBase = 0
            case 0xF6, 0xD6: folded.append(0x6F); folded.append(0x65); previousBase = 0
            case 0xFC, 0xDC: folded.append(0x75); folded.append(0x65); previousBase = 0
            case 0xDF, 0x1E9E: folded.append(0x73); folded.append(0x73); previousBase = 0
            case 0x308 where previousBase == 0x61 || previousBase == 0x6F || previousBase == 0x75:
                // A decomposed umlaut ("o" + U+0308) reads as the composed one.
                folded.append(0x65)
                previousBase = 0
            default:
                previousBase = 0
                let properties = scalar.properties
                if properties.changesWhenLowercased {
                    for lower in properties.lowercaseMapping.unicodeScalars { appendFolded(lower, to: &folded) }
                } else {
                    appendFolded(scalar, to: &folded)
                }
            }
        }
        return folded
    }

    /// Appends a lower-case scalar: its base letter, or nothing for a combining accent.
    private static func appendFolded(_ scalar: Unicode.Scalar, to folded: inout [UInt8]) {
        if let base = baseLetter(scalar) {
            UTF8.encode(base) { folded.append($0) }
        } else if scalar.value < 0x80 || !scalar.properties.isDiacritic {
            UTF8.encode(scalar) { folded.append($0) }
        }
    }

    /// The base letter of a lower-case accented Latin letter: the redactor's table (whose "ä", "ö",
    /// "ü" never get here, see `fold`), and "æ" as "a".
    static func baseLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar == "æ" { return "a" }
        return LatinAccents.baseLetters[scalar.value].flatMap(Unicode.Scalar.init)
    }

    /// The folded words of a text.
    static func words(_ text: some StringProtocol) -> [String] {
        sentences(text).flatMap { $0 }
    }

    /// How many words ``words(_:)`` would find, without making them.
    static func wordCount(_ text: some StringProtocol) -> Int {
        var count = 0
        var inWord = false
        let folded = foldedBytes(text)
        var index = 0
        while index < folded.count {
            let (scalar, length) = scalar(in: folded, at: index)
            let isWordPart = Kind(scalar) == .wordPart
            if isWordPart && !inWord { count += 1 }
            inWord = isWordPart
            index += length
        }
        return count
    }

    /// The scalar that starts at `index` of valid UTF-8 (what `foldedBytes` makes) and its length.
    @inline(__always)
    private static func scalar(in bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        func continuation(_ offset: Int) -> UInt32 { UInt32(bytes[index + offset]) & 0x3F }
        let value: UInt32
        let length: Int
        if lead < 0xE0 {
            value = (lead & 0x1F) << 6 | continuation(1); length = 2
        } else if lead < 0xF0 {
            value = (lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2); length = 3
        } else {
            value = (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3); length = 4
        }
        // Valid UTF-8 encodes only scalar values.
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The folded words of a text, grouped into sentences.
    ///
    /// A sentence ends at ".", "!", "?" or ";" followed by a space or the end of the text, and at a blank
    /// line; a single line break does not end one, because mail clients wrap long lines. A full stop
    /// after a common abbreviation ("Art.", "Abs.", "Nr.", "z. B.") or a number ("15." in a date) does
    /// not end a sentence either, so "Art. 15 DSGVO" stays together.
    static func sentences(_ text: some StringProtocol) -> [[String]] {
        var sentences: [[String]] = []
        var current: [String] = []
        var word: [UInt8] = []
        var previousWasNewline = false
        let folded = foldedBytes(text)
        func endWord() {
            if !word.isEmpty { current.append(String(decoding: word, as: UTF8.self)); word.removeAll(keepingCapacity: true) }
        }
        func endSentence() {
            endWord()
            if !current.isEmpty { sentences.append(current); current = [] }
        }
        // Scalar by scalar on the folded bytes, with one of look-ahead (the stop needs to know what
        // follows it); a word's bytes are copied as they are.
        var index = 0
        while index < folded.count {
            let (scalar, length) = Self.scalar(in: folded, at: index)
            let nextIndex = index + length
            defer { index = nextIndex }
            switch Kind(scalar) {
            case .wordPart:
                if length == 1 { word.append(folded[index]) } else { word.append(contentsOf: folded[index..<nextIndex]) }
                previousWasNewline = false
                continue
            case .newline:
                // CR LF is one line end, as it is one character.
                if scalar == "\r", nextIndex < folded.count, folded[nextIndex] == 0x0A { continue }
                endWord()
                if previousWasNewline { endSentence() }
                previousWasNewline = true
                continue
            case .space:
                endWord()
                continue
            case .other:
                break
            }
            previousWasNewline = false
            let followedBySpace = nextIndex < folded.count ? Kind(Self.scalar(in: folded, at: nextIndex).0).isSpace : true
            switch scalar {
            case "!", "?", ";":
                if followedBySpace { endSentence() } else { endWord() }
            case ".":
                // "Daten)." ends a sentence too: the word before the stop may have ended already.
                let last = word.isEmpty ? (current.last ?? "") : String(decoding: word, as: UTF8.self)
                let abbreviation = last.unicodeScalars.count == 1 || abbreviations.contains(last) || last.unicodeScalars.allSatisfy { Kind.isNumber($0) }
                if followedBySpace && !abbreviation { endSentence() } else { endWord() }
            default:
                endWord()
            }
        }
        endSentence()
        return sentences
    }

    /// What a folded scalar is to the word and sentence breaker.
    private enum Kind {
        case wordPart, newline, space, other

        @inline(__always)
        init(_ scalar: Unicode.Scalar) {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x30...0x39, 0x61...0x7A, 0x41...0x5A: self = .wordPart
                case 0x0A, 0x0B, 0x0C, 0x0D: self = .newline
                case 0x20, 0x09: self = .space
                default: self = .other
                }
                return
            }
            switch value {
            case 0x85, 0x2028, 0x2029: self = .newline
            default:
                let properties = scalar.properties
                if properties.isAlphabetic || properties.numericType != nil {
                    self = .wordPart
                } else if properties.isWhitespace {
                    self = .space
                } else {
                    self = .other
                }
            }
        }

        var isSpace: Bool { self == .space || self == .newline }

        static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x80 ? (0x30...0x39).contains(scalar.value) : scalar.properties.numericType != nil
        }
    }

    /// Folded words a full stop follows without ending the sentence.
    static let abbreviations: Set<String> = [
        "art", "abs", "nr", "ziff", "lit", "bzw", "ggf", "bspw", "usw", "vgl", "etc", "inkl", "str", "dr", "hr", "fr", "no", "para",
    ]
}
