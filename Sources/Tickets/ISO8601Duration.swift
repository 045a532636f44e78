public import Foundation

/// A period written in ISO 8601 form (`P90D`, `PT30S`, `P1Y6M`, `P2W`), as the configuration uses it.
///
/// Calendar parts (years, months, days) stay separate from clock parts, so that "P1M" after
/// 31 January is the end of February and "P1Y" is a calendar year, as retention law counts.
public struct ISO8601Duration: Sendable, Hashable, CustomStringConvertible {
    public var years: Int
    public var months: Int
    public var weeks: Int
    public var days: Int
    public var hours: Int
    public var minutes: Int
    public var seconds: Int
    /// The text it was parsed from.
    public let text: String

    /// Why a duration was refused.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case missingP
        case noComponents
        case unexpected(Character, position: Int)
        case missingNumber(designator: Character)
        case numberWithoutDesignator
        case duplicate(Character)
        case outOfOrder(Character)
        case emptyTimePart
        case tooLarge

        public var description: String {
            switch self {
            case .empty: "it is empty"
            case .missingP: "it must start with 'P'"
            case .noComponents: "it has no components after 'P'"
            case .unexpected(let c, let position): "'\(c)' at position \(position + 1) is not allowed"
            case .missingNumber(let d): "'\(d)' must follow a number"
            case .numberWithoutDesignator: "it ends in a number without a unit (Y, M, W, D, H, M or S)"
            case .duplicate(let d): "'\(d)' appears twice"
            case .outOfOrder(let d): "'\(d)' is out of order (the order is Y M W D, then T H M S)"
            case .emptyTimePart: "'T' must be followed by hours, minutes or seconds"
            case .tooLarge: "a component is too large"
            }
        }
    }

    /// Parses the ISO 8601 duration format `PnYnMnWnDTnHnMnS` (whole numbers; any part may be left out).
    public init(parsing text: String) throws(Problem) {
        self.text = text
        years = 0; months = 0; weeks = 0; days = 0; hours = 0; minutes = 0; seconds = 0
        let characters = Array(text)
        guard !characters.isEmpty else { throw .empty }
        guard characters[0] == "P" else { throw .missingP }
        let dateOrder: [Character] = ["Y", "M", "W", "D"]
        let timeOrder: [Character] = ["H", "M", "S"]
        var inTime = false
        var sawTimeComponent = false
        var lastIndexInOrder = -1
        var number: Int?
        var components = 0
        var index = 1
        while index < characters.count {
            let c = characters[index]
            if let digit = c.wholeNumberValue, c.isASCII {
                let (times, o1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(digit)
                if o1 || o2 || sum > 1_000_000 { throw .tooLarge }
                number = sum
            } else if c == "T" {
                if inTime { throw .duplicate("T") }
                if number != nil { throw .numberWithoutDesignator }
                inTime = true
                lastIndexInOrder = -1
            } else {
                let order = inTime ? timeOrder : dateOrder
                guard let position = order.firstIndex(of: c) else { throw .unexpected(c, position: index) }
                guard let value = number else { throw .missingNumber(designator: c) }
                if position == lastIndexInOrder { throw .duplicate(c) }
                if position < lastIndexInOrder { throw .outOfOrder(c) }
                lastIndexInOrder = position
                switch (inTime, c) {
                case (false, "Y"): years = value
                case (false, "M"): months = value
                case (false, "W"): weeks = value
                case (false, "D"): days = value
                case (true, "H"): hours = value
                case (true, "M"): minutes = value
                default: seconds = value
                }
                if inTime { sawTimeComponent = true }
                components += 1
                number = nil
            }
            index += 1
        }
        if number != nil { throw .numberWithoutDesignator }
        if inTime && !sawTimeComponent { throw .emptyTimePart }
        if components == 0 { throw .noComponents }
    }

    public var description: String { text }

    /// True when every component is zero (`PT0S`).
    public var isZero: Bool {
        years == 0 && months == 0 && weeks == 0 && days == 0 && hours == 0 && minutes == 0 && seconds == 0
    }

    /// True when the duration has only fixed-length parts (weeks, days, hours, minutes, seconds).
    public var hasFixedLength: Bool { years == 0 && months == 0 }

    /// The length in seconds for durations without years or months (poll intervals, back-off);
    /// nil when the length depends on the calendar.
    public var fixedSeconds: Int? {
        guard hasFixedLength else { return nil }
        return ((weeks * 7 + days) * 24 + hours) * 3600 + minutes * 60 + seconds
    }

    /// The point in time this long after `date`, counted in the given calendar.
    public func added(to date: Date, in calendar: Calendar) -> Date? {
        var parts = DateComponents()
        parts.year = years
        parts.month = months
        parts.day = weeks * 7 + days
        parts.hour = hours
        parts.minute = minutes
        parts.second = seconds
        return calendar.date(byAdding: parts, to: date)
    }

    /// The moment this long before `date` (for cut-offs: "older than the period").
    public func subtracted(from date: Date, in calendar: Calendar) -> Date? {
        var parts = DateComponents()
        parts.year = -years
        parts.month = -months
        parts.day = -(weeks * 7 + days)
        parts.hour = -hours
        parts.minute = -minutes
        parts.second = -seconds
        return calendar.date(byAdding: parts, to: date)
    }
}
