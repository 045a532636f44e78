/// Where a ticket stands in its life.
public enum TicketState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Received, being worked on by an agent or a queue.
    case open
    /// Waiting for an answer from outside (a partner or the customer).
    case waiting
    /// Closed: the retention clock runs from here.
    case closed
}
