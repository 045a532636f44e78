package import MailFormat
import Privacy
package import TicketStore
package import Tickets

/// A failure of a command, phrased for the operator: the cause and the fix, and by construction
/// no personal value: every case holds numbers, option names, paths the operator gave, names
/// from the configuration, or another typed error that keeps the same rule.
package enum OperatorError: Error, Sendable, CustomStringConvertible, CauseNamingError {
    /// The configuration has errors; each names its key and fix.
    case configuration(file: String, problems: [ConfigProblem])
    /// The database refused.
    case store(StoreError)
    /// `$TICKETD_ACTOR` is not a usable name.
    case actor(String)
    /// A rule of DESIGN §3, invariant 4, refused to let the ticket or its copy go.
    case refused(HandOffRefusal)
    /// An argument on the command line cannot be used.
    case argument(ArgumentProblem)
    /// The configuration lacks the section the command needs.
    case notConfigured(section: String, consequence: String)
    /// No ticket with this number.
    case noSuchTicket(Int64)
    /// No data-subject request with this number.
    case noSuchRequest(Int64)
    /// The request was answered or rejected: its deadline no longer moves.
    case requestClosed(Int64, state: String)
    /// The outbox item was not held for release.
    case notHeld(outboxItem: Int64)
    /// The ticket's customer address is gone (anonymized or erased).
    case noCustomerAddress(ticket: Int64)
    /// A retention rule refused the change.
    case retention(RetentionRefusal)
    /// An outgoing mail could not be composed; `what` names it ("the answer", "the copy").
    case composition(what: String, cause: CompositionError)
    /// A file the command writes could not be written.
    case unwritable(path: String, cause: String, fix: String)
    /// A failure caught without knowing its type, in the words of ``ErrorCause``, which keeps
    /// values out.
    case failed(cause: String)

    package var description: String {
        switch self {
        case .configuration(let file, let problems):
            (["the configuration \(file) has \(problems.count) error\(problems.count == 1 ? "" : "s"):"]
                + problems.map { "  \($0)" }
                + ["Run `ticketd config check --config \(file)` after fixing them."]).joined(separator: "\n")
        case .store(let error):
            error.description
        case .actor(let reason):
            "TICKETD_ACTOR \(reason): set it to your account name (letters, digits, '.', '_', '-', '@') or unset it to use your Unix user name"
        case .refused(let refusal):
            refusal.description
        case .argument(let problem):
            problem.description
        case .notConfigured(let section, let consequence):
            "the configuration has no [\(section)] section, so \(consequence): add one"
        case .noSuchTicket(let id):
            "there is no ticket \(id): `ticketd tickets` lists them"
        case .noSuchRequest(let id):
            "there is no request \(id): `ticketd requests` lists them"
        case .requestClosed(let id, let state):
            "request \(id) is \(state) and can no longer be extended"
        case .notHeld(let id):
            "outbox item \(id) is not held: `ticketd outbox` shows which items wait for release"
        case .noCustomerAddress(let ticket):
            "ticket \(ticket) has no customer address any more (anonymized or erased): there is nobody to answer"
        case .retention(let refusal):
            refusal.description
        case .composition(let what, let cause):
            // The composer refuses only what ticketd itself put together: nothing the operator can fix.
            "\(what) could not be composed: \(cause); this is a bug in ticketd: report it with this message, nothing was queued"
        case .unwritable(let path, let cause, let fix):
            "cannot write \(path): \(cause): \(fix)"
        case .failed(let cause):
            cause
        }
    }
}
