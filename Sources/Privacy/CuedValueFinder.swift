/// Values that only the words before them make personal: a date after "geb." or "born" is a birth
/// date, a number after "Kundennummer" or "customer no." is how the company knows the person.
/// The same date after "gekauft am" and the same number after "Bestellung" or "Seriennummer" are
/// plain facts and stay.
///
/// Linear scans over the UTF-8 bytes: a cue is recognised at a word start, case-insensitively;
/// between cue and value may stand separators (`:`, `.`, `#`, `-`, dashes, spaces, no-break
/// spaces) and up to three filler words ("am", "is", "lautet", "Nr."); only the value is replaced,
/// so that the copy still says what was there ("geb. [birth-date]").
enum CuedValueFinder {
    /// Dates after a birth cue: `geb. 12.09.74`, `geboren am 3. Mai 1981`, `Geburtsdatum: 1981-05-03`,
    /// `born 14 July 1979`, `DOB: 07/14/1979`, `date of birth: July 14, 1979`.
    static func birthDates(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        return ASCIIClass.stringRanges(values(in: bytes, cues: birthCueTable, value: date(in:at:)), in: text)
    }

    /// Numbers after a customer, contract or account cue: `Kd.-Nr. K-251010`, `Kundennummer
    /// 4711-0815`, `Vertragsnummer: V2024-5531`, `customer no. C-88213`, `account number 5531 2210`.
    static func referenceNumbers(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        return ASCIIClass.stringRanges(values(in: bytes, cues: referenceCueTable, value: reference(in:at:)), in: text)
    }

    /// Postcodes after their cue: `PLZ 80331`, `Postleitzahl 5020`, `zip code 78787`. With the
    /// street and town they are caught as an address; alone they still narrow a person down to a
    /// few streets.
    static func postcodes(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        return ASCIIClass.stringRanges(values(in: bytes, cues: postcodeCueTable, value: postcode(in:at:)), in: text)
    }

    /// Cues by their first byte (lower case), so that a word start is compared only with the
    /// cues it can begin: most words begin none.
    struct CueTable: Sendable {
        let byFirstByte: [[[UInt8]]]

        init(_ cues: [[UInt8]]) {
            var table = [[[UInt8]]](repeating: [], count: 256)
            // Longest first: "plz-bereich" before "plz", "customer no." before "customer no".
            for cue in cues.sorted(by: { $0.count > $1.count }) { table[Int(cue[0])].append(cue) }
            byFirstByte = table
        }

        func cues(startingWith byte: UInt8) -> [[UInt8]] {
            byFirstByte[Int(ASCIIClass.isUpper(byte) ? byte | 0x20 : byte)]
        }
    }

    static let expiryCues = ["gültig bis", "gueltig bis", "valid until", "valid thru", "valid through", "exp.", "exp", "expiry",
                             "expiry date", "expires", "expiration", "ablaufdatum", "ablauf", "läuft ab"].map { Array($0.utf8) }
    static let securityCodeCues = ["cvc", "cvv", "cvc2", "cvv2", "cvn", "cid", "prüfziffer", "pruefziffer", "prüfnummer",
                                   "kartenprüfnummer", "sicherheitscode", "security code", "card code", "card verification code"]
        .map { Array($0.utf8) }
    static let expiryCueTable = CueTable(expiryCues)
    static let securityCodeCueTable = CueTable(securityCodeCues)
    static let birthCueTable = CueTable(birthCues)
    static let referenceCueTable = CueTable(referenceCues)
    static let postcodeCueTable = CueTable(["plz", "postleitzahl", "postcode", "post code", "postal code", "zip", "zip code",
                                            "zipcode", "code postal", "plz-bereich", "plz-gebiet", "postleitzahlbereich",
                                            "postleitzahlgebiet", "area around", "postcode area", "zip code area"].map { Array($0.utf8) })

    /// A card's expiry and security code after their cue: `gültig bis 09/27`, `exp. 11/2026`,
    /// `Prüfziffer 123`, `CVC: 4821`. A card number alone is not enough to pay with; with these it is.
    static func cardDetails(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        return ASCIIClass.stringRanges(values(in: bytes, cues: expiryCueTable, value: expiry(in:at:))
            + values(in: bytes, cues: securityCodeCueTable, value: securityCode(in:at:)), in: text)
    }

