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
        let words = Words(text)
        let index = StemIndex.shared
        let bytes = words.bytes
        for (position, range) in words.ranges.enumerated() {
            let word = bytes[range]
            // Most words start with two bytes no stem, exact word or phrase starts with: one bit
            // each rules them out before a dictionary hashes the word.
            let pair = BytePairSet.pair(word)
            if index.exactStarts.contains(pair), let category = index.exact[word] { found.insert(category) }
            if index.stemStarts.contains(pair) {
                for length in index.prefixLengths where length <= word.count {
                    if let category = index.prefixes[word.prefix(length)] { found.insert(category) }
                }
            }
            for (infix, category) in index.infixes where !found.contains(category) && word.count >= infix.count {
                if contains(word, infix) { found.insert(category) }
            }
            if index.phraseStarts.contains(pair), let phrases = index.phrasesByFirstWord[word] {
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

    /// Whether the words after `position` begin with `rest` (its last word as a prefix).
    static func matchesPhrase(_ rest: [[UInt8]], words: Words, after position: Int) -> Bool {
        guard position + rest.count < words.ranges.count else { return false }
        for (offset, expected) in rest.enumerated() {
            let word = words.bytes[words.ranges[position + 1 + offset]]
            if offset == rest.count - 1 {
                if word.count < expected.count || !word.prefix(expected.count).elementsEqual(expected) { return false }
            } else if !word.elementsEqual(expected) {
                return false
            }
        }
        return true
    }

    static func contains(_ word: ArraySlice<UInt8>, _ infix: [UInt8]) -> Bool {
        guard word.count >= infix.count else { return false }
        for start in word.startIndex...(word.endIndex - infix.count) where word[start] == infix[0] {
            if word[start..<start + infix.count].elementsEqual(infix) { return true }
        }
        return false
    }

    /// The lower-cased words of a text (runs of letters and digits), as ranges of one buffer that
    /// holds them all: one allocation per text instead of one per word.
    struct Words {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []

        init(_ text: String) {
            bytes.reserveCapacity(text.utf8.count)
            var start = 0
            for scalar in text.lowercasedFast().unicodeScalars {
                let isWordScalar: Bool
                let value = scalar.value
                if value < 0x80 {
                    isWordScalar = (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) || (0x41...0x5A).contains(value)
                } else {
                    isWordScalar = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                }
                if isWordScalar {
                    if value < 0x80 { bytes.append(UInt8(value)) } else { UTF8.encode(scalar) { bytes.append($0) } }
                } else if bytes.count > start {
                    ranges.append(start..<bytes.count)
                    start = bytes.count
                }
            }
            if bytes.count > start { ranges.append(start..<bytes.count) }
        }
    }

    struct StemIndex: Sendable {
        var exact: [ArraySlice<UInt8>: SpecialCategory] = [:]
        var prefixes: [ArraySlice<UInt8>: SpecialCategory] = [:]
        var prefixLengths: [Int] = []
        var infixes: [([UInt8], SpecialCategory)] = []
        var phrasesByFirstWord: [ArraySlice<UInt8>: [([[UInt8]], SpecialCategory)]] = [:]
        /// The first two bytes of the prefix stems, of the exact words and of the phrases' first
        /// words.
        var stemStarts = BytePairSet()
        var exactStarts = BytePairSet()
        var phraseStarts = BytePairSet()

        static let shared = StemIndex()

        init() {
            for (category, stems) in wordStems {
                for stem in stems {
                    if stem.contains(" ") {
                        let parts = stem.split(separator: " ").map { Array($0.utf8) }
                        phrasesByFirstWord[parts[0][...], default: []].append((Array(parts.dropFirst()), category))
                        phraseStarts.insert(BytePairSet.pair(parts[0]))
                    } else if stem.hasPrefix("*") {
                        infixes.append((Array(stem.dropFirst().utf8), category))
                    } else if stem.hasSuffix("$") {
                        let word = Array(stem.dropLast().utf8)
                        exact[word[...]] = category
                        exactStarts.insert(BytePairSet.pair(word))
                    } else {
                        prefixes[Array(stem.utf8)[...]] = category
                    }
                }
            }
            prefixLengths = Set(prefixes.keys.map(\.count)).sorted()
            // A prefix stem of one byte would be a prefix of words with any second byte.
            precondition(prefixLengths.first.map { $0 >= 2 } ?? true, "a prefix stem of one byte: its start pair would miss words")
            for stem in prefixes.keys { stemStarts.insert(BytePairSet.pair(stem)) }
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
