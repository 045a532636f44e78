internal import Foundation
internal import CCurl
internal import CCurlShim

/// An SMTP submission client over libcurl.
///
/// One session is one libcurl easy handle reused for every message, so libcurl keeps the
/// connection (greeting, EHLO, STARTTLS and AUTH done once) between messages. After any failed
/// message the handle (and with it the connection) is replaced, and the next message connects
/// afresh: libcurl keeps a connection after a refusal at the end of DATA, on which Postfix 3.7
/// then answers the next MAIL FROM with `503 5.5.1 Error: nested MAIL command`.
///
/// Each ``send(from:to:message:)`` is one blocking round of libcurl: run it on a thread of its
/// own, never on the cooperative pool. Not `Sendable`: use a session from one thread at a time.
///
/// What is checked before a byte of mail leaves:
/// - TLS from the start (`smtps://`) or STARTTLS required (`smtp://`, `CURLUSESSL_ALL`), the
///   certificate verified against the CA file or the system store, the host name checked;
/// - with a user name configured, the server must have offered AUTH and accepted the login on
///   this connection (libcurl on its own skips AUTH silently when the server does not offer it,
///   and would submit the mail unauthenticated);
/// - every recipient must be accepted: libcurl stops at the first refused RCPT
///   (`CURLOPT_MAIL_RCPT_ALLOWFAILS` stays off), so a message never goes to only some of them.
package final class SMTPSession: MailSubmission {
    private let settings: SMTPSettings
    /// `scheme://host[:port]`, without a trailing slash.
    private let url: String
    private var curl: CurlEasy
    /// Set by the pre-request check when it stopped a transfer; read after `perform`.
    private let refusal = RequestRefusal()

    /// How many connections the session has opened so far (libcurl's `CURLINFO_NUM_CONNECTS`
    /// summed over the messages): 1 for any number of messages sent over one kept connection.
    package private(set) var connectionsOpened = 0

    /// Prepares a session; it connects on the first message.
    ///
    /// - Throws: ``SMTPError/protocolError(detail:)`` when the URL is not an `smtps://` or
    ///   `smtp://` URL without path, or when libcurl cannot be set up.
    package init(settings: SMTPSettings) throws(SMTPError) {
        self.settings = settings
        url = try Self.validatedURL(settings.url)
        curl = try Self.configuredHandle(settings: settings, url: url, refusal: refusal)
    }

    /// Sends one message to the recipients (the envelope) and returns the server's final reply.
    ///
    /// The envelope is taken as given, never from the message's headers. Addresses are plain
    /// addr-specs (`name@example.com`, no angle brackets or display names); an empty sender is
    /// the null reverse-path `<>` (for automatic mail that must not draw bounces). Line ends
    /// in the message are sent as CR LF: a bare LF or CR becomes CR LF, so that no line of the
    /// message can end the DATA section early (libcurl dot-stuffs only lines that follow CR LF).
    ///
    /// - Throws: ``SMTPError``; ``SMTPError/protocolError(detail:)`` for an invalid envelope
    ///   before anything connects.
    package func send(from envelopeSender: String, to recipients: [String], message: [UInt8]) throws(SMTPError) -> SMTPReceipt {
        try Self.checkEnvelope(sender: envelopeSender, recipients: recipients)
        guard !message.isEmpty else { throw .protocolError(detail: "the message is empty; nothing was sent") }
        let upload = Self.withCRLFLineEnds(message)
        guard curl.set(CURLOPT_MAIL_FROM, "<\(envelopeSender)>"),
              curl.set(CURLOPT_MAIL_RCPT, list: recipients.map { "<\($0)>" }),
              curl.setUpload(upload)
        else {
            throw .protocolError(detail: "libcurl refused the envelope or the message options; nothing was sent")
        }
        defer { curl.setUpload([]) }  // the message bytes are not kept beyond this call
        refusal.reason = nil
        let outcome = curl.perform()
        connectionsOpened += curl.info(CURLINFO_NUM_CONNECTS)
        let replies = SMTPReply.parse(outcome.lines)
        let redact = SMTPReplyRedaction(sender: envelopeSender, recipients: recipients)
        guard outcome.succeeded else {
            let error = failure(outcome, replies: replies, redact: redact)
            // Never reuse the connection of a failed transaction: a new handle closes it (QUIT).
            if let fresh = try? Self.configuredHandle(settings: settings, url: url, refusal: refusal) { curl = fresh }
            throw error
        }
        // The last reply of a successful transfer is the answer to the end of DATA.
        guard let final = replies.last, (200..<300).contains(final.code) else {
            throw .protocolError(detail: "libcurl reported success but the server's last reply was \(replies.last.map { "\($0.code) \(redact(Self.clip($0.text)))" } ?? "missing"); the message may or may not have been queued")
        }
        return SMTPReceipt(code: final.code, text: redact(Self.clip(final.text)))
    }

    // MARK: - Errors

    /// Maps libcurl's result and the server's refusal (when there was one) to what the operator
    /// should hear. A server refusal decides over libcurl's code: libcurl reports a refused RCPT
    /// as `CURLE_SEND_ERROR` and a refused end of DATA as `CURLE_WEIRD_SERVER_REPLY`.
    private func failure(_ outcome: CurlEasy.Outcome, replies: [SMTPReply], redact: SMTPReplyRedaction) -> SMTPError {
        let curlText = "\(outcome.message) (libcurl error \(outcome.code))"
        // After a refusal libcurl may close with QUIT in the same transfer: its 221 is no answer to look at.
        let refused = replies.last { $0.code >= 400 }
        func byReply(_ reply: SMTPReply) -> SMTPError {
            let text = redact(Self.clip(reply.text))
            return reply.code < 500 ? .transient(code: reply.code, text: text) : .permanent(code: reply.code, text: text)
        }
        switch UInt32(outcome.code) {
        case CURLE_ABORTED_BY_CALLBACK.rawValue where refusal.reason != nil:
            return .protocolError(detail: refusal.reason ?? curlText)
        case CURLE_OPERATION_TIMEDOUT.rawValue:
            return .timeout(detail: curlText)
        case let code where CurlEasy.isTLSFailure(code):
            return .tlsFailed(detail: curlText)
        case CURLE_USE_SSL_FAILED.rawValue:
            // No STARTTLS in the EHLO answer, or STARTTLS refused (454 is a temporary refusal).
            if let refused { return byReply(refused) }
            return .startTLSUnavailable
        case CURLE_LOGIN_DENIED.rawValue, CURLE_AUTH_ERROR.rawValue, CURLE_REMOTE_ACCESS_DENIED.rawValue:
            // 454 4.7.0 "Temporary authentication failure" (the server's password backend is down) is retryable.
            if let refused, refused.code < 500 { return byReply(refused) }
            return .authenticationFailed
        case CURLE_COULDNT_RESOLVE_HOST.rawValue, CURLE_COULDNT_RESOLVE_PROXY.rawValue, CURLE_COULDNT_CONNECT.rawValue:
            return .connectionFailed(detail: curlText)
        default:
            break
        }
        if let refused { return byReply(refused) }
        switch UInt32(outcome.code) {
        case CURLE_GOT_NOTHING.rawValue, CURLE_SEND_ERROR.rawValue, CURLE_RECV_ERROR.rawValue:
            return .connectionFailed(detail: curlText)
        default:
            return .protocolError(detail: curlText)
        }
    }

    /// Server text for an error or receipt: one line, printable, short.
    static func clip(_ text: String) -> String { ServerText.clipped(text, limit: 300) }

    // MARK: - Envelope and message

    /// Refuses addresses libcurl would put into a command line as they are: CR or LF would end
    /// the command and start another (SMTP command injection); angle brackets, spaces and other
    /// controls would change the command's meaning.
    static func checkEnvelope(sender: String, recipients: [String]) throws(SMTPError) {
        guard !recipients.isEmpty else {
            throw .protocolError(detail: "the message has no recipient; nothing was sent")
        }
        if !sender.isEmpty, let problem = addressProblem(sender) {
            throw .protocolError(detail: "the envelope sender is not a plain address (\(problem)); nothing was sent")
        }
        for (index, recipient) in recipients.enumerated() {
            if let problem = addressProblem(recipient) {
                throw .protocolError(detail: "envelope recipient \(index + 1) is not a plain address (\(problem)); nothing was sent")
            }
        }
    }

    /// Why an address cannot go into MAIL FROM or RCPT TO, or nil when it can. The message names
    /// the rule broken, never the address (it may be personal data).
    private static func addressProblem(_ address: String) -> String? {
        let bytes = Array(address.utf8)
        if bytes.isEmpty { return "it is empty" }
        if bytes.count > 254 { return "it is longer than 254 octets" }
        if bytes.contains(where: { $0 == 0x0D || $0 == 0x0A }) { return "it contains a line break" }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "it contains a control character" }
        if bytes.contains(where: { $0 == UInt8(ascii: " ") }) { return "it contains a space" }
        if bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) { return "it contains an angle bracket" }
        if bytes.contains(where: { $0 >= 0x80 }) {
            return "it contains non-ASCII characters, which need SMTPUTF8; libcurl 7.88 does not speak it"
        }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1 else {
            return "it has no local part, @ and domain"
        }
        if bytes[..<at].contains(UInt8(ascii: "@")) {
            return "it contains more than one @ (libcurl splits at the first one)"
        }
        return nil
    }

    /// The message with every line ending as CR LF (bare LF and bare CR become CR LF).
    static func withCRLFLineEnds(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 32)
        var index = 0
        while index < message.count {
            let byte = message[index]
            if byte == 0x0D {
                output += [0x0D, 0x0A]
                index += index + 1 < message.count && message[index + 1] == 0x0A ? 2 : 1
                continue
            }
            if byte == 0x0A {
                output += [0x0D, 0x0A]
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    // MARK: - Set-up

    private static func validatedURL(_ url: String) throws(SMTPError) -> String {
        switch ServerBaseURL.validated(url, schemes: ["smtps", "smtp"], key: "smtp.url") {
        case .success(let base): return base
        case .failure(let refusal): throw .protocolError(detail: refusal.reason)
        }
    }

    /// A new libcurl handle with the session's options.
    private static func configuredHandle(settings: SMTPSettings, url: String, refusal: RequestRefusal) throws(SMTPError) -> CurlEasy {
        guard let curl = CurlEasy() else {
            throw .protocolError(detail: "libcurl could not be initialized (curl_global_init or curl_easy_init failed)")
        }
        var refused: [String] = []
        func require(_ ok: Bool, _ name: String) { if !ok { refused.append(name) } }
        // No path: libcurl then says EHLO with this machine's host name.
        require(curl.set(CURLOPT_URL, url), "URL")
        if !settings.username.isEmpty {
            require(curl.set(CURLOPT_USERNAME, settings.username), "USERNAME")
            require(curl.set(CURLOPT_PASSWORD, settings.password), "PASSWORD")
        }
        refused += curl.applyTransportPolicy(protocols: "smtp,smtps", caFile: settings.caFile,
                                             connectTimeout: settings.connectTimeout, responseTimeout: settings.responseTimeout)
        // Any refused recipient fails the whole message (libcurl's default; stated for the reader):
        // CURLOPT_MAIL_RCPT_ALLOWFAILS (spelled ALLLOWFAILS before libcurl 8.2) stays 0.
        if !settings.username.isEmpty {
            require(curl.setRequestCheck { header in
                refusal.reason = Self.authenticationProblem(in: CurlEasy.splitLines(header))
                return refusal.reason == nil
            }, "PREREQFUNCTION")
        }
        guard refused.isEmpty else {
            throw .protocolError(detail: "libcurl refused the options \(refused.joined(separator: ", ")); is libcurl 7.80 or newer, built with SMTP and TLS?")
        }
        return curl
    }

    /// Why a fresh connection must not carry mail although a user name is configured: the server
    /// offered no AUTH (libcurl then skips authentication without an error) or did not confirm
    /// the login with 235. Nil when it is fine, or when the connection is a reused one (no
    /// greeting in this transfer; it was checked when it was opened).
    static func authenticationProblem(in lines: [[UInt8]]) -> String? {
        let replies = SMTPReply.parse(lines)
        guard replies.contains(where: { $0.code == 220 }) else { return nil }
        if replies.contains(where: { $0.code == 235 }) { return nil }
        return "the SMTP server did not authenticate ticketd (it offered no AUTH on this connection), so nothing was sent; "
            + "point smtp.url at a submission port (465 or 587) that requires authentication, or leave smtp.username empty for a relay that needs none"
    }
}

/// What the pre-request check found; shared between the session and libcurl's callback.
private final class RequestRefusal {
    var reason: String?
}
