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
    ///
    /// IBANs are ASCII, so the scan runs over the UTF-8 bytes (non-ASCII bytes count as letters
    /// for the word boundaries); it is linear in the text.
    public static func ranges(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        var found: [Range<Int>] = []
        var index = 0
        while index + 3 < bytes.count {
            // Any case: "de28 5629 ..." is as much an IBAN as "DE28 5629 ...".
            if isASCIILetter(bytes[index]), isASCIILetter(bytes[index + 1]),
               ASCIIClass.isDigit(bytes[index + 2]), ASCIIClass.isDigit(bytes[index + 3]),
               index == 0 || !ASCIIClass.isWord(bytes[index - 1]),
               let end = match(bytes, at: index) {
                found.append(index..<end)
                index = end
                continue
            }
            index += 1
        }
        return ASCIIClass.stringRanges(found, in: text)
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    /// The end of the longest valid IBAN starting at `start`.
    static func match(_ bytes: [UInt8], at start: Int) -> Int? {
        var compact: [UInt8] = []
        var ends: [Int] = []
        var index = start
        while index < bytes.count, compact.count < 34 {
            let byte = bytes[index]
            if isASCIILetter(byte) || ASCIIClass.isDigit(byte) {
                compact.append(ASCIIClass.isUpper(byte) || ASCIIClass.isDigit(byte) ? byte : byte & ~0x20)
                index += 1
                ends.append(index)
            } else if byte == 0x20 || byte == 0x0A, !compact.isEmpty, index + 1 < bytes.count,
                      isASCIILetter(bytes[index + 1]) || ASCIIClass.isDigit(bytes[index + 1]),
                      byte == 0x20 || compact.count % 4 == 0 || compact.count >= 12 {
                // One space between groups, or a line break where a client wrapped the number.
                index += 1
            } else {
                break
            }
        }
        guard compact.count >= 15 else { return nil }
        for length in stride(from: compact.count, through: 15, by: -1) {
            let end = ends[length - 1]
            if end < bytes.count, ASCIIClass.isWord(bytes[end]) { continue }
            if isValid(String(decoding: compact[0..<length], as: UTF8.self)) { return end }
        }
        return nil
    }

}

/// Byte classes for the ASCII scanners, and the way back from byte offsets to string indices.
enum ASCIIClass {
    static func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte >= 0x80 }
    /// Letters, digits, and every byte of a non-ASCII character (which is most likely a letter).
    static func isWord(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }

    /// Byte ranges (always on character boundaries here: they start and end at ASCII bytes) as string ranges.
    static func stringRanges(_ ranges: [Range<Int>], in text: String) -> [Range<String.Index>] {
        let utf8 = text.utf8
        return ranges.map { range in
            utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)
        }
    }
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

    /// The ranges of card numbers in the text (a linear scan over the UTF-8 bytes).
    public static func ranges(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            let isStart = ASCIIClass.isDigit(bytes[index]) && (index == 0 || !ASCIIClass.isWord(bytes[index - 1]))
                && !continuesNumber(bytes, before: index)
            guard isStart else { index += 1; continue }
            var digits: [Int] = []
            var cursor = index
            var end = index
            while cursor < bytes.count, digits.count < 19 {
                let byte = bytes[cursor]
                if ASCIIClass.isDigit(byte) {
                    digits.append(Int(byte - 0x30))
                    cursor += 1
                    end = cursor
                } else if byte == 0x20 || byte == 0x2D, cursor + 1 < bytes.count, ASCIIClass.isDigit(bytes[cursor + 1]) {
                    cursor += 1
                } else {
                    break
                }
            }
            let followedByDigit = end < bytes.count && ASCIIClass.isDigit(bytes[end])
            // Issuer ranges start with 2-6 (Mastercard 2-series, Amex 3, Visa 4, Mastercard 5, Discover 6).
            if (13...19).contains(digits.count), !followedByDigit, (2...6).contains(digits[0]), passesLuhn(digits), Set(digits).count > 1,
               digits.count != 15 || digits[0] == 3 && (digits[1] == 4 || digits[1] == 7), !followsIMEICue(bytes, index) {
                found.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return ASCIIClass.stringRanges(found, in: text)
    }

    /// Whether "IMEI" stands shortly before `index`: a phone's IMEI passes the Luhn check like a
    /// card number (and is 15 digits, a length only American Express cards have), but it is a
    /// fact about the device the department needs.
    static func followsIMEICue(_ bytes: [UInt8], _ index: Int) -> Bool {
        let window = bytes[max(0, index - 16)..<index]
        guard window.count >= 4 else { return false }
        for start in window.startIndex...(window.endIndex - 4) where PatternFinder.startsWith(bytes, start, imeiBytes) { return true }
        return false
    }

    static let imeiBytes = Array("imei".utf8)

    /// Whether the digits at `index` continue a number written just before them ("DE89 3704 ..."):
    /// such digits are part of something longer, not the start of a card number.
    static func continuesNumber(_ bytes: [UInt8], before index: Int) -> Bool {
        guard index >= 2, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x2D else { return false }
        return ASCIIClass.isDigit(bytes[index - 2])
    }
}
