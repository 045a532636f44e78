/// Names of people the mail mentions, found by the words that introduce them: a form of address
/// ("Herr", "Frau Dr.", "Mrs"), a relation ("meine Frau", "mein Kollege", "my wife") or a role
/// ("der Monteur,", "Geschäftsführer:", "our technician"), followed by capitalised words.
///
/// The customer's own name is known and found by ``Redactor``'s known values; this finder is for
/// everybody else — a spouse, a colleague, the technician who came — and for the customer's name
/// in a form the known values miss ("Herrn Grünewalds"). Only the name is replaced, the cue stays
/// ("meine Frau [name]"), so a department still reads who did what.
///
/// A capitalised word counts as a name only directly after its cue (spaces, one line break, a
/// comma or a colon between), and a run of names ends at a lower-case word, punctuation or a blank
/// line. German capitalises every noun, so a cue alone decides nothing: "meine Frau hat" and "der
/// Monteur kam" name nobody. After a role with a colon, a list of names is read
/// ("Geschäftsführer: Uwe Weiß, Günther Fuchs").
enum PersonNameFinder {
    /// The ranges of the names found, in order.
    static func names(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        let tokens = Token.all(in: bytes)
        var found: [Range<Int>] = []
        var index = 0
        while index < tokens.count {
            guard let (cue, afterCue) = cue(at: index, tokens, bytes) else {
                if let (name, after) = gazetteerName(at: index, tokens, bytes) {
                    found.append(name)
                    index = after
                } else {
                    index += 1
                }
                continue
            }
            var next = afterCue
            // More forms of address and titles may follow: "Frau Dr. Berger", "Herr Prof. Dr. Maier".
            while next < tokens.count, tokens[next - 1].mayPrecede(tokens[next], bytes), isTitle(tokens[next], bytes) { next += 1 }
            var names: [Range<Int>] = []
            while next < tokens.count, tokens[next - 1].mayPrecede(tokens[next], bytes, allowingColon: next == afterCue),
                  let (name, after) = name(from: next, tokens, bytes, particleFirst: cue == .address) {
                names.append(name)
                next = after
                // Only after "Role:" does a list follow: "Uwe Weiß, Günther Fuchs und Eva Roth".
                guard cue == .listRole, next < tokens.count else { break }
                if tokens[next - 1].separatorIsComma(before: tokens[next], bytes) { continue }
                if isAnd(tokens[next], bytes), next + 1 < tokens.count, tokens[next].mayPrecede(tokens[next + 1], bytes) { next += 1; continue }
                break
            }
            found += names
            index = max(next, index + 1)
        }
        return ASCIIClass.stringRanges(found, in: text)
    }

    /// The words of a name that fills a whole line, as people sign below a closing formula
    /// ("Jörg Hübner", "K. Dörfler", "Dörfler, Karin", "Hans-Peter von Hagenow"): those of three
    /// letters or more, particles and initials left out. Empty when the line is anything else
    /// ("Ihr Support-Team", "Die Geschäftsführung", "Tel. 030 2634701", a single word).
    static func signatureNameWords(in line: Substring) -> [Substring] {
        let bytes = Array(line.utf8)
        guard bytes.count <= 60, !bytes.contains(where: ASCIIClass.isDigit) else { return [] }
        let tokens = Token.all(in: bytes)
        guard (2...5).contains(tokens.count) else { return [] }
        var words: [Substring] = []
        for (position, token) in tokens.enumerated() {
            if position > 0 {
                // Between the words: spaces, ", " (surname first) or ". " after an initial.
                let between = bytes[tokens[position - 1].end..<token.start]
                guard between.allSatisfy({ $0 == 0x20 || $0 == 0x2C || $0 == 0x2E }), between.contains(0x20) else { return [] }
            }
            if position > 0, token.matches(any: particles, bytes) { continue }
            let length = token.end - token.start
            if length == 1 {
                // An initial: one capital and its dot.
                guard ASCIIClass.isUpper(bytes[token.start]), token.end < bytes.count, bytes[token.end] == 0x2E else { return [] }
                continue
            }
            guard token.isCapitalised(bytes), !token.matches(any: notNames, bytes), !token.matches(any: relations, bytes),
                  !token.matches(any: roles, bytes), !token.matches(any: addressForms, bytes), !token.matches(any: titles, bytes),
                  !token.matches(any: notSignatureNames, bytes) else { return [] }
            if length >= 3 {
                let utf8 = line.utf8
                words.append(Substring(line[utf8.index(utf8.startIndex, offsetBy: token.start)..<utf8.index(utf8.startIndex, offsetBy: token.end)]))
            }
        }
        return words
    }

