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
        let joined = " " + words.joined(separator: " ") + " "
        for (category, stems) in wordStems {
            if stems.contains(where: { stem in matches(stem, words: words, joined: joined) }) { found.insert(category) }
        }
        if !IBAN.ranges(in: text).isEmpty || !PaymentCard.ranges(in: text).isEmpty { found.insert(.financial) }
        return found
    }

    /// A stem: `word` matches a word that starts with it; `*word` one that contains it (German
    /// compounds); `two words` a phrase.
    static func matches(_ stem: String, words: [String], joined: String) -> Bool {
        if stem.contains(" ") { return joined.contains(" " + stem) }
        if stem.hasPrefix("*") {
            let infix = String(stem.dropFirst())
            return words.contains { $0.contains(infix) }
        }
        if stem.hasSuffix("$") {
            let exact = String(stem.dropLast())
            return words.contains(exact)
        }
        return words.contains { $0.hasPrefix(stem) }
    }

    /// Lower-cased words of letters and digits.
    static func tokens(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
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
