/// Scanners for personal data that has a recognisable shape: e-mail addresses, phone numbers,
/// link parameters, and postal addresses (PostalAddressFinder.swift).
/// Hand-written scanners, linear in the text, no backtracking.
enum PatternFinder {
    /// `local@domain.tld` sequences.
    static func emailAddresses(in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var index = text.startIndex
        // "@" is found by its byte; a "@" that a combining mark joins is no "@" character and is passed over.
        while let at = text.utf8[index...].firstIndex(of: 0x40) {
            guard text[at] == "@" else {
                index = text.index(after: at)
                if index >= text.endIndex { break }
                continue
            }
            var start = at
            while start > text.startIndex, isLocalCharacter(text[text.index(before: start)]) { start = text.index(before: start) }
            var end = text.index(after: at)
            var sawDot = false
            while end < text.endIndex, isDomainCharacter(text[end]) {
                if text[end] == "." { sawDot = true }
                end = text.index(after: end)
            }
            // A trailing dot ends the sentence, not the domain.
            while end > text.index(after: at), text[text.index(before: end)] == "." { end = text.index(before: end) }
            if start < at, sawDot, text[text.index(after: at)..<end].contains(".") {
                found.append(start..<end)
            }
            index = end > at ? end : text.index(after: at)
            if index >= text.endIndex { break }
        }
        return found
    }

