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
        // Each spelling is made only when the text has what it changes (this runs for every mail).
        let utf8 = text.utf8
        if utf8.contains(where: { $0 >= 0x80 }) { add(writtenOut(text)) }
        var previous: UInt8 = 0
        var hasPair = false, hasDoubleS = false
        for byte in utf8 {
            let lower = byte | 0x20
            if lower == 0x65, previous == 0x61 || previous == 0x6F || previous == 0x75 { hasPair = true }
            if lower == 0x73, previous == 0x73 { hasDoubleS = true }
            previous = byte < 0x80 ? lower : 0
        }
        if hasPair { add(reduced(text)) }
        if hasDoubleS { add(text.replacingAll("ss", with: "ß").replacingAll("SS", with: "ß")) }
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
