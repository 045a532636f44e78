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

    /// Describes an account.
    public init(name: String, unixUser: String, role: StaffRole, queues: [String]) {
        self.name = name
        self.unixUser = unixUser
        self.role = role
        self.queues = queues
    }

    /// Whether a ticket in `queue` (nil: in none yet) is within the account's queues.
    public func covers(queue: String?) -> Bool {
        queues.isEmpty || queue.map(queues.contains) ?? false
    }
}
