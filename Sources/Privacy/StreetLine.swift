extension PatternFinder {
    /// The street line that ends right before the postcode line starting at word `position`, or
    /// nil: German-style, capitalised words (and particles) with the house number last ("Im Winkel
    /// 24", "An der Alten Mühle 122"), or English-style, the house number first ("41 Meadow
    /// View"). Street and postcode line are apart by a comma, a bar, a middle dot or a line end; a
    /// town may stand between them ("41 Meadow View, Leeds LS6 5RL").
    static func streetLine(before position: Int, _ text: String, _ words: [Range<String.Index>]) -> Range<String.Index>? {
        func gap(_ left: Int) -> Substring { text[words[left].upperBound..<words[left + 1].lowerBound] }
        func isCapitalised(_ index: Int) -> Bool { text[words[index]].first?.isUppercase == true }
        func isParticle(_ index: Int) -> Bool { streetParticles.contains(text[words[index]].lowercased()) }
        var end = position - 1
        guard end >= 0 else { return nil }
        if gap(end) == " " {
            // The town of a British postcode ("Leeds LS6 5RL").
            guard isCapitalised(end), end >= 1, isLineBreak(gap(end - 1)) else { return nil }
            end -= 1
        } else if !isLineBreak(gap(end)) {
            return nil
        }
        if isHouseNumber(String(text[words[end]])) {
            var first = end
            while first >= 1, end - first < 5, gap(first - 1) == " " || gap(first - 1) == "-",
                  isCapitalised(first - 1) || isParticle(first - 1) {
                first -= 1
            }
            // A lower-case particle at the start belongs to the sentence ("Lieferung an ...").
            while first < end, !isCapitalised(first) { first += 1 }
            guard first < end else { return nil }
            return words[first].lowerBound..<words[end].upperBound
        }
        var first = end
        while first >= 1, end - first < 3, gap(first - 1) == " ", isCapitalised(first) { first -= 1 }
        guard first < end, isCapitalised(first + 1), isHouseNumber(String(text[words[first]])) else { return nil }
        return words[first].lowerBound..<words[end].upperBound
    }

    /// A gap between words that parts an address's lines: a comma, a bar, a middle dot or a line end.
    static func isLineBreak(_ gap: Substring) -> Bool {
        gap.count <= 4 && gap.contains { $0 == "," || $0 == "|" || $0 == "·" || $0 == "\n" } && gap.allSatisfy { " ,|·\n\t".contains($0) }
    }

    /// Lower-case words inside German street names ("An der Alten Mühle", "Auf dem Berg").
    static let streetParticles: Set<String> = ["an", "am", "im", "in", "der", "die", "dem", "den", "auf", "zum", "zur", "vor", "unter", "hinter", "bei", "beim", "und", "von", "vom"]
}
