import MailTransport

extension PollFailure {
    /// A stable name for the kind of failure, for `ticketd status` and alerting: what broke,
    /// without the detail of the message.
    package var failureClass: String {
        switch self {
        case .notConfigured: "not_configured"
        case .imap(let error):
            switch error {
            case .connectionFailed: "imap_connection"
            case .tlsFailed: "imap_tls"
            case .startTLSUnavailable: "imap_starttls"
            case .authenticationFailed: "imap_login"
            case .mailboxMissing: "imap_mailbox"
            case .timeout: "imap_timeout"
            case .protocolError: "imap_protocol"
            }
        case .store: "store"
        case .operatorError(let error):
            if case .store = error { "store" } else { "ingest" }
        // Named "other" before these causes had cases of their own; `ticketd status` still says so.
        case .smtpUnavailable, .secretUnreadable: "other"
        }
    }
}
