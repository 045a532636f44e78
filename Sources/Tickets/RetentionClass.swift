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
