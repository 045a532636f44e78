/// The spellings people use for the same German name: "Müller", "Mueller" and (on a keyboard
/// without umlauts, or after a system dropped the dots) "Muller"; "Weiß" and "Weiss".
///
/// Matching folds case and accents already ("MÜLLER" finds "Müller" and "Muller"); what it cannot
/// see is that "ue" and "ü" are one letter, or "ss" and "ß". So a known value is looked for in each
/// of these spellings.
enum Transliteration {
    /// `text` itself, with umlauts and ß written out, and with written-out umlauts reduced to their
    /// vowel (which matches the dotted letter once accents are folded), and "ss" as "ß"; each once.
    static func spellings(of text: String) -> [String] {
        var spellings = [text]
        func add(_ spelling: String) { if !spellings.contains(spelling) { spellings.append(spelling) } }
        add(writtenOut(text))
        add(reduced(text))
        if text.lowercased().contains("ss") { add(text.replacingAll("ss", with: "ß").replacingAll("SS", with: "ß")) }
        return spellings
    }

    /// ä → ae, ö → oe, ü → ue, ß → ss (capitals as "Ae", "Oe", "Ue").
    static func writtenOut(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "ä": out += "ae"
            case "ö": out += "oe"
            case "ü": out += "ue"
            case "Ä": out += "Ae"
            case "Ö": out += "Oe"
            case "Ü": out += "Ue"
            case "ß": out += "ss"
            default: out.append(character)
            }
        }
        return out
    }

    /// "ae", "oe", "ue" after a consonant → "a", "o", "u" ("Mueller" → "Muller", which finds "Müller"
    /// once the dots are folded away); vowel pairs that are no umlaut ("Manuel", "Samuel" have "ue"
    /// after a vowel or at a syllable join) are rare enough in surnames to be matched too.
    static func reduced(_ text: String) -> String {
        var out: [Character] = []
        for character in text {
            if character == "e" || character == "E", let last = out.last, "aouAOU".contains(last),
               out.count >= 2, !"aeiouAEIOU".contains(out[out.count - 2]) {
                continue
            }
            out.append(character)
        }
        return String(out)
    }
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        out += rest
        return out
    }
}
