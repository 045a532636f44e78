public import MailFormat

/// An internal team that tickets are assigned to; it receives pseudonymized copies by mail.
public struct Queue: Sendable, Hashable {
    /// The short name used on the command line (`ticket assign --queue tv`).
    public var name: String
    /// The team's mailbox.
    public var address: EmailAddress
    /// What the team may see: ``Role/department`` or ``Role/marketing``.
    public var role: Role

    /// Makes a queue entry.
    public init(name: String, address: EmailAddress, role: Role) {
        self.name = name
        self.address = address
        self.role = role
    }
}
