public import Foundation

/// Why the daemon refused a member of staff, each with what would change the answer. The text
/// names accounts, roles, queues and ticket numbers only, so that it can go into the audit
/// trail (`access.denied`) and to the caller as it is.
public enum AccessDenial: Error, Sendable, Hashable, CustomStringConvertible {
    /// The role never does this.
    case roleMayNot(account: String, role: StaffRole, operation: StaffOperation)
    /// The role reads tickets, but only in its own view.
    case viewBeyondRole(account: String, role: StaffRole, asked: Role)
    /// The ticket is in a queue the account does not work on (or in none yet).
    case outsideQueues(account: String, ticket: Int64, queue: String?, queues: [String])
    /// The Unix user on the socket has no `[[staff]]` entry.
    case noAccount(unixUser: String)
    /// A bearer token the daemon does not know (mistyped, cut short, or never made here).
    case unknownToken
    /// The API token was revoked.
    case tokenRevoked(name: String)
    /// The API token's time ran out.
    case tokenExpired(name: String, at: Date)

    public var description: String {
        switch self {
        case .roleMayNot(let account, let role, let operation):
            "\(account) (role \(role.rawValue)) may not \(operation): ask a member of staff whose role does it, "
                + "or an administrator to change the account's role in [[staff]]"
        case .viewBeyondRole(let account, let role, let asked):
            "\(account) (role \(role.rawValue)) reads tickets in the \(role.ticketView?.rawValue ?? "no") view only, not the \(asked.rawValue) view: "
                + "leave out --as, or ask an agent"
        case .outsideQueues(let account, let ticket, let queue, let queues):
            "ticket \(ticket) is \(queue.map { "in queue \($0)" } ?? "in no queue yet"), and \(account) works on \(queues.joined(separator: ", ")) only: "
                + "an agent assigns it to one of those queues, or an administrator adds the queue to the account in [[staff]]"
        case .noAccount(let unixUser):
            "the Unix user \(unixUser) has no account: an administrator adds a [[staff]] entry with unix_user = \"\(unixUser)\" and reloads the daemon"
        case .unknownToken:
            "the request carries no token this daemon knows: send the whole token shown by `ticketd token create` as "
                + "\"Authorization: Bearer <token>\", or ask an administrator for one"
        case .tokenRevoked(let name):
            "the API token \(name) was revoked: ask an administrator for a new one (ticketd token create)"
        case .tokenExpired(let name, let at):
            "the API token \(name) expired at \(ISO8601DateFormatter().string(from: at)): ask an administrator for a new one (ticketd token create)"
        }
    }

    /// A short stable name for the audit trail and the API's error body.
    public var reason: String {
        switch self {
        case .roleMayNot: "role"
        case .viewBeyondRole: "view"
        case .outsideQueues: "queue"
        case .noAccount: "no_account"
        case .unknownToken: "unknown_token"
        case .tokenRevoked: "token_revoked"
        case .tokenExpired: "token_expired"
        }
    }
}