    // MARK: - Cues

    /// Lower-case ASCII; a trailing "." or "-" is part of the cue ("geb.", "kd.-nr.").
    static let birthCues = ["geb.", "geboren", "geburtsdatum", "geb.-datum", "born", "dob", "d.o.b.", "date of birth",
                            "birth date", "birthdate", "date de naissance"].map { Array($0.utf8) }
    static let referenceCues = [
        "kd.-nr.", "kd.nr.", "kd-nr.", "kdnr.", "kd.-nr", "kdnr", "kd. nr.", "kunden-nr.", "kundennr.", "kunden-nr", "kundennr", "kunden nr.",
        "kundennummer",
        "kunden-nummer", "vertragsnummer", "vertrags-nr.", "vertragsnr.", "vertragsnr", "mitgliedsnummer", "mitglieds-nr.",
        "versicherungsnummer", "versichertennummer", "kontonummer", "customer no.", "customer no", "customer number",
        "customer id", "customer #", "customer ref", "account number", "account no.", "account no", "contract number",
        "contract no.", "membership number", "membership no.", "membership no", "member no.", "member number", "member id",
        "mitgliedsnr.", "mitglieds-nr", "mitgliedsnr", "policy number", "vertragskonto", "vertragskontonummer", "kundenkonto",
        "customer account", "account ref",
    ].map { Array($0.utf8) }
    /// Words that may stand between a cue and its value.
    static let fillers = ["am", "on", "the", "den", "is", "ist", "lautet", "nr", "no", "number", "nummer", "in", "im", "my", "meine",
                          "von", "of"].map { Array($0.utf8) }

