/// What a redacted text still holds that looks like personal data the redactor could not explain:
/// the safety net under the detectors. A copy whose risk reaches the configured threshold is held
/// for an agent instead of being sent.
///
/// Three signs, counted without keeping any value: long digit runs that no fact cue explains (a
/// phone or account number in a shape no pattern knew), what is left of an e-mail address (an "@"
/// or "(at)"), and a form of address followed by a capitalised word that is no placeholder ("Frau
/// Kowalczyk" where the name finder found no name).
public struct ResidualRisk: Sendable, Hashable {
    /// Runs of seven digits or more (spaces, "-", "/", "." between them) with no fact cue before.
    public var digitRuns = 0
    /// "@", "(at)" or "[at]" left in the text.
    public var addressSigns = 0
    /// "Herr", "Frau", "Mr", "Mrs", "Ms", "Dr." followed by a capitalised word.
    public var formsOfAddress = 0

    public init(digitRuns: Int = 0, addressSigns: Int = 0, formsOfAddress: Int = 0) {
        self.digitRuns = digitRuns
        self.addressSigns = addressSigns
        self.formsOfAddress = formsOfAddress
    }

    /// One point per sign.
    public var score: Int { digitRuns + addressSigns + formsOfAddress }

    /// The signs in words, for the hold reason and the preview ("2 unexplained digit runs").
    public var summary: String {
        var parts: [String] = []
        if digitRuns > 0 { parts.append("\(digitRuns) unexplained digit run\(digitRuns == 1 ? "" : "s")") }
        if addressSigns > 0 { parts.append("\(addressSigns) address sign\(addressSigns == 1 ? "" : "s") (@, (at))") }
        if formsOfAddress > 0 { parts.append("\(formsOfAddress) form\(formsOfAddress == 1 ? "" : "s") of address before a capitalised word") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// The signs in `redacted`, a text the redactor produced.
    public static func of(_ redacted: String) -> ResidualRisk {
        let bytes = Array(redacted.utf8)
        var risk = ResidualRisk()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x40 {
                risk.addressSigns += 1
            } else if byte == 0x28 || byte == 0x5B, PatternFinder.startsWith(bytes, index + 1, Array("at".utf8)),
                      index + 3 < bytes.count, bytes[index + 3] == 0x29 || bytes[index + 3] == 0x5D {
                risk.addressSigns += 1
            } else if ASCIIClass.isDigit(byte), index == 0 || !ASCIIClass.isWord(bytes[index - 1]) {
                let end = digitRunEnd(bytes, from: index)
                let digits = bytes[index..<end.end].filter(ASCIIClass.isDigit).count
                // Codes joined to letters ("EB-2026-960725", "1Z4410582") are references; dates
                // ("09.04.2025", "06/28/2025") are dates.
                if digits >= 7, !end.joinedToLetter, CuedValueFinder.date(in: bytes, at: index) != end.end, !FactCue.precedes(bytes, index) {
                    risk.digitRuns += 1
                }
                index = end.end
                continue
            } else if ASCIIClass.isUpper(byte), index == 0 || !ASCIIClass.isWord(bytes[index - 1]), let after = formOfAddressEnd(bytes, index) {
                // A title between ("Herr Dr. [name]") is passed over.
                var name = after
                while let title = titles.first(where: { PatternFinder.startsWith(bytes, name, $0) }) { name += title.count }
                if name < bytes.count, bytes[name] != 0x5B, isCapitalised(bytes, name) { risk.formsOfAddress += 1 }
                index = name
                continue
            }
            index += 1
        }
        return risk
    }

    /// The end of a run of digits and inner separators, and whether a letter touches it.
    private static func digitRunEnd(_ bytes: [UInt8], from start: Int) -> (end: Int, joinedToLetter: Bool) {
        var index = start
        var end = start
        while index < bytes.count {
            let byte = bytes[index]
            if ASCIIClass.isDigit(byte) {
                index += 1
                end = index
            } else if byte == 0x20 || byte == 0x2D || byte == 0x2F || byte == 0x2E, index + 1 < bytes.count, ASCIIClass.isDigit(bytes[index + 1]) {
                index += 1
            } else {
                break
            }
        }
        let joined = (end < bytes.count && ASCIIClass.isLetter(bytes[end])) || (start > 1 && bytes[start - 1] == 0x2D && ASCIIClass.isLetter(bytes[start - 2]))
        return (end, joined)
    }

    static let titles = ["dr. ", "prof. ", "dipl.-ing. ", "mag. "].map { Array($0.utf8) }
    static let formsOfAddress = ["herr ", "herrn ", "frau ", "mr ", "mr. ", "mrs ", "mrs. ", "ms ", "ms. ", "dr. "].map { Array($0.utf8) }

    /// The index after a form of address and its space at `index`, or nil.
    private static func formOfAddressEnd(_ bytes: [UInt8], _ index: Int) -> Int? {
        formsOfAddress.first { PatternFinder.startsWith(bytes, index, $0) }.map { index + $0.count }
    }

    /// An upper-case ASCII letter or a two-byte upper-case Latin letter (Ä, Ö, Ü, ...) and a lower-case one after it.
    private static func isCapitalised(_ bytes: [UInt8], _ index: Int) -> Bool {
        let first = bytes[index]
        let upper = ASCIIClass.isUpper(first) || (first == 0xC3 && index + 1 < bytes.count && (0x80...0x9E).contains(bytes[index + 1]))
        let nextIndex = index + (first < 0x80 ? 1 : 2)
        guard upper, nextIndex < bytes.count else { return false }
        let next = bytes[nextIndex]
        return (0x61...0x7A).contains(next) || next == 0xC3
    }
}
