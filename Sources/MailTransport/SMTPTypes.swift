internal import Foundation
/// Where and how to submit mail.
///
/// TLS is always on and always verified: `smtps://` is implicit TLS (port 465), `smtp://`
/// requires STARTTLS (`CURLUSESSL_ALL`, port 587) and is refused when the server does not offer
/// it. There is no setting that turns certificate or host name verification off.
package struct SMTPSettings: Sendable {
    /// `smtps://host[:port]` or `smtp://host[:port]`, without a path.
    package var url: String
    /// The SASL user name; the server must offer AUTH and accept it before any mail is sent.
    /// Empty: no authentication (for a relay that trusts this host by its address).
    package var username: String
    package var password: String
    /// A PEM file with the CA certificates to trust instead of the system store; nil (or empty)
    /// uses the system store.
    package var caFile: String?
    /// Seconds to wait for the TCP connection and the TLS handshake.
    package var connectTimeout: Double = 10
    /// Seconds to wait for any one server reply (and the longest stall allowed while sending).
    /// The reply to the end of DATA can take a while on a busy server with content filters;
    /// RFC 5321 §4.5.3.2 suggests waiting up to 10 minutes for it.
    package var responseTimeout: Double = 30

    package init(
        url: String,
        username: String,
        password: String,
        caFile: String? = nil,
        connectTimeout: Double = 10,
        responseTimeout: Double = 30
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
    }
}

/// The server's final answer to the message (after DATA): e.g. 250 "2.0.0 Ok: queued as 4Z9B1K8iD5z3xYi".
package struct SMTPReceipt: Sendable, Hashable {
    /// The reply code, 250 for a message the server took responsibility for.
    package var code: Int
    /// The reply text after the code (with the enhanced status code when the server sends one);
    /// the lines of a multi-line reply joined by spaces.
    package var text: String

    package init(code: Int, text: String) {
        self.code = code
        self.text = text
    }

    /// The queue id the server named (`queued as ID`, Postfix and others), if any.
    package var queueID: String? {
        guard let range = text.range(of: "queued as ", options: .caseInsensitive) else { return nil }
        let id = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
        return id.isEmpty ? nil : String(id)
    }
}

/// Why sending failed, phrased for the operator: what happened (with libcurl's code and text,
/// and the server's reply code and text when there is one) and what to check.
///
/// Never holds message content or the password. Server replies often quote the envelope
/// addresses (`<erika@example.org>: Recipient address rejected`); those are replaced by
/// `<recipient>` and `<sender>` so that the error can be logged (DESIGN §3.3).
package enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Refused, unreachable, name not resolved, or the connection dropped.
    case connectionFailed(detail: String)
    /// The certificate is not trusted or does not name the host, or the handshake failed.
    case tlsFailed(detail: String)
    /// An `smtp://` server that offers no STARTTLS: refused, never continued in plaintext.
    case startTLSUnavailable
    /// The server rejected the user name or password (or offered no mechanism libcurl speaks).
    case authenticationFailed
    /// A 4xx reply at any stage (greeting, AUTH, MAIL, RCPT, DATA, end of data): try again later.
    case transient(code: Int, text: String)
    /// A 5xx reply at any stage (e.g. 550 for an unknown recipient): do not retry.
    case permanent(code: Int, text: String)
    /// The server did not answer within the configured timeouts.
    case timeout(detail: String)
    /// The request was not sent (an invalid envelope, settings libcurl refused, a server that
    /// offers no AUTH although a user name is configured) or the server answered nonsense.
    case protocolError(detail: String)

    /// Whether trying again later may succeed without anyone changing anything: true for network,
    /// timeout and TLS failures and 4xx replies, false for 5xx replies, rejected credentials, a
    /// server without STARTTLS and protocol errors.
    ///
    /// A timeout or a dropped connection after the message was sent leaves it open whether the
    /// server queued it (RFC 5321 §4.5.3.2, the "duplicate message" problem): a retry may deliver
    /// it twice, which is still better than losing it.
    package var isRetryable: Bool {
        switch self {
        case .connectionFailed, .timeout, .tlsFailed, .transient: true
        case .permanent, .authenticationFailed, .startTLSUnavailable, .protocolError: false
        }
    }

    package var description: String {
        switch self {
        case .connectionFailed(let detail):
            "SMTP connection failed: \(detail). Check smtp.url (host and port) and that the server is running and reachable from here; the mail stays queued and is retried."
        case .tlsFailed(let detail):
            "SMTP TLS failed: \(detail). Check smtp.ca_file (empty means the system trust store) and that the server's certificate is valid, unexpired and names the host in smtp.url."
        case .startTLSUnavailable:
            "The SMTP server offers no STARTTLS, so ticketd did not log in or send anything (it never sends credentials or mail in plaintext). Use an smtps:// URL (port 465) or enable STARTTLS on the server."
        case .authenticationFailed:
            "The SMTP server rejected the login. Check smtp.username and the password in smtp.password_file."
        case .transient(let code, let text):
            "The SMTP server answered \(code) \(text): a temporary refusal; the mail stays queued and is retried later."
        case .permanent(let code, let text):
            "The SMTP server answered \(code) \(text): a permanent refusal; the mail is not retried. Check the recipient address and the sender's permissions on the server."
        case .timeout(let detail):
            "The SMTP server did not answer in time: \(detail). Check that the server is responsive and that smtp.url names a submission port (a plaintext smtp:// URL against a TLS port hangs)."
        case .protocolError(let detail):
            "SMTP problem: \(detail)."
        }
    }
}
