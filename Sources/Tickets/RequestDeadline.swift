public import Foundation

/// When a data-subject request must be answered: one month after receipt (GDPR Art. 12(3)), or
/// two further months once extended.
///
/// Months are counted as EU Regulation 1182/71 Art. 3 counts them: the day of receipt is not
/// counted, and the period ends at the end of the day in the following month that has the same
/// day-of-month, or at the end of that month's last day when it has no such day (received 31 January,
/// due at the end of 28 or 29 February). The extension is counted the same way from the end of the
/// first month (due 28 February, extended to 28 April): never later than three months from receipt,
/// the reading that keeps the controller on the safe side.
///
/// Days are the days of the calendar passed in, whose time zone is the controller's.
public struct RequestDeadline: Sendable, Hashable, Codable {
    /// Where a request stands against its deadline at a given moment.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Before the last day.
        case open
        /// On the last day.
        case dueToday = "due_today"
        /// After the last day.
        case overdue
    }

    /// When the request arrived.
    public var received: Date
    /// Whether the two further months were taken (Art. 12(3) sentence 2); once only.
    public var isExtended: Bool

    /// A deadline for a request received at `received`.
    public init(received: Date, isExtended: Bool = false) {
        self.received = received
        self.isExtended = isExtended
    }

    /// The same deadline with the two further months.
    public func extended() -> RequestDeadline {
        RequestDeadline(received: received, isExtended: true)
    }

    /// The first moment of the last day on which the answer is in time.
    public func lastDay(in calendar: Calendar) -> Date {
        let receivedDay = calendar.startOfDay(for: received)
        let oneMonth = Self.sameDay(monthsLater: 1, than: receivedDay, in: calendar)
        return isExtended ? Self.sameDay(monthsLater: 2, than: oneMonth, in: calendar) : oneMonth
    }

    /// The first moment at which the request is overdue: the start of the day after the last day.
    public func due(in calendar: Calendar) -> Date {
        let last = lastDay(in: calendar)
        // A calendar day, not 86 400 seconds: the last day may be 23 or 25 hours long (daylight saving time).
        return calendar.date(byAdding: .day, value: 1, to: last) ?? last.addingTimeInterval(86_400)
    }

    /// Where the request stands at `now`.
    public func state(at now: Date, in calendar: Calendar) -> State {
        if now < lastDay(in: calendar) { return .open }
        if now < due(in: calendar) { return .dueToday }
        return .overdue
    }

    /// The start of the day `months` later with the same day-of-month, or of that month's last day
    /// when it is shorter.
    static func sameDay(monthsLater months: Int, than day: Date, in calendar: Calendar) -> Date {
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day,
              let firstOfTarget = calendar.date(from: DateComponents(year: year, month: month + months, day: 1)),
              let length = calendar.range(of: .day, in: .month, for: firstOfTarget)?.count
        else {
            // Unreachable with a Gregorian calendar; falling back to the calendar's own month arithmetic.
            return calendar.date(byAdding: .month, value: months, to: day) ?? day
        }
        var target = calendar.dateComponents([.year, .month], from: firstOfTarget)
        target.day = min(dayOfMonth, length)
        return calendar.date(from: target).map { calendar.startOfDay(for: $0) } ?? firstOfTarget
    }
}