    /// Capitalised words that sign for a company, not a person.
    static let notSignatureNames = words("""
        ihr ihre euer eure dein deine your yours the team die das der service support kundenservice kundendienst \
        geschäftsführung geschäftsleitung leitung abteilung verwaltung buchhaltung vertrieb gmbh ag kg ltd inc co \
        sent gesendet von from mobile iphone android
        """)

    /// A name without a cue: a given name from the gazetteer and a capitalised surname right
    /// after it (particles between: "Callum van der Merwe"), at most one more capitalised part.
    private static func gazetteerName(at index: Int, _ tokens: [Token], _ bytes: [UInt8]) -> (Range<Int>, Int)? {
        let given = tokens[index]
        // Cheap tests first: most words are no capitalised word before another one.
        guard given.isCapitalised(bytes), index + 1 < tokens.count, given.isSpaceOnly(before: tokens[index + 1], bytes),
              bytes[given.start] >= 0x80 || GivenNames.shapes.contains(GivenNames.shape(pair: given.loweredPair(bytes), length: given.end - given.start)),
              GivenNames.contains(word(given, bytes)) else { return nil }
        var surname = index + 1
        while surname < tokens.count, surname - index <= 3, tokens[surname].matches(any: particles, bytes),
              surname + 1 < tokens.count, tokens[surname].isSpaceOnly(before: tokens[surname + 1], bytes) {
            surname += 1
        }
        guard surname < tokens.count, isSurname(tokens[surname], bytes) else { return nil }
        var last = surname
        if last + 1 < tokens.count, tokens[last].isSpaceOnly(before: tokens[last + 1], bytes), isSurname(tokens[last + 1], bytes),
           GivenNames.contains(word(tokens[surname], bytes)) {
            last += 1  // a second given name: "Anna Maria Schulte"
        }
        return (given.start..<tokens[last].end, last + 1)
    }

    /// A capitalised word that can be a surname: no cue word, no legal form, no place or day.
    private static func isSurname(_ token: Token, _ bytes: [UInt8]) -> Bool {
        token.isCapitalised(bytes) && !token.matches(any: notNames, bytes) && !token.matches(any: relations, bytes)
            && !token.matches(any: roles, bytes) && !token.matches(any: addressForms, bytes) && !token.matches(any: titles, bytes)
            && !token.matches(any: companyForms, bytes) && !GivenNames.notSurnames.contains(word(token, bytes).lowercased())
    }

