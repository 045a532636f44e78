/// Where an outgoing mail stands: waiting to be sent (or retried), held for an agent, accepted
/// by the server, or given up (a 5xx, a bounce, too many attempts).
public enum OutboxState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, held, sent, failed
}