    static func isLocalCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || "._%+-'!#$&*/=?^`{|}~".contains(c)
    }

    static func isDomainCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "." || c == "-"
    }

    /// Phone numbers: a run that starts with `+`, `00`, `0` or `(0`, holds 7 to 15 digits, and uses
    /// only spaces, no-break spaces, `-`, en dashes, `/`, `(` and `)` between them; dots only after a
    /// `+` ("+49.30.263470"). North American numbers (`212-555-0146`, `(212) 555-0146`,
    /// `217.555.0168`) count by their shape: ten digits as 3-3-4 with area code and exchange
    /// starting 2-9. Not numbers: a run shaped like a date (`09/11/2025`, `2024-11-05`), and a
    /// German-looking one whose prefix no German number has (`012-513-2504`: numbers starting
    /// 01 are mobile, 015-017, or services, 018-019). A known number is found whatever its
    /// separators. Numbers are ASCII but for the separators, so this scans bytes.
    static func phoneNumbers(in text: String, known: String?) -> [Range<String.Index>] {
        let knownDigits = known.map { Array($0.utf8.filter(ASCIIClass.isDigit)) }.flatMap { $0.count >= 6 ? $0 : nil }
        let bytes = Array(text.utf8)
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            let first = bytes[index]
            let startsNumber = first == 0x2B || first == 0x28 || ASCIIClass.isDigit(first)
            guard startsNumber, index == 0 || !ASCIIClass.isWord(bytes[index - 1]) else { index += 1; continue }
            var digits: [UInt8] = []
            var groups: [Int] = []
            var separators: [UInt8] = []
            var cursor = index
            var end = index
            // The separators up to the last digit: those after it ("06/08/2024 datiert") are not
            // between the number's groups.
            var innerSeparators = 0
            while cursor < bytes.count, digits.count <= 15 {
                let byte = bytes[cursor]
                if ASCIIClass.isDigit(byte) {
                    if cursor == end, !groups.isEmpty, end > index { groups[groups.count - 1] += 1 } else { groups.append(1) }
                    digits.append(byte)
                    cursor += 1
                    end = cursor
                    innerSeparators = separators.count
                    continue
                }
                let length: Int
                if byte == 0x20 || byte == 0x2D || byte == 0x2F || byte == 0x28 || byte == 0x29 || (byte == 0x2B && cursor == index) {
                    length = 1
                } else if byte == 0x2E, first == 0x2B || digits.count == 3 || digits.count == 6 {
                    length = 1  // "+49.30.263470" or a North American "217.555.0168" (checked below)
                } else if byte == 0xC2, cursor + 1 < bytes.count, bytes[cursor + 1] == 0xA0 {
                    length = 2  // no-break space
                } else if byte == 0xE2, cursor + 2 < bytes.count, bytes[cursor + 1] == 0x80, bytes[cursor + 2] == 0x93 {
                    length = 3  // en dash
                } else if byte == 0x0A, ASCIIClass.isDigit(bytes[cursor - 1]) || bytes[cursor - 1] == 0x29, digits.count >= 2, !separators.contains(0x0A),
                          cursor + 1 < bytes.count, bytes[cursor + 1] != 0x0A {
                    length = 1  // a number wrapped at the end of a line, once
                } else {
                    break
                }
                if !digits.isEmpty { separators.append(byte) }
                cursor += length
            }
            separators.removeLast(separators.count - innerSeparators)
            let dotted = separators.contains(0x2E)
            let northAmerican = Self.isNorthAmerican(digits, groups)
            let plausibleStart = (first == 0x2B || (digits.first == 0x30 && Self.isPlausibleDomesticPrefix(digits, groups))) && (!dotted || first == 0x2B)
            let isKnown = knownDigits.map { known in
                let withoutZeros = digits.drop { $0 == 0x30 }
                let knownWithoutZeros = known.drop { $0 == 0x30 }
                return digits.count >= 6 && (known.reversed().starts(with: withoutZeros.reversed()) || digits.reversed().starts(with: knownWithoutZeros.reversed()))
            } ?? false
            if (7...15).contains(digits.count), plausibleStart || northAmerican || isKnown, !Self.isDateShaped(groups, separators),
               isKnown || !FactCue.precedes(bytes, index),
               end >= bytes.count || !ASCIIClass.isLetter(bytes[end]) {
                found.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return ASCIIClass.stringRanges(found, in: text)
    }

    /// 3-3-4 (or 1-3-3-4 with a leading 1) with area code and exchange starting 2-9.
    static func isNorthAmerican(_ digits: [UInt8], _ groups: [Int]) -> Bool {
        var digits = digits[...], groups = groups[...]
        if groups.first == 1, digits.first == 0x31 { digits = digits.dropFirst(); groups = groups.dropFirst() }
        guard Array(groups) == [3, 3, 4] else { return false }
        let area = digits[digits.startIndex], exchange = digits[digits.startIndex + 3]
        return area >= 0x32 && exchange >= 0x32
    }

    /// A number written with a leading 0: international (00), a German prefix that exists (01
    /// only as mobile 015-017 or services 018-019; 02-09 area codes), or a British 01 number.
    static func isPlausibleDomesticPrefix(_ digits: [UInt8], _ groups: [Int] = []) -> Bool {
        guard digits.count >= 3, digits[0] == 0x30 else { return false }
        if digits[1] != 0x31 { return true }
        // A British geographic number: eleven digits, the area code of four or five ("0117 496
        // 0016", "01632 960123") written apart.
        if digits.count == 11, let area = groups.first, (4...5).contains(area), groups.count >= 2 { return true }
        return (0x35...0x39).contains(digits[2])
    }

    /// Three groups separated alike, shaped d.m.y or y-m-d: a date, however much it looks like a number.
    static func isDateShaped(_ groups: [Int], _ separators: [UInt8]) -> Bool {
        guard groups.count == 3, separators.count == 2, separators[0] == separators[1], separators[0] != 0x20 else { return false }
        return (groups[0] <= 2 && groups[1] <= 2 && (groups[2] == 2 || groups[2] == 4)) || (groups[0] == 4 && groups[1] == 2 && groups[2] == 2)
    }

    /// The query and fragment of http(s) links (`?token=…&email=…`, `#…`): the part that identifies a
    /// person or a session. The site and path stay readable, so a department still sees which page.
    static func linkParameters(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        var found: [Range<Int>] = []
        var index = 0
        while index + 8 <= bytes.count {
            guard bytes[index] | 0x20 == 0x68, startsWith(bytes, index, httpBytes) || startsWith(bytes, index, httpsBytes) else { index += 1; continue }
            var end = index
            while end < bytes.count, bytes[end] > 0x20, bytes[end] != 0x3E, bytes[end] != 0x22, bytes[end] != 0x29 { end += 1 }
            // A sentence's full stop or comma after a link is not part of it.
            while end > index, [0x2E, 0x2C, 0x3B, 0x3A, 0x21].contains(bytes[end - 1]) { end -= 1 }
            if let parameters = bytes[index..<end].firstIndex(where: { $0 == 0x3F || $0 == 0x23 }), parameters + 1 < end {
                found.append(parameters..<end)
            }
            index = max(end, index + 1)
        }
        return ASCIIClass.stringRanges(found, in: text)
    }

    static let httpBytes = Array("http://".utf8)
    static let httpsBytes = Array("https://".utf8)

    /// Whether `wanted` (lower-case ASCII) stands at `index`, in any case.
    static func startsWith(_ bytes: [UInt8], _ index: Int, _ wanted: [UInt8]) -> Bool {
        guard index + wanted.count <= bytes.count else { return false }
        for (offset, byte) in wanted.enumerated() where bytes[index + offset] | 0x20 != byte | 0x20 { return false }
        return true
    }
}
