public import Foundation

/// An API token as the daemon keeps it (issue 17): how an integration — a CRM, an ERP, an online
/// portal — comes in over the TLS listener. It stands for an account of its own (`token:<name>`
/// in the audit trail) with a role and queues like a member of staff's, and it ends: at
/// `expiresAt`, or when an administrator revokes it. The secret itself is never kept.
public struct APIToken: Sendable, Hashable {
    /// The token's name, which the audit trail records (`token:<name>`).
    public var name: String
    /// What the integration may see and do, decided by ``AccessPolicy`` as for a person.
    public var role: StaffRole
    /// The queues whose tickets it reaches; empty means every ticket.
    public var queues: [String]
    /// When it was made, and by whom (an actor's stored form).
    public var createdAt: Date
    public var createdBy: String
    /// The moment after which it is refused.
    public var expiresAt: Date
    /// When it was revoked, if it was.
    public var revokedAt: Date?

    /// Describes a token.
    public init(name: String, role: StaffRole, queues: [String], createdAt: Date, createdBy: String, expiresAt: Date, revokedAt: Date? = nil) {
        self.name = name
        self.role = role
        self.queues = queues
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// The longest a token may live: a year. A credential in a partner's configuration file
    /// outlives the people who put it there; a forced renewal is when someone looks again.
    public static let longestLife: TimeInterval = 366 * 86_400

    /// The account the token acts as, if it stands at `now`; else why not.
    public func account(at now: Date) throws(AccessDenial) -> StaffAccount {
        if revokedAt != nil { throw .tokenRevoked(name: name) }
        guard now < expiresAt else { throw .tokenExpired(name: name, at: expiresAt) }
        return StaffAccount(name: name, unixUser: "", role: role, queues: queues, kind: .token)
    }

    /// Whether it would be accepted at `now`.
    public func stands(at now: Date) -> Bool { revokedAt == nil && now < expiresAt }
}
