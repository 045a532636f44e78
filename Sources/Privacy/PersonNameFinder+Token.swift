extension PersonNameFinder {
    /// A word: letters and digits, with inner hyphens and apostrophes ("Weber-Schmidt", "O'Neill").
    struct Token {
        var start: Int
        var end: Int
        /// Whether a soft hyphen stands inside (rare: only then do comparisons look for it).
        var hasSoftHyphen = false

        static func all(in bytes: [UInt8]) -> [Token] {
            var tokens: [Token] = []
            var index = 0
            while index < bytes.count {
                guard let length = letterLength(bytes, index) else { index += 1; continue }
                let start = index
                var softHyphen = false
                index += length
                while index < bytes.count {
                    if let more = letterLength(bytes, index) {
                        index += more
                    } else if bytes[index] == 0x2D || bytes[index] == 0x27, index + 1 < bytes.count, letterLength(bytes, index + 1) != nil {
                        index += 1
                    } else if bytes[index] == 0xC2, index + 2 < bytes.count, bytes[index + 1] == 0xAD, letterLength(bytes, index + 2) != nil {
                        index += 2  // a soft hyphen inside the word ("Mer\u{AD}we" from HTML)
                        softHyphen = true
                    } else {
                        break
                    }
                }
                tokens.append(Token(start: start, end: index, hasSoftHyphen: softHyphen))
            }
            return tokens
        }

        /// The byte length of a letter or digit at `index`, or nil.
        static func letterLength(_ bytes: [UInt8], _ index: Int) -> Int? {
            let byte = bytes[index]
            if byte < 0x80 { return ASCIIClass.isWord(byte) ? 1 : nil }
            guard let (scalar, length) = scalar(bytes, index) else { return nil }
            return scalar.properties.isAlphabetic ? length : nil
        }

        static func scalar(_ bytes: [UInt8], _ index: Int) -> (Unicode.Scalar, Int)? {
            let lead = UInt32(bytes[index])
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            guard length > 1, index + length <= bytes.count else { return nil }
            var value = lead & (0xFF >> UInt32(length + 1))
            for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            return Unicode.Scalar(value).map { ($0, length) }
        }

        /// The first two bytes, ASCII letters lower-cased, as ``BytePairSet`` pairs them.
        func loweredPair(_ bytes: [UInt8]) -> Int {
            func lowered(_ byte: UInt8) -> Int { Int(ASCIIClass.isUpper(byte) ? byte | 0x20 : byte) }
            return lowered(bytes[start]) << 8 | (end - start > 1 ? lowered(bytes[start + 1]) : 0)
        }

        /// Starts with an upper-case letter and holds a lower-case one, or is two or more capitals
        /// ("MÜLLER" in a signature); a single capital ("I", "A") is no name.
        func isCapitalised(_ bytes: [UInt8]) -> Bool {
            let first = bytes[start]
            if first < 0x80 {
                guard ASCIIClass.isUpper(first) else { return false }
            } else {
                guard let (scalar, _) = Token.scalar(bytes, start), scalar.properties.isUppercase else { return false }
            }
            return end - start >= 2
        }

        /// The word is one of `list` (lower case), in any case of its ASCII letters and of "Ä", "Ö", "Ü".
        func matches(any list: [[UInt8]], _ bytes: [UInt8]) -> Bool {
            // A soft hyphen inside ("de\u{AD}r") is compared as if it were not there.
            if hasSoftHyphen, let hyphen = (start..<end - 1).first(where: { bytes[$0] == 0xC2 && bytes[$0 + 1] == 0xAD }) {
                var cleaned = Array(bytes[start..<hyphen])
                var index = hyphen
                while index < end {
                    if index + 1 < end, bytes[index] == 0xC2, bytes[index + 1] == 0xAD { index += 2; continue }
                    cleaned.append(bytes[index])
                    index += 1
                }
                return Token(start: 0, end: cleaned.count).matches(any: list, cleaned)
            }
            let length = end - start
            return list.contains { word in
                guard word.count == length else { return false }
                for offset in 0..<length {
                    let byte = bytes[start + offset], expected = word[offset]
                    if byte == expected { continue }
                    if byte < 0x80, byte | 0x20 == expected { continue }
                    if offset > 0, bytes[start + offset - 1] == 0xC3, byte | 0x20 == expected { continue }
                    return false
                }
                return true
            }
        }

        /// Between this word and `next` stand only spaces, tabs or no-break spaces.
        func isSpaceOnly(before next: Token, _ bytes: [UInt8]) -> Bool {
            next.start > end && Self.separator(bytes[end..<next.start]).isSpaceOnly
        }

        /// Between this word and `next` stand spaces, at most one line break, and at most one of
        /// "." (after an abbreviation: "Hr.", "Dr."), "," and (when `allowingColon`) ":".
        func mayPrecede(_ next: Token, _ bytes: [UInt8], allowingColon: Bool = false) -> Bool {
            guard next.start > end else { return false }
            let separator = Self.separator(bytes[end..<next.start])
            guard separator.lineBreaks <= 1, separator.other.count <= 1 else { return false }
            guard let mark = separator.other.first else { return true }
            // "Hr.", "Dr.", "Prof.": an abbreviation's dot; any other dot ends a sentence.
            if mark == 0x2E { return matches(any: PersonNameFinder.abbreviations, bytes) }
            return mark == 0x2C || (allowingColon && mark == 0x3A)
        }

        /// Between this word and `next` stands a comma (and spaces).
        func separatorIsComma(before next: Token, _ bytes: [UInt8]) -> Bool {
            let separator = Self.separator(bytes[end..<next.start])
            return separator.other == [0x2C] && separator.lineBreaks == 0
        }

        struct Separator {
            var lineBreaks = 0
            var other: [UInt8] = []
            var isSpaceOnly: Bool { lineBreaks == 0 && other.isEmpty }
        }

        static func separator(_ bytes: ArraySlice<UInt8>) -> Separator {
            var separator = Separator()
            var index = bytes.startIndex
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == 0x20 || byte == 0x09 {
                } else if byte == 0x0A {
                    separator.lineBreaks += 1
                } else if byte == 0x0D {
                } else if byte == 0xC2, index + 1 < bytes.endIndex, bytes[index + 1] == 0xA0 {
                    index += 1
                } else {
                    separator.other.append(byte)
                }
                index += 1
            }
            return separator
        }
    }
}
