internal import Foundation
internal import CCurl
internal import CCurlShim

/// An IMAP client session over libcurl.
///
/// One session is one libcurl easy handle, reused for every command, so libcurl keeps the
/// connection (and the selected mailbox) between them; after a failure the next command connects
/// again. Each method is one blocking round of libcurl: run it on a thread of its own, never on the
/// cooperative pool. Not `Sendable`: use a session from one thread at a time.
///
/// Mailbox names are plain Unicode strings; the session quotes them and encodes them as modified
/// UTF-7 (RFC 3501 §5.1.3).
package final class IMAPSession: MailboxIntake, MailboxCleanup {
    /// Called after every command the server answered (or failed): a sign of life for a
    /// watchdog, since one poll runs many commands and each is bounded by the timeouts.
    package var onProgress: () -> Void = {}
    private let settings: IMAPSettings
    /// `scheme://host[:port]`, without a trailing slash.
    private let base: String
    private let curl: CurlEasy
    /// The server's capabilities as last seen (empty until the first login).
    private(set) var capabilities: Set<String> = []

    /// Prepares a session; it connects on the first command.
    ///
    /// - Throws: ``IMAPError/protocolError(detail:)`` when the URL is not an `imaps://` or `imap://`
    ///   URL without path, or when libcurl cannot be set up.
    package init(settings: IMAPSettings) throws(IMAPError) {
        self.settings = settings
        base = try Self.validatedBase(settings.url)
        guard let curl = CurlEasy() else {
            throw .protocolError(detail: "libcurl could not be initialized (curl_global_init or curl_easy_init failed)")
        }
        self.curl = curl
        try configure()
    }

    /// The capabilities the server announced after login (empty before the first command).
    package var serverCapabilities: Set<String> { capabilities }

    // MARK: - Running commands

    /// Runs a command that needs no selected mailbox (`mailbox` only names it in errors).
    func run(command: String, mailbox: String?, refusalMeansMissing: Bool = false) throws(IMAPError) -> [IMAPResponse] {
        try check(perform(path: "", command: command), mailbox: mailbox, refusalMeansMissing: refusalMeansMissing)
    }

    /// Runs a command in a mailbox, which libcurl selects first unless it is selected already.
    func run(command: String, in mailbox: String, target: String? = nil) throws(IMAPError) -> [IMAPResponse] {
        try check(perform(path: MailboxName.urlSegment(mailbox), command: command), mailbox: mailbox, target: target)
    }

    func perform(path: String, command: String?) -> CurlEasy.Outcome {
        curl.set(CURLOPT_URL, base + "/" + path)
        curl.set(CURLOPT_CUSTOMREQUEST, command)
        let outcome = curl.perform()
        onProgress()
        return outcome
    }

    /// The parsed responses of a successful transfer, or the error a failed one stands for.
    func check(
        _ outcome: CurlEasy.Outcome, mailbox: String?, target: String? = nil, refusalMeansMissing: Bool = false
    ) throws(IMAPError) -> [IMAPResponse] {
        let responses = parse(outcome.lines)
        guard outcome.succeeded else {
            throw failure(outcome, responses: responses, mailbox: mailbox, target: target, refusalMeansMissing: refusalMeansMissing)
        }
        remember(responses)
        return responses
    }

    func parse(_ lines: [[UInt8]]) -> [IMAPResponse] {
        lines.map { IMAPResponseParser.parse($0) }
    }

    /// Keeps the latest capability list the server sent (greeting, CAPABILITY, or the login's OK).
    func remember(_ responses: [IMAPResponse]) {
        for response in responses {
            switch response {
            case .capability(let list):
                capabilities = list
            case .tagged(_, .ok, let code?, _) where code.name == "CAPABILITY",
                 .untaggedCondition(.ok, let code?, _) where code.name == "CAPABILITY":
                capabilities = Set(code.arguments.map { $0.uppercased() })
            default:
                break
            }
        }
    }

    // MARK: - Set-up

    private static func validatedBase(_ url: String) throws(IMAPError) -> String {
        switch ServerBaseURL.validated(url, schemes: ["imaps", "imap"], key: "imap.url") {
        case .success(let base): return base
        case .failure(let refusal): throw .protocolError(detail: refusal.reason)
        }
    }

    private func configure() throws(IMAPError) {
        var refused: [String] = []
        func require(_ ok: Bool, _ name: String) { if !ok { refused.append(name) } }
        require(curl.set(CURLOPT_USERNAME, settings.username), "USERNAME")
        require(curl.set(CURLOPT_PASSWORD, settings.password), "PASSWORD")
        refused += curl.applyTransportPolicy(protocols: "imap,imaps", caFile: settings.caFile,
                                             connectTimeout: settings.connectTimeout, responseTimeout: settings.responseTimeout)
        guard refused.isEmpty else {
            throw .protocolError(detail: "libcurl refused the options \(refused.joined(separator: ", ")); is libcurl built with IMAP and TLS?")
        }
    }
}
