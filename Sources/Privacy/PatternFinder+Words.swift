/// Words and how they stand to each other, for the shape finders: scalar by scalar, no grapheme
/// breaking needed.
extension PatternFinder {
    /// Whether the word is joined to the one before by "-" or "/" ("VG-39021", "RMA-71039").
    static func isJoinedToWord(_ text: String, before word: Range<String.Index>) -> Bool {
        guard word.lowerBound > text.startIndex else { return false }
        let joiner = text.index(before: word.lowerBound)
        guard text[joiner] == "-" || text[joiner] == "/", joiner > text.startIndex else { return false }
        return text[text.index(before: joiner)].isLetter || text[text.index(before: joiner)].isNumber
    }

    static func areAdjacent(_ text: String, _ a: Range<String.Index>, _ b: Range<String.Index>) -> Bool {
        text[a.upperBound..<b.lowerBound].allSatisfy { $0 == " " || $0 == "." || $0 == "," }
            && text.distance(from: a.upperBound, to: b.lowerBound) <= 3
    }

    /// Words of letters and digits, found scalar by scalar (no grapheme breaking needed here).
    static func wordRanges(_ text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start: String.Index?
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let isWord = scalar.value < 0x80
                ? ASCIIClass.isWord(UInt8(scalar.value))
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWord {
                if start == nil { start = index }
            } else if let s = start {
                ranges.append(s..<index)
                start = nil
            }
            index = scalars.index(after: index)
        }
        if let s = start { ranges.append(s..<text.endIndex) }
        return ranges
    }
}