    private static func word(_ token: Token, _ bytes: [UInt8]) -> Substring {
        Substring(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }

    enum Cue { case address, relation, role, listRole }

    /// The cue at `index` and the token after it, or nil.
    private static func cue(at index: Int, _ tokens: [Token], _ bytes: [UInt8]) -> (Cue, Int)? {
        let token = tokens[index]
        // Most words start with two letters no cue starts with.
        guard cueStarts.contains(token.loweredPair(bytes)) else { return nil }
        if token.matches(any: addressForms, bytes) { return (.address, index + 1) }
        if token.matches(any: possessives, bytes), index + 1 < tokens.count, token.mayPrecede(tokens[index + 1], bytes),
           tokens[index + 1].matches(any: relations, bytes) {
            return (.relation, index + 2)
        }
        if token.matches(any: roles, bytes) {
            // "Geschäftsführer: Uwe Weiß, Günther Fuchs" lists; "der Monteur, Jens Meißner," names one.
            let colon = token.end < bytes.count && bytes[token.end] == 0x3A
            // "Ansprechpartnerin vor Ort ist Annika Hoffmann", "our contact on site is Dave Miller":
            // a few linking words may stand between the role and the name.
            var next = index + 1
            while next < tokens.count, next - index <= 4, tokens[next - 1].isSpaceOnly(before: tokens[next], bytes),
                  tokens[next].matches(any: roleLinks, bytes) {
                next += 1
            }
            return (colon ? .listRole : .role, next)
        }
        return nil
    }

    /// A name at `index`: one to four capitalised words on one line, with particles ("von der",
    /// "van") before or between them; its byte range and the token after it. A noun that German
    /// writes after a genitive name ("Herrn Grünewalds Vater") is not part of it.
    private static func name(from index: Int, _ tokens: [Token], _ bytes: [UInt8], particleFirst: Bool) -> (Range<Int>, Int)? {
        // "Herr von Bülow" is a name; "mein Kollege von der Buchhaltung" is a department.
        if !particleFirst, !tokens[index].isCapitalised(bytes) { return nil }
        var last: Int?
        var next = index
        while next < tokens.count, next - index < 6 {
            if next > index, !tokens[next - 1].isSpaceOnly(before: tokens[next], bytes) { break }
            let token = tokens[next]
            if token.isCapitalised(bytes), !token.matches(any: notNames, bytes), !token.matches(any: relations, bytes),
               !token.matches(any: nounsAfterNames, bytes) {
                last = next
            } else if !token.matches(any: particles, bytes) {
                break
            }
            next += 1
        }
        guard let last else { return nil }
        // "Director Meadowlark Consulting Ltd" names a company.
        if tokens[index...last].contains(where: { $0.matches(any: companyForms, bytes) }) { return nil }
        return (tokens[index].start..<tokens[last].end, last + 1)
    }

    /// Legal forms that end a company's name.
    static let companyForms = words("gmbh ltd llc inc plc ag kg ohg ug gbr corp co limited")

    private static func isTitle(_ token: Token, _ bytes: [UInt8]) -> Bool { token.matches(any: titles, bytes) }
    private static func isAnd(_ token: Token, _ bytes: [UInt8]) -> Bool { token.matches(any: ands, bytes) }

    // MARK: - Word lists (lower case; compared with a word's first letter in any case)

    /// The first two letters (lower case) of every cue word.
    static let cueStarts = {
        var starts = BytePairSet()
        for word in addressForms + possessives + roles { starts.insert(word: word) }
        return starts
    }()
    static let addressForms = words("herr herrn frau fr hr mr mrs ms miss familie fam")
    static let titles = words("dr prof dipl ing mag herr frau")
    static let possessives = words("mein meine meinem meinen meiner unser unsere unserem unseren my our his her")
    static let relations = words("""
        frau mann ehefrau ehemann tochter sohn mutter vater kollege kollegin nachbar nachbarin chef chefin partner partnerin \
        freund freundin bruder schwester schwiegersohn schwiegertochter schwiegermutter schwiegervater enkel enkelin lebensgefährte \
        lebensgefährtin vermieter vermieterin wife husband son daughter mother father colleague neighbour neighbor boss manager \
        friend brother sister landlord landlady partner assistant
        """)
    static let roles = words("""
        monteur monteurin techniker technikerin servicetechniker servicetechnikerin geschäftsführer geschäftsführerin \
        ansprechpartner ansprechpartnerin sachbearbeiter sachbearbeiterin fahrer fahrerin kundenberater kundenberaterin \
        berater beraterin inhaber inhaberin vorstand vorsitzender vermieter hausmeister elektriker installateur \
        technician engineer driver courier director ceo representative electrician plumber installer owner \
        manager directors managers geschäftsführung owners
        """)
    static let abbreviations = words("hr fr dr prof dipl ing mag mr mrs ms fam")
    static let roleLinks = words("vor ort ist is was war heißt heisst named called namens on site hier here bei uns")
    static let particles = words("von van der den de zu del di da le la ter ten vom zur")
    /// Nouns that follow a name in the genitive ("Herrn Grünewalds Bestellung", "Frau Maiers Auto").
    static let nounsAfterNames = words("""
        auto bestellung rechnung gerät konto kundenkonto vertrag adresse wohnung haus anschluss name namen nummer \
        handy telefon order account address car phone
        """)
    static let ands = words("und and sowie")
    /// Capitalised words that follow the cues above without being names: German nouns and English
    /// words a sentence or a heading puts there ("Frau Doktor", "Herr Ober", "my Manager said").
    static let notNames = words("""
        doktor ober kollege kollegin und oder hat ist war wird sagt sagte meinte the and or has is was said says who which \
        ich sie er es wir mit bei von im am in an auf für zu i he she it we you they
        """)

    private static func words(_ list: String) -> [[UInt8]] {
        list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Array($0.utf8) }
    }

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
