/// What a member of staff is to ticketd (`[[staff]] role`), which decides what the daemon lets
/// them see and do (DESIGN §3, invariant 9). A role is not a view: a department member asks for
/// the department's view and cannot ask for more.
public enum StaffRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Support staff: the whole ticket and every action on the tickets of their queues.
    case agent
    /// An internal department: the pseudonymized view of its queues' tickets.
    case department
    /// Marketing: customers whose marketing consent stands, pseudonymized, and counts.
    case marketing
    /// The data-protection officer: register, audit trail, requests and the subjects' rights;
    /// no ticket text.
    case dpo
    /// Operations: status, sweeps, tokens, files to take in; no ticket text.
    case admin

    /// The ticket view the role reads, if it reads tickets at all.
    public var ticketView: Role? {
        switch self {
        case .agent: .agent
        case .department: .department
        case .marketing: .marketing
        case .dpo, .admin: nil
        }
    }
}
