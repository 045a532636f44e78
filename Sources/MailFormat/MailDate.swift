public import Foundation

/// RFC 5322 date-times (§3.3) including the obsolete forms (§4.3) and common sender mistakes.
public enum MailDate {
    /// Parses a Date header value; nil for anything that is not a real point in time.
    ///
    /// Accepts an optional day name, 2- and 3-digit years (`25` is 2025, `99` is 1999, `125` is
    /// 2025), missing seconds, named zones (UT, GMT, the US zones, CET/CEST), military zone letters
    /// (read as +0000 because RFC 822 defined their signs backwards), comments, `+01:00`, and the
    /// asctime order `Mon Feb  3 10:00:00 2025`. A missing zone is read as UTC.
    public static func parse(_ value: String) -> Date? {
        let tokens = tokenize(value)
        var day: Int?
        var month: Int?
        var year: Int?
        var yearDigits = 0
        var time: (Int, Int, Int)?
        var offset: Int?
        for token in tokens {
            if token.utf8.contains(UInt8(ascii: ":")), time == nil, token.first?.isNumber == true {
                guard let parsed = parseTime(token) else { return nil }
                time = parsed.time
                if let zone = parsed.zone { offset = zone }
            } else if let first = token.first, first == "+" || first == "-", token.count > 1 {
                guard offset == nil, let zone = numericZone(token) else { return nil }
                offset = zone
            } else if token.allSatisfy(\.isNumber), token.count <= 4 {
                guard let number = Int(token) else { return nil }
                if day == nil, token.count <= 2, number >= 1, number <= 31, year == nil || month != nil {
                    day = number
                } else if year == nil {
                    year = number
                    yearDigits = token.count
                } else {
                    return nil
                }
            } else if token.allSatisfy(\.isLetter) {
                let lower = token.lowercased()
                if let m = months.firstIndex(where: { lower.hasPrefix($0) }), lower.count >= 3, month == nil {
                    month = m + 1
                } else if days.contains(where: { lower.hasPrefix($0) }), lower.count >= 3, time == nil {
                    continue
                } else if time != nil, offset == nil {
                    offset = namedZone(lower)
                } else if time != nil {
                    continue
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        guard let day, let month, var year, let (hour, minute, second) = time else { return nil }
        if yearDigits <= 2 { year += year < 50 ? 2000 : 1900 } else if yearDigits == 3 { year += 1900 }
        guard (1900...9999).contains(year), day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - (offset ?? 0)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Words of the value with comments removed; commas separate like white space.
    private static func tokenize(_ value: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var depth = 0
        for character in value.prefix(200) {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(0, depth - 1); continue }
            if depth > 0 { continue }
            if character.isWhitespace || character == "," {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// `hh:mm[:ss]`, optionally with a zone glued on (`10:00:00+0100`).
    private static func parseTime(_ token: String) -> (time: (Int, Int, Int), zone: Int?)? {
        var text = Substring(token)
        var zone: Int?
        if let sign = text.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let parsed = numericZone(String(text[sign...])) else { return nil }
            zone = parsed
            text = text[..<sign]
        }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count == 2 || pieces.count == 3,
              pieces.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(pieces[0]), let minute = Int(pieces[1]) else { return nil }
        let second = pieces.count == 3 ? Int(pieces[2]) : 0
        guard let second else { return nil }
        return ((hour, minute, second), zone)
    }

    /// `+hhmm`, `-hhmm`, `+hh:mm` or `+hh` as seconds east of UTC.
    private static func numericZone(_ token: String) -> Int? {
        guard let sign = token.first else { return nil }
        let digits = token.dropFirst().filter { $0 != ":" }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count == 4 || digits.count == 2,
              let number = Int(digits) else { return nil }
        let hours = digits.count == 4 ? number / 100 : number
        let minutes = digits.count == 4 ? number % 100 : 0
        guard hours <= 23, minutes <= 59 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == "-" ? -seconds : seconds
    }

    private static func namedZone(_ name: String) -> Int {
        switch name {
        case "edt": -4 * 3600
        case "est", "cdt": -5 * 3600
        case "cst", "mdt": -6 * 3600
        case "mst", "pdt": -7 * 3600
        case "pst": -8 * 3600
        case "cet", "mez", "bst", "met": 3600
        case "cest", "mesz", "eet": 7200
        case "eest": 3 * 3600
        // UT, GMT, UTC, Z, the military letters and unknown names: RFC 5322 §4.3 says -0000.
        default: 0
        }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's civil-date algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
