/// Where and how to reach the IMAP server.
///
/// TLS is always on and always verified: `imaps://` is implicit TLS, `imap://` requires STARTTLS
/// (`CURLUSESSL_ALL`) and is refused when the server does not offer it. There is no setting that
/// turns certificate or host name verification off.
package struct IMAPSettings: Sendable {
    /// `imaps://host[:port]` or `imap://host[:port]`, without a path.
    package var url: String
    package var username: String
    package var password: String
    /// A PEM file with the CA certificates to trust instead of the system store; nil uses the system store.
    package var caFile: String?
    /// Seconds to wait for the TCP connection and the TLS handshake.
    package var connectTimeout: Double = 10
    /// Seconds to wait for any server response (and the longest stall allowed while receiving),
    /// so a server that stops answering cannot block a poll forever.
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

/// What `STATUS` reports about a mailbox.
package struct MailboxStatus: Sendable, Hashable {
    package var uidValidity: UInt32
    package var uidNext: UInt32
    /// The number of messages in the mailbox.
    package var exists: Int

    package init(uidValidity: UInt32, uidNext: UInt32, exists: Int) {
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.exists = exists
    }
}

/// The outcome of moving one message.
package enum MoveResult: Sendable, Hashable {
    /// The server moved it; `newUID` is its UID in the target mailbox when the server says (COPYUID, RFC 4315).
    case moved(newUID: UInt32?)
    /// There was no message with that UID in the source mailbox (already moved or expunged).
    case notFound
}

/// Why an IMAP operation failed, phrased for the operator: what happened (with libcurl's error
/// code and text where there is one) and what to check. Never holds mail content or passwords.
package enum IMAPError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Refused, unreachable, name not resolved, or the connection dropped.
    case connectionFailed(detail: String)
    /// The certificate is not trusted or does not name the host, or the handshake failed.
    case tlsFailed(detail: String)
    /// An `imap://` server that offers no STARTTLS: refused, never continued in plaintext.
    case startTLSUnavailable
    /// The server rejected the user name or password.
    case authenticationFailed
    /// The named mailbox does not exist (or cannot be opened).
    case mailboxMissing(String)
    /// The server did not answer within the configured timeouts.
    case timeout(detail: String)
    /// The server answered, but not as expected.
    case protocolError(detail: String)

    /// Whether trying again later may succeed without anyone changing anything: true for network,
    /// timeout and TLS failures (a server restarting, a certificate being renewed), false for
    /// rejected credentials, missing mailboxes, a server without STARTTLS and protocol errors.
    /// The daemon retries everything with backoff; this guides how loudly it logs.
    package var isRetryable: Bool {
        switch self {
        case .connectionFailed, .timeout, .tlsFailed: true
        case .startTLSUnavailable, .authenticationFailed, .mailboxMissing, .protocolError: false
        }
    }

    package var description: String {
        switch self {
        case .connectionFailed(let detail):
            "IMAP connection failed: \(detail). Check imap.url (host and port) and that the server is running and reachable from here."
        case .tlsFailed(let detail):
            "IMAP TLS failed: \(detail). Check imap.ca_file (empty means the system trust store) and that the server's certificate is valid, unexpired and names the host in imap.url."
        case .startTLSUnavailable:
            "The IMAP server offers no STARTTLS, so ticketd did not log in (it never sends credentials in plaintext). Use an imaps:// URL or enable STARTTLS on the server."
        case .authenticationFailed:
            "The IMAP server rejected the login. Check imap.username and the password in imap.password_file."
        case .mailboxMissing(let name):
            "The IMAP mailbox \"\(name)\" does not exist or cannot be opened. Check imap.mailbox and imap.processed_mailbox."
        case .timeout(let detail):
            "The IMAP server did not answer in time: \(detail). Check that the server is responsive and that imap.url names an IMAP port (a plaintext URL against a TLS port hangs)."
        case .protocolError(let detail):
            "Unexpected IMAP answer: \(detail)."
        }
    }
}
