import Privacy
package import TicketStore

/// A failure of a command, phrased for the operator: the cause and the fix, no personal values.
package enum OperatorError: Error, Sendable, CustomStringConvertible, CauseNamingError {
    /// The configuration has errors; each names its key and fix.
    case configuration(file: String, problems: [ConfigProblem])
    /// The database refused.
    case store(StoreError)
    /// `$TICKETD_ACTOR` is not a usable name.
    case actor(String)
    /// Anything else, already phrased.
    case other(String)

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
        case .other(let text):
            text
        }
    }
}
