/// Who an outgoing mail is for, which decides how it is built and kept: the customer gets the
/// agent's own words at their own (sealed) address; a queue or a partner a pseudonymized copy at
/// an address from the configuration; a requester the letters of a data-subject request.
public enum RecipientKind: String, Sendable, Hashable, Codable, CaseIterable {
    case customer, queue, partner, requester
}
