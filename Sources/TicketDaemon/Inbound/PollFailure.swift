package import MailTransport
package import TicketStore

/// Why a poll cycle (or an outbox pass) failed, for the log line, `ticketd status` and the retry.
///
/// Each case names what broke; its description says how to fix it. None holds a personal value:
/// the IMAP and SMTP errors carry server text with the envelope addresses replaced, the secret
/// problems name the configuration key and the file, never its content.
package enum PollFailure: Error, Sendable, CustomStringConvertible {
    /// There is no `[imap]` section.
    case notConfigured
    /// The IMAP server failed or refused.
    case imap(IMAPError)
    /// The SMTP session could not be set up (an `smtp.url` libcurl refuses, libcurl without SMTP or TLS).
    case smtpUnavailable(SMTPError)
    /// The password file a session needs (`key`: `imap.password_file` or `smtp.password_file`)
    /// could not be read: it is missing, not a regular file, or readable by others.
    case secretUnreadable(key: String, problem: SecretReference.Problem)
    /// The database failed.
    case store(StoreError)
    /// Taking a mail in failed for a reason the operator must see.
    case operatorError(OperatorError)

    package var description: String {
        switch self {
        case .notConfigured: "the configuration has no [imap] section: add one (Config/ticketd.example.toml) to poll a mailbox"
        case .imap(let error): error.description
        case .smtpUnavailable(let error): error.description
        case .secretUnreadable(let key, let problem): "\(key): \(problem.message). Fix: \(problem.fix)"
        case .store(let error): error.description
        case .operatorError(let error): error.description
        }
    }
}
