/// International bank account numbers: finding them in free text and checking them (ISO 13616, mod 97).
public enum IBAN {
    /// The lengths of the IBANs of the countries a European help desk meets most; others are
    /// accepted from 15 to 34 characters.
    static let lengths: [String: Int] = [
        "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
        "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27,
        "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25,
        "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26,
    ]

    /// Whether a compact IBAN (no spaces, upper case) has a valid check sum.
    public static func isValid(_ compact: String) -> Bool {
        let characters = Array(compact)
        guard (15...34).contains(characters.count),
              characters[0].isASCII, characters[0].isUppercase, characters[1].isASCII, characters[1].isUppercase,
              characters[2].isASCII, characters[2].isNumber, characters[3].isASCII, characters[3].isNumber,
              characters.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) })
        else { return false }
        if let length = lengths[String(characters[0...1])], length != characters.count { return false }
        var remainder = 0
        for character in characters[4...] + characters[0..<4] {
            if let digit = character.wholeNumberValue {
                remainder = (remainder * 10 + digit) % 97
            } else if let ascii = character.asciiValue {
                remainder = (remainder * 100 + Int(ascii) - 55) % 97
            }
        }
        return remainder == 1
    }

    /// The ranges of valid IBANs in the text, written compact or in groups of four separated by single spaces.
    public static func ranges(in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var index = text.startIndex
        while index < text.endIndex {
            // A candidate starts with two capital letters and two digits, not inside a word.
            if text[index].isUppercase, text[index].isASCII, index == text.startIndex || !isWordCharacter(text[text.index(before: index)]),
               let match = match(in: text, at: index) {
                found.append(match)
                index = match.upperBound
                continue
            }
            index = text.index(after: index)
        }
        return found
    }

    /// The longest valid IBAN starting at `start`.
    static func match(in text: String, at start: String.Index) -> Range<String.Index>? {
        var compact = ""
        var ends: [(length: Int, end: String.Index)] = []
        var index = start
        while index < text.endIndex, compact.count < 34 {
            let character = text[index]
            if character.isASCII, character.isUppercase || character.isNumber {
                compact.append(character)
                index = text.index(after: index)
                ends.append((compact.count, index))
            } else if character == " ", !compact.isEmpty, text.index(after: index) < text.endIndex,
                      text[text.index(after: index)].isASCII, text[text.index(after: index)].isUppercase || text[text.index(after: index)].isNumber {
                index = text.index(after: index)
            } else {
                break
            }
        }
        guard compact.count >= 15 else { return nil }
        for (length, end) in ends.reversed() where length >= 15 {
            if isValid(String(compact.prefix(length))), end == text.endIndex || !isWordCharacter(text[end]) {
                return start..<end
            }
        }
        return nil
    }

    static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }
}

/// Payment card numbers: 13 to 19 digits (grouped by spaces or dashes) that pass the Luhn check.
public enum PaymentCard {
    /// Whether the digits pass the Luhn check.
    public static func passesLuhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// Whether the digits at `index` continue a number written just before them ("DE89 3704 ..."):
    /// such digits are part of something longer, not the start of a card number.
    static func continuesNumber(_ text: String, before index: String.Index) -> Bool {
        guard index > text.startIndex else { return false }
        let separator = text.index(before: index)
        guard text[separator] == " " || text[separator] == "-", separator > text.startIndex else { return false }
        let previous = text[text.index(before: separator)]
        return previous.isNumber
    }

    /// The ranges of card numbers in the text.
    public static func ranges(in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var index = text.startIndex
        while index < text.endIndex {
            let isStart = text[index].isASCII && text[index].isNumber
                && (index == text.startIndex || !(text[text.index(before: index)].isNumber || text[text.index(before: index)].isLetter))
                && !continuesNumber(text, before: index)
            guard isStart else { index = text.index(after: index); continue }
            var digits: [Int] = []
            var cursor = index
            var end = index
            while cursor < text.endIndex, digits.count < 19 {
                let character = text[cursor]
                if character.isASCII, let digit = character.wholeNumberValue {
                    digits.append(digit)
                    cursor = text.index(after: cursor)
                    end = cursor
                } else if character == " " || character == "-", text.index(after: cursor) < text.endIndex,
                          text[text.index(after: cursor)].isASCII, text[text.index(after: cursor)].isNumber {
                    cursor = text.index(after: cursor)
                } else {
                    break
                }
            }
            let followedByDigit = end < text.endIndex && text[end].isNumber
            // Issuer ranges start with 2-6 (Mastercard 2-series, Amex 3, Visa 4, Mastercard 5, Discover 6).
            if (13...19).contains(digits.count), !followedByDigit, (2...6).contains(digits[0]), passesLuhn(digits),
               Set(digits).count > 1 {
                found.append(index..<end)
                index = end
            } else {
                index = text.index(after: index)
            }
        }
        return found
    }
}
