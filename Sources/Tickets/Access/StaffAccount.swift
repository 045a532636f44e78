/// A member of staff as the configuration names them (`[[staff]]`): who they are to the audit
/// trail, how the kernel knows them on the socket, and what they may reach.
public struct StaffAccount: Sendable, Hashable {
    /// The account name, as the audit trail records it (`staff:<name>`).
    public var name: String
    /// The Unix user the daemon's socket recognises them by (SO_PEERCRED).
    public var unixUser: String
    /// What they are to ticketd.
    public var role: StaffRole
    /// The queues whose tickets they work on; empty means every ticket (for roles that read tickets).
    public var queues: [String]
    /// A person, or an integration with an API token (which has no Unix user).
    public var kind: Kind

    /// Who holds an account.
    public enum Kind: Sendable, Hashable {
        /// A `[[staff]]` entry, known on the socket by its Unix user.
        case person
        /// An API token, known on the TLS listener by its secret.
        case token
    }

    /// Describes an account.
    public init(name: String, unixUser: String, role: StaffRole, queues: [String], kind: Kind = .person) {
        self.name = name
        self.unixUser = unixUser
        self.role = role
        self.queues = queues
        self.kind = kind
    }

    /// The audit trail's name for whoever acts with this account: `staff:<name>` or `token:<name>`.
    public var actor: Actor {
        get throws(Actor.Problem) { try Actor(kind == .token ? .token : .staff, name) }
    }

    /// Whether a ticket in `queue` (nil: in none yet) is within the account's queues.
    public func covers(queue: String?) -> Bool {
        queues.isEmpty || queue.map(queues.contains) ?? false
    }
}
