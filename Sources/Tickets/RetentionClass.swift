public import Foundation

/// How long a kind of ticket keeps its personal data, in the style of DIN 66398:
/// a start event, a period, and what happens at its end.
public struct RetentionClass: Sendable, Hashable {
    /// When the period starts counting.
    public enum Start: String, Sendable, Hashable, CaseIterable {
        /// When the first mail arrived.
        case received
        /// When the ticket was closed.
        case ticketClosed = "ticket_closed"
        /// At the end of the calendar year in which the ticket was closed (HGB §257, AO §147).
        case endOfYearAfterClose = "end_of_year_after_close"
    }

    /// What happens when the period is over.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        /// The subject's key and personal data go; the ticket stays with its redacted text.
        case anonymize
        /// The ticket goes too.
        case erase
        /// Kept sealed, readable only through an explicit archive command.
        case restrict
    }

    public var name: String
    public var start: Start
    public var period: ISO8601Duration
    public var action: Action

    /// Makes a class.
    public init(name: String, start: Start, period: ISO8601Duration, action: Action) {
        self.name = name
        self.start = start
        self.period = period
        self.action = action
    }
}


extension RetentionClass {
    /// When the period ends for a ticket: nil while the start event has not happened (an open
    /// ticket of a class that counts from closing).
    ///
    /// `end_of_year_after_close` counts from the first moment of the calendar year after the one
    /// in which the ticket was closed (HGB §257(5), AO §147(4)), in the calendar passed in (its
    /// time zone is the controller's).
    public func dueDate(received: Date, closed: Date?, calendar: Calendar) -> Date? {
        let start: Date
        switch self.start {
        case .received:
            start = received
        case .ticketClosed:
            guard let closed else { return nil }
            start = closed
        case .endOfYearAfterClose:
            guard let closed else { return nil }
            let year = calendar.component(.year, from: closed)
            guard let newYear = calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1)) else { return nil }
            start = newYear
        }
        return period.added(to: start, in: calendar)
    }
}
