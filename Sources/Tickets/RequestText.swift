import Privacy

/// Text folded so that people's spellings compare equal, and cut into sentences of words.
///
/// Folding lower-cases, writes umlauts and ß the way a keyboard without them does ("Löschung" and
/// "Loeschung" both become "loeschung", "Grüße" and "Grüsse" both "gruesse") and drops other Latin
/// accents ("Réclamation" → "reclamation"). A word is a run of letters and digits; everything else
/// separates words, so "Art. 15" is the words "art" "15" and "E-Mail" is "e" "mail".
enum RequestText {
    /// Folds one string (see the type's summary).
    static func fold(_ text: some StringProtocol) -> String {
        var folded = ""
        folded.reserveCapacity(text.utf8.count)
        for character in text {
            // Character equality is canonical equivalence: a decomposed "o" + U+0308 is "ö" here too.
            switch character {
            case "ä", "Ä": folded += "ae"
            case "ö", "Ö": folded += "oe"
            case "ü", "Ü": folded += "ue"
            case "ß", "ẞ": folded += "ss"
            default:
                for scalar in character.lowercased().unicodeScalars {
                    if let base = baseLetter(scalar) {
                        folded.unicodeScalars.append(base)
                    } else if !scalar.properties.isDiacritic || scalar.value < 0x80 {
                        folded.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        return folded
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

    /// The folded words of a text, grouped into sentences.
    ///
    /// A sentence ends at ".", "!", "?" or ";" followed by a space or the end of the text, and at a blank
    /// line; a single line break does not end one, because mail clients wrap long lines. A full stop
    /// after a common abbreviation ("Art.", "Abs.", "Nr.", "z. B.") or a number ("15." in a date) does
    /// not end a sentence either, so "Art. 15 DSGVO" stays together.
    static func sentences(_ text: some StringProtocol) -> [[String]] {
        var sentences: [[String]] = []
        var current: [String] = []
        var word = ""
        var previousWasNewline = false
        let characters = Array(fold(text))
        func endWord() {
            if !word.isEmpty { current.append(word); word = "" }
        }
        func endSentence() {
            endWord()
            if !current.isEmpty { sentences.append(current); current = [] }
        }
        for (index, character) in characters.enumerated() {
            if character.isLetter || character.isNumber {
                word.append(character)
                previousWasNewline = false
                continue
            }
            if character.isNewline {
                endWord()
                if previousWasNewline { endSentence() }
                previousWasNewline = true
                continue
            }
            if character.isWhitespace { endWord(); continue }
            previousWasNewline = false
            let followedBySpace = index + 1 == characters.count || characters[index + 1].isWhitespace
            switch character {
            case "!", "?", ";":
                if followedBySpace { endSentence() } else { endWord() }
            case ".":
                // "Daten)." ends a sentence too: the word before the stop may have ended already.
                let last = word.isEmpty ? (current.last ?? "") : word
                let abbreviation = last.count == 1 || abbreviations.contains(last) || last.allSatisfy(\.isNumber)
                if followedBySpace && !abbreviation { endSentence() } else { endWord() }
            default:
                endWord()
            }
        }
        endSentence()
        return sentences
    }

    /// Folded words a full stop follows without ending the sentence.
    static let abbreviations: Set<String> = [
        "art", "abs", "nr", "ziff", "lit", "bzw", "ggf", "bspw", "usw", "vgl", "etc", "inkl", "str", "dr", "hr", "fr", "no", "para",
    ]
}