    /// Every value that `value` finds after a cue; `value` returns the value's end, or nil.
    private static func values(in bytes: [UInt8], cues: CueTable, value: ([UInt8], Int) -> Int?) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            let candidates = cues.cues(startingWith: bytes[index])
            guard !candidates.isEmpty, index == 0 || !ASCIIClass.isWord(bytes[index - 1]),
                  let cueEnd = candidates.lazy.compactMap({ cueEnd(bytes, index, $0) }).first else {
                index += 1
                continue
            }
            guard let start = valueStart(bytes, after: cueEnd), let end = value(bytes, start) else {
                index = cueEnd
                continue
            }
            found.append(start..<end)
            index = end
        }
        return found
    }

    /// The end of `cue` at `index`, in any case, when the cue ends a word there.
    private static func cueEnd(_ bytes: [UInt8], _ index: Int, _ cue: [UInt8]) -> Int? {
        guard PatternFinder.startsWith(bytes, index, cue) else { return nil }
        let end = index + cue.count
        // "geboren" must not match inside "geborene" but "geb." ends with its dot anyway.
        if let last = cue.last, ASCIIClass.isWord(last), end < bytes.count, ASCIIClass.isWord(bytes[end]) { return nil }
        return end
    }

    /// Where the value starts: after separators and at most three filler words, within 40 bytes.
    private static func valueStart(_ bytes: [UInt8], after cueEnd: Int) -> Int? {
        var index = cueEnd
        var fillersSeen = 0
        while index < bytes.count, index - cueEnd <= 40 {
            let byte = bytes[index]
            // A line end too: mails wrap between a cue and its value ("gültig bis\n07/31").
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x3A || byte == 0x2E || byte == 0x23 || byte == 0x2D || byte == 0x2C {
                index += 1
            } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                index += 2  // no-break space
            } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, (0x90...0x95).contains(bytes[index + 2]) {
                index += 3  // dashes
            } else if ASCIIClass.isLetter(byte), byte < 0x80, fillersSeen < 3,
                      let filler = fillers.first(where: { filler in
                          PatternFinder.startsWith(bytes, index, filler)
                              && (index + filler.count >= bytes.count || !ASCIIClass.isWord(bytes[index + filler.count]))
                      }) {
                index += filler.count
                fillersSeen += 1
            } else {
                return ASCIIClass.isWord(byte) ? index : nil
            }
        }
        return nil
    }

    // MARK: - Values

    /// The end of a date at `start`, or nil: numeric (`12.09.74`, `07/14/1979`), ISO
    /// (`1981-05-03`), or with a month name (`3. Mai 1981`, `14 July 1979`, `July 14, 1979`).
    static func date(in bytes: [UInt8], at start: Int) -> Int? {
        if let (first, afterFirst) = number(bytes, start, maximumDigits: 4) {
            let digits = afterFirst - start
            if digits == 4 {
                // ISO: yyyy-mm-dd
                guard afterFirst < bytes.count, bytes[afterFirst] == 0x2D,
                      let (month, afterMonth) = number(bytes, afterFirst + 1, maximumDigits: 2), (1...12).contains(month),
                      afterMonth < bytes.count, bytes[afterMonth] == 0x2D,
                      let (day, afterDay) = number(bytes, afterMonth + 1, maximumDigits: 2), (1...31).contains(day) else { return nil }
                return endOfToken(bytes, afterDay)
            }
            guard (1...31).contains(first) else { return nil }
            // Numeric: d.m.y, d/m/y, m/d/y, d-m-y.
            if afterFirst < bytes.count, [0x2E, 0x2F, 0x2D].contains(bytes[afterFirst]),
               let (second, afterSecond) = number(bytes, afterFirst + 1, maximumDigits: 2), (1...31).contains(second),
               afterSecond < bytes.count, [0x2E, 0x2F, 0x2D].contains(bytes[afterSecond]),
               let (_, afterYear) = number(bytes, afterSecond + 1, maximumDigits: 4), [2, 4].contains(afterYear - afterSecond - 1) {
                return endOfToken(bytes, afterYear)
            }
            // Day, month name, year: "3. Mai 1981", "14 July 1979".
            var index = afterFirst
            if index < bytes.count, bytes[index] == 0x2E { index += 1 }
            index = skipSpaces(bytes, index)
            guard let afterMonth = monthName(bytes, index) else { return nil }
            index = skipSpaces(bytes, afterMonth)
            guard let (_, afterYear) = number(bytes, index, maximumDigits: 4), afterYear - index == 4 else { return nil }
            return endOfToken(bytes, afterYear)
        }
        // Month name, day, year: "July 14, 1979".
        guard let afterMonth = monthName(bytes, start) else { return nil }
        var index = skipSpaces(bytes, afterMonth)
        guard let (day, afterDay) = number(bytes, index, maximumDigits: 2), (1...31).contains(day) else { return nil }
        index = afterDay
        if index < bytes.count, bytes[index] == 0x2C || bytes[index] == 0x2E { index += 1 }
        index = skipSpaces(bytes, index)
        guard let (_, afterYear) = number(bytes, index, maximumDigits: 4), afterYear - index == 4 else { return nil }
        return endOfToken(bytes, afterYear)
    }

    /// The end of a customer-style reference at `start`, or nil: letters, digits and inner
    /// `-`, `/`, `.` with at least three digits, up to 30 bytes; a group of digits after a space
    /// belongs to it ("5531 2210"), and so do the digits after a prefix of up to three letters ("KD 711057").
    static func reference(in bytes: [UInt8], at start: Int) -> Int? {
        var index = start
        var digits = 0
        while index < bytes.count, index - start < 30 {
            let byte = bytes[index]
            if byte == 0x20, digits == 0, index - start <= 3, index + 1 < bytes.count, ASCIIClass.isDigit(bytes[index + 1]) {
                index += 1
            } else if ASCIIClass.isDigit(byte) {
                digits += 1
                index += 1
            } else if byte < 0x80, ASCIIClass.isLetter(byte) {
                index += 1
            } else if [0x2D, 0x2F, 0x2E].contains(byte), index + 1 < bytes.count, bytes[index + 1] < 0x80, ASCIIClass.isWord(bytes[index + 1]) {
                index += 1
            } else if byte == 0x20, digits > 0, index + 1 < bytes.count, ASCIIClass.isDigit(bytes[index + 1]),
                      let (_, groupEnd) = number(bytes, index + 1, maximumDigits: 8), groupEnd - index - 1 >= 3,
                      groupEnd >= bytes.count || !ASCIIClass.isWord(bytes[groupEnd]) {
                digits += groupEnd - index - 1
                index = groupEnd
            } else {
                break
            }
        }
        guard digits >= 3, index >= bytes.count || !ASCIIClass.isWord(bytes[index]) else { return nil }
        return index
    }

    /// The end of a postcode at `start`: four or five digits standing alone.
    static func postcode(in bytes: [UInt8], at start: Int) -> Int? {
        guard let (_, end) = number(bytes, start, maximumDigits: 5), (4...5).contains(end - start) else { return nil }
        return endOfToken(bytes, end)
    }

    /// The end of an expiry month at `start`: `mm/yy` or `mm/yyyy` (also with "-" or "."), month 1-12.
    static func expiry(in bytes: [UInt8], at start: Int) -> Int? {
        guard let (month, afterMonth) = number(bytes, start, maximumDigits: 2), (1...12).contains(month),
              afterMonth < bytes.count, [0x2F, 0x2D, 0x2E].contains(bytes[afterMonth]),
              let (_, afterYear) = number(bytes, afterMonth + 1, maximumDigits: 4), [2, 4].contains(afterYear - afterMonth - 1) else { return nil }
        return endOfToken(bytes, afterYear)
    }

    /// The end of a security code at `start`: three or four digits standing alone.
    static func securityCode(in bytes: [UInt8], at start: Int) -> Int? {
        guard let (_, end) = number(bytes, start, maximumDigits: 4), (3...4).contains(end - start) else { return nil }
        return endOfToken(bytes, end)
    }

    static let monthNames = [
        "januar", "jänner", "februar", "märz", "maerz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
        "dezember", "january", "february", "march", "may", "june", "july", "october", "december",
        "jan", "feb", "mär", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dez", "dec",
    ].map { Array($0.utf8) }.sorted { $0.count > $1.count }

    /// The end of a month name (full or abbreviated, with an optional "."), or nil.
    private static func monthName(_ bytes: [UInt8], _ index: Int) -> Int? {
        for name in monthNames where startsWithFolded(bytes, index, name) {
            var end = index + name.count
            if end < bytes.count, ASCIIClass.isWord(bytes[end]) { continue }
            if end < bytes.count, bytes[end] == 0x2E { end += 1 }
            return end
        }
        return nil
    }

    /// `wanted` (lower case) at `index`: ASCII in any case, other bytes as they are, except that
    /// "Ä" (C3 84) matches "ä" (C3 A4).
    private static func startsWithFolded(_ bytes: [UInt8], _ index: Int, _ wanted: [UInt8]) -> Bool {
        guard index + wanted.count <= bytes.count else { return false }
        for (offset, expected) in wanted.enumerated() {
            let byte = bytes[index + offset]
            if byte == expected { continue }
            if expected < 0x80, byte < 0x80, byte | 0x20 == expected { continue }
            if offset > 0, bytes[index + offset - 1] == 0xC3, byte | 0x20 == expected { continue }
            return false
        }
        return true
    }

    /// A number of 1 to `maximumDigits` digits at `index` (not followed by another digit): its
    /// value and end.
    private static func number(_ bytes: [UInt8], _ index: Int, maximumDigits: Int) -> (Int, Int)? {
        var value = 0
        var end = index
        while end < bytes.count, ASCIIClass.isDigit(bytes[end]), end - index < maximumDigits {
            value = value * 10 + Int(bytes[end] - 0x30)
            end += 1
        }
        guard end > index, end >= bytes.count || !ASCIIClass.isDigit(bytes[end]) else { return nil }
        return (value, end)
    }

    private static func skipSpaces(_ bytes: [UInt8], _ index: Int) -> Int {
        var index = index
        while index < bytes.count {
            if bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } else if bytes[index] == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 { index += 2 } else { break }
        }
        return index
    }

    /// `index` when no letter or digit follows (a date does not run into a word), else nil.
    private static func endOfToken(_ bytes: [UInt8], _ index: Int) -> Int? {
        index >= bytes.count || !ASCIIClass.isWord(bytes[index]) ? index : nil
    }
}
