/// What each role may do (DESIGN §3, invariant 9), decided by the daemon for the authenticated
/// account, never by an option the caller passes. Pure: the caller supplies the ticket's queue.
///
/// - agent: every ticket operation in its own queues (all, when it has none), the outbox and the
///   quarantine;
/// - department and marketing: the list and their own view of their queues' tickets;
/// - dpo: the register, the audit trail, the requests, the subjects' rights and legal holds —
///   never a ticket's text;
/// - admin: status, sweeps, redaction refresh, files to take in, tokens, the quarantine and
///   the outbox (neither shows content) and the audit verification — never a ticket's text.
public enum AccessPolicy {
    /// Whether `account` may do `operation`; for an operation on one ticket, `queue` is that
    /// ticket's queue (nil: in none yet).
    public static func check(_ account: StaffAccount, _ operation: StaffOperation, ticket: (id: Int64, queue: String?)? = nil) throws(AccessDenial) {
        try checkRole(account, operation)
        if operation.isAboutOneTicket, let ticket, account.role != .dpo, !account.covers(queue: ticket.queue) {
            throw .outsideQueues(account: account.name, ticket: ticket.id, queue: ticket.queue, queues: account.queues)
        }
    }

    /// The queues whose tickets the account's list shows: nil for every ticket, an empty list for none.
    public static func listedQueues(_ account: StaffAccount) -> [String]? {
        guard account.role.ticketView != nil else { return [] }
        return account.queues.isEmpty ? nil : account.queues
    }

    static func checkRole(_ account: StaffAccount, _ operation: StaffOperation) throws(AccessDenial) {
        let role = account.role
        if case .showTicket(let view, let archive) = operation, let own = role.ticketView {
            // A role reads its own view; the agents also the others' (to check what a copy shows) and the archive.
            guard role == .agent || (view == own && !archive) else {
                throw .viewBeyondRole(account: account.name, role: role, asked: archive ? .agent : view)
            }
            return
        }
        guard allowed(role, operation) else { throw .roleMayNot(account: account.name, role: role, operation: operation) }
    }

    static func allowed(_ role: StaffRole, _ operation: StaffOperation) -> Bool {
        switch (role, operation) {
        case (.agent, .listTickets), (.agent, .showTicket), (.agent, .openAttachment), (.agent, .changeTicket), (.agent, .holdTicket),
             (.agent, .readQuarantine), (.agent, .readOutbox), (.agent, .releaseOutbox), (.agent, .readStatus):
            true
        case (.department, .listTickets), (.marketing, .listTickets):
            true
        case (.dpo, .readRegister), (.dpo, .readAudit), (.dpo, .verifyAudit), (.dpo, .readRequests), (.dpo, .extendRequest),
             (.dpo, .exportSubject), (.dpo, .eraseSubject), (.dpo, .restrictSubject), (.dpo, .withdrawConsent), (.dpo, .holdTicket),
             (.dpo, .readStatus):
            true
        case (.admin, .readStatus), (.admin, .runSweep), (.admin, .refreshRedaction), (.admin, .ingestFiles), (.admin, .manageTokens),
             (.admin, .readQuarantine), (.admin, .readOutbox), (.admin, .verifyAudit):
            true
        default:
            false
        }
    }
}
