/// The special categories of personal data (Art. 9 GDPR), plus financial data, which the help
/// desk treats with the same care (a forwarded IBAN is a fraud risk).
public enum SpecialCategory: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case health
    case religion
    case political
    case ethnicOrigin = "ethnic_origin"
    case sexLife = "sex_life"
    case tradeUnion = "trade_union"
    case genetic
    case biometric
    case financial

    public static func < (lhs: SpecialCategory, rhs: SpecialCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Finds mentions of special categories in German and English text.
///
/// Word lists match word stems, so inflections and German compounds are found ("Hörgeräte",
/// "Hörgeräteakku", "Diabetikerin"); bank and card numbers are found by their check sums, not by
/// their look. A flag means "an agent should take extra care", so the lists prefer a rare
/// false alarm to a missed health condition; words that are common in other senses
/// ("Partei" in contracts, the first name "Christian") are left out.
public enum SpecialCategoryDetector {
    /// The categories the text mentions.
    public static func categories(in text: String) -> Set<SpecialCategory> {
        var found: Set<SpecialCategory> = []
        let words = tokens(text)
        let index = StemIndex.shared
        for (position, word) in words.enumerated() {
            if let category = index.exact[word[...]] { found.insert(category) }
            // Most words start with two bytes no stem starts with: one bit rules them out.
            if index.mayStartStem(word) {
                for length in index.prefixLengths where length <= word.count {
                    if let category = index.prefixes[word[0..<length]] { found.insert(category) }
                }
            }
            for (infix, category) in index.infixes where !found.contains(category) && word.count >= infix.count {
                if contains(word, infix) { found.insert(category) }
            }
            if let phrases = index.phrasesByFirstWord[word[...]] {
                for (rest, category) in phrases where matchesPhrase(rest, words: words, after: position) {
                    found.insert(category)
                }
            }
        }
        if !found.contains(.financial), !IBAN.ranges(in: text).isEmpty || !PaymentCard.ranges(in: text).isEmpty {
            found.insert(.financial)
        }
        return found
    }

    /// The words after `position` begin with `rest`; the last word of a phrase may be inflected ("hearing aids").
    static func matchesPhrase(_ rest: [[UInt8]], words: [[UInt8]], after position: Int) -> Bool {
        guard position + rest.count < words.count else { return false }
        for (offset, expected) in rest.enumerated() {
            let word = words[position + 1 + offset]
            if offset == rest.count - 1 {
                if word.count < expected.count || word[0..<expected.count] != expected[...] { return false }
            } else if word != expected {
                return false
            }
        }
        return true
    }

    static func contains(_ word: [UInt8], _ infix: [UInt8]) -> Bool {
        guard word.count >= infix.count else { return false }
        for start in 0...(word.count - infix.count) where word[start] == infix[0] {
            if word[start..<start + infix.count].elementsEqual(infix) { return true }
        }
        return false
    }

    /// Lower-cased words of letters and digits, as UTF-8 bytes (compared byte-wise: fast and exact).
    static func tokens(_ text: String) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        for scalar in text.lowercasedFast().unicodeScalars {
            let isWordScalar: Bool
            if scalar.value < 0x80 {
                let v = scalar.value
                isWordScalar = (0x61...0x7A).contains(v) || (0x30...0x39).contains(v) || (0x41...0x5A).contains(v)
            } else {
                isWordScalar = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            }
            if isWordScalar {
                if scalar.value < 0x80 { current.append(UInt8(scalar.value)) } else { UTF8.encode(scalar) { current.append($0) } }
            } else if !current.isEmpty {
                words.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The stem lists, indexed once: exact words, prefixes by length, infixes, phrases by first word.
    struct StemIndex: Sendable {
        var exact: [ArraySlice<UInt8>: SpecialCategory] = [:]
        var prefixes: [ArraySlice<UInt8>: SpecialCategory] = [:]
        var prefixLengths: [Int] = []
        var infixes: [([UInt8], SpecialCategory)] = []
        var phrasesByFirstWord: [ArraySlice<UInt8>: [([[UInt8]], SpecialCategory)]] = [:]

        /// One bit for each pair of first bytes that a prefix stem starts with (8 KiB).
        var stemStarts = [UInt64](repeating: 0, count: 1024)

        static let shared = StemIndex()

        /// Whether a prefix stem can start this word: its first two bytes start one (a word of
        /// one byte is tested against the stems of one byte, of which there are none today).
        func mayStartStem(_ word: [UInt8]) -> Bool {
            guard word.count >= 2 else { return prefixLengths.first.map { $0 <= word.count } ?? false }
            let pair = Int(word[0]) << 8 | Int(word[1])
            return stemStarts[pair >> 6] & (1 << UInt64(pair & 63)) != 0
        }

        init() {
            for (category, stems) in wordStems {
                for stem in stems {
                    if stem.contains(" ") {
                        let parts = stem.split(separator: " ").map { Array($0.utf8) }
                        phrasesByFirstWord[parts[0][...], default: []].append((Array(parts.dropFirst()), category))
                    } else if stem.hasPrefix("*") {
                        infixes.append((Array(stem.dropFirst().utf8), category))
                    } else if stem.hasSuffix("$") {
                        exact[Array(stem.dropLast().utf8)[...]] = category
                    } else {
                        prefixes[Array(stem.utf8)[...]] = category
                    }
                }
            }
            prefixLengths = Set(prefixes.keys.map(\.count)).sorted()
            for stem in prefixes.keys where stem.count >= 2 {
                let pair = Int(stem[stem.startIndex]) << 8 | Int(stem[stem.startIndex + 1])
                stemStarts[pair >> 6] |= 1 << UInt64(pair & 63)
            }
            precondition(prefixLengths.first.map { $0 >= 2 } ?? true, "a prefix stem of one byte: mayStartStem would miss it")
        }
    }

    static let wordStems: [(SpecialCategory, [String])] = [
        (.health, [
            "*krankheit", "erkrank", "krankenhaus", "krankgeschrieben", "*diabet", "*hörgerät", "hörbehind", "schwerhörig",
            "gehörlos", "taub$", "schwerbehind", "*behinderung", "rollstuhl", "sehbehind", "erblindet",
            "schwanger", "*therapie", "medikament", "arzt$", "ärztin", "ärztlich", "hausarzt", "facharzt", "klinik",
            "operiert", "*allergi", "epilep", "depression", "herzschrittmacher", "krebs$", "krebserkrank",
            "asthma", "demenz", "parkinson", "multiple sklerose", "reha$", "pflegegrad", "pflegebedürftig", "insulin",
            "chemotherapie", "hiv$", "aids$", "infektion", "tinnitus", "illness", "disease", "diabetes", "diabetic",
            "hearing aid", "hearing impair", "deaf", "disabilit", "disabled", "wheelchair", "visually impaired", "pregnan",
            "medication", "hospital", "surgery", "cancer", "pacemaker", "allerg", "seizure", "dementia",
            "chronic", "therapy", "epilepsy", "doctor s note", "sick leave", "mental health",
        ]),
        (.religion, [
            "religi", "kirche", "gottesdienst", "gebet$", "gebetszeit", "moschee", "synagog", "muslim", "moslem", "islam", "jüdisch",
            "katholi", "evangelisch", "protestant", "buddhis", "hindu", "ramadan", "sabbat", "schabbat", "shabbat",
            "koscher", "kosher", "halal", "church", "mosque", "prayer", "jewish", "catholic", "religious",
            "fasting month", "atheist",
        ]),
        (.political, [
            "parteimitglied", "parteibuch", "politische überzeugung", "politische meinung", "political opinion",
            "political party", "political belief", "partei mitglied", "wahlkampf", "campaign volunteer",
        ]),
        (.ethnicOrigin, [
            "ethnisch", "ethnic", "migrationshintergrund", "hautfarbe", "skin colour", "skin color", "rassis", "racial",
            "racism", "herkunftsland", "sinti$",
        ]),
        (.sexLife, [
            "sexuell", "sexual", "homosexu", "heterosexu", "bisexu", "schwul", "lesbisch", "transgender", "transsexu",
            "queer", "gay$", "lesbian",
        ]),
        (.tradeUnion, [
            "gewerkschaft", "trade union", "union member", "labor union", "labour union", "ig metall", "verdi$",
        ]),
        (.genetic, [
            "genetisch", "genetic", "gentest", "erbkrankheit", "erbgut", "dna$", "genomanalyse", "genome",
        ]),
        (.biometric, [
            "biometri", "fingerabdruck", "fingerprint", "gesichtserkennung", "facial recognition", "face id", "iris scan",
            "irisscan", "retina scan",
        ]),
        (.financial, [
            "kontonummer", "bankverbindung", "kreditkartennummer", "credit card number", "card number", "schufa",
            "insolvenz", "pfändung", "schuldnerberatung", "bankrupt", "debt collection", "inkasso",
        ]),
    ]
}
