package import Foundation
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
package final class IMAPSession {
    /// Called after every command the server answered (or failed): a sign of life for a
    /// watchdog, since one poll runs many commands and each is bounded by the timeouts.
    package var onProgress: () -> Void = {}
    private let settings: IMAPSettings
    /// `scheme://host[:port]`, without a trailing slash.
    private let base: String
    private let curl: CurlEasy
    /// The server's capabilities as last seen (empty until the first login).
    private var capabilities: Set<String> = []

    /// The most UIDs one command names (DESIGN §4: long responses trip libcurl's header limit).
    static let chunkSize = 100

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

    // MARK: - Commands

    /// UIDVALIDITY, UIDNEXT and the message count of a mailbox, by `STATUS`.
    package func status(of mailbox: String) throws(IMAPError) -> MailboxStatus {
        // STATUS of the selected mailbox answers from the session's view, which only a command
        // such as NOOP brings up to date (measured with Dovecot 2.3: new mail stays invisible).
        _ = try run(command: "NOOP", mailbox: nil)
        return try statusAfterRefresh(of: mailbox)
    }

    /// The UIDs in a mailbox greater than `uid`, ascending.
    ///
    /// Searches `UID SEARCH UID a:b` in windows of at most ``searchWindow`` UIDs up to UIDNEXT:
    /// libcurl 7.88 silently cuts response lines longer than its buffer (about 16 KB) and returns
    /// success, so one `uid+1:*` search over thousands of new messages would lose UIDs. Every
    /// answer is checked against its window (and ESEARCH's COUNT); a mangled one is an error,
    /// never a shorter list. The window's explicit upper end also avoids the `n:*` trap (`*` is
    /// the last message even when its UID is below n).
    package func uids(in mailbox: String, above uid: UInt32) throws(IMAPError) -> [UInt32] {
        guard uid < UInt32.max else { return [] }
        try refresh(mailbox)
        let next = try statusAfterRefresh(of: mailbox).uidNext
        return try windowedSearch(in: mailbox, from: uid + 1, below: next, criteria: nil)
    }

    /// The UIDs of messages whose internal date (arrival) is before the day of `date` (UTC),
    /// by `UID SEARCH UID a:b BEFORE d-MMM-yyyy` in windows like ``uids(in:above:)``.
    package func uidsReceived(before date: Date, in mailbox: String) throws(IMAPError) -> [UInt32] {
        try refresh(mailbox)
        let next = try statusAfterRefresh(of: mailbox).uidNext
        return try windowedSearch(in: mailbox, from: 1, below: next, criteria: "BEFORE \(Self.imapDate(date))")
    }

    /// The UIDs of messages whose Message-ID header holds `<messageID>`, by
    /// `UID SEARCH HEADER Message-ID "<...>"` (a substring match; the angle brackets anchor it).
    /// Returns nothing for an ID that cannot be sent as an IMAP quoted string (CR, LF, 8-bit),
    /// and nothing for a mailbox that does not exist.
    package func uids(withMessageID messageID: String, in mailbox: String) throws(IMAPError) -> [UInt32] {
        guard let quoted = Self.quotedSearchString("<\(messageID)>") else { return [] }
        do {
            try refresh(mailbox)
            let responses = try run(command: "UID SEARCH HEADER Message-ID \(quoted)", in: mailbox)
            var uids: [UInt32] = []
            for case .search(let list, _) in responses { uids += list }
            return Array(Set(uids)).sorted()
        } catch .mailboxMissing(_) {
            return []
        }
    }

    /// An IMAP quoted string (RFC 3501 §4.3), or nil when the text holds what a quoted string cannot.
    static func quotedSearchString(_ text: String) -> String? {
        guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return MailboxName.quotedString(text)
    }

    /// The raw bytes of one message, fetched by URL (`mailbox;UID=n`, which makes libcurl send
    /// `UID FETCH n BODY[]` and so sets `\Seen`).
    ///
    /// - Throws: ``IMAPError/protocolError(detail:)`` when there is no message with that UID;
    ///   use ``fetchIfPresent(uid:in:)`` to tell that case apart.
    package func fetch(uid: UInt32, in mailbox: String) throws(IMAPError) -> [UInt8] {
        guard let bytes = try fetchIfPresent(uid: uid, in: mailbox) else {
            throw .protocolError(detail: "there is no message with UID \(uid) in \"\(mailbox)\" (expunged or moved by another client?)")
        }
        return bytes
    }

    /// The raw bytes of one message, or nil when the mailbox holds no message with that UID.
    package func fetchIfPresent(uid: UInt32, in mailbox: String) throws(IMAPError) -> [UInt8]? {
        let outcome = perform(path: MailboxName.urlSegment(mailbox) + ";UID=\(uid)", command: nil)
        if outcome.code == Int(CURLE_REMOTE_FILE_NOT_FOUND.rawValue) {
            // libcurl says "not found" both for an OK without FETCH data (no such UID) and for a
            // refused FETCH; only the first means the message is gone.
            let responses = parse(outcome.lines)
            if Self.lastRefusal(responses) == nil { return nil }
            throw commandFailure(
                responses: responses, mailbox: mailbox, target: nil, refusalMeansMissing: false,
                curlText: "\(outcome.message) (libcurl error \(outcome.code))")
        }
        _ = try check(outcome, mailbox: mailbox)
        return outcome.body
    }

    /// Moves one message with `UID MOVE` (RFC 6851) and reads the new UID from `COPYUID`.
    ///
    /// A server answers `UID MOVE` for a UID that does not exist with a plain OK, so only a
    /// `COPYUID` (or, on servers without UIDPLUS, an `EXPUNGE`) counts as moved.
    package func move(uid: UInt32, from mailbox: String, to target: String) throws(IMAPError) -> MoveResult {
        if !capabilities.isEmpty, !capabilities.contains("MOVE") {
            return try copyAndExpunge(uid: uid, from: mailbox, to: target)
        }
        let responses = try run(command: "UID MOVE \(uid) \(MailboxName.quoted(target))", in: mailbox, target: target)
        return moveResult(of: uid, in: responses)
    }

    /// Moves several messages with one `UID MOVE` per chunk of at most ``chunkSize`` UIDs and
    /// returns, for each UID, whether it was moved (by its `COPYUID`) or was not there.
    ///
    /// One command for many messages matters: on a Maildir server each `UID MOVE` costs a rename
    /// and an index update with its fsync, several milliseconds that a batch shares.
    package func move(uids: [UInt32], from mailbox: String, to target: String) throws(IMAPError) -> [UInt32: MoveResult] {
        var results: [UInt32: MoveResult] = [:]
        let sorted = Array(Set(uids)).sorted()
        if !capabilities.isEmpty, !capabilities.contains("MOVE") {
            for uid in sorted { results[uid] = try copyAndExpunge(uid: uid, from: mailbox, to: target) }
            return results
        }
        var start = 0
        while start < sorted.count {
            let chunk = sorted[start..<min(start + Self.chunkSize, sorted.count)]
            let responses = try run(command: "UID MOVE \(IMAPSequenceSet.compact(chunk)) \(MailboxName.quoted(target))", in: mailbox, target: target)
            for uid in chunk { results[uid] = moveResult(of: uid, in: responses) }
            start += Self.chunkSize
        }
        return results
    }

    /// Creates a mailbox; succeeds when it exists already.
    package func createMailbox(_ name: String) throws(IMAPError) {
        let outcome = perform(path: "", command: "CREATE \(MailboxName.quoted(name))")
        if outcome.succeeded {
            remember(parse(outcome.lines))
            return
        }
        let responses = parse(outcome.lines)
        if case .tagged(_, .no, let code, _)? = Self.lastRefusal(responses), code?.name == "ALREADYEXISTS" { return }
        // Servers without RFC 5530 codes say "already exists" in prose only: ask whether it is there.
        if outcome.code == Int(CURLE_QUOTE_ERROR.rawValue), (try? status(of: name)) != nil { return }
        throw failure(outcome, responses: responses, mailbox: name, target: nil)
    }

    /// Deletes a mailbox and the messages in it; succeeds when it does not exist.
    package func deleteMailbox(_ name: String) throws(IMAPError) {
        // libcurl remembers which mailbox it selected and would skip a later SELECT of a
        // re-created mailbox of this name: select INBOX first.
        _ = try run(command: "NOOP", in: "INBOX")
        let outcome = perform(path: "", command: "DELETE \(MailboxName.quoted(name))")
        let responses = parse(outcome.lines)
        if outcome.succeeded { remember(responses); return }
        if case .tagged(_, .no, let code, _)? = Self.lastRefusal(responses), code?.name == "NONEXISTENT" { return }
        throw failure(outcome, responses: responses, mailbox: name, target: nil)
    }

    /// Removes messages: `UID STORE +FLAGS.SILENT (\Deleted)` then `UID EXPUNGE` (RFC 4315) for
    /// just those UIDs, at most ``chunkSize`` at a time. UIDs that are gone already are ignored.
    package func delete(uids: [UInt32], in mailbox: String) throws(IMAPError) {
        let sorted = Array(Set(uids)).sorted()
        var start = 0
        while start < sorted.count {
            let chunk = sorted[start..<min(start + Self.chunkSize, sorted.count)]
            let set = IMAPSequenceSet.compact(chunk)
            _ = try run(command: "UID STORE \(set) +FLAGS.SILENT (\\Deleted)", in: mailbox)
            let expunge = capabilities.isEmpty || capabilities.contains("UIDPLUS") ? "UID EXPUNGE \(set)" : "EXPUNGE"
            _ = try run(command: expunge, in: mailbox)
            start += Self.chunkSize
        }
    }

    /// Connects and logs in if not connected, and sends `NOOP`: a cheap check of the settings.
    package func checkConnection() throws(IMAPError) {
        _ = try run(command: "NOOP", mailbox: nil)
    }

    /// The capabilities the server announced after login (empty before the first command).
    package var serverCapabilities: Set<String> { capabilities }

    // MARK: - Running commands

    /// The most UIDs one SEARCH may cover: 1,000 UIDs of up to 10 digits make an 11 KB line,
    /// below the 16 KB at which libcurl 7.88 starts cutting lines.
    static let searchWindow: UInt32 = 1_000

    private func statusAfterRefresh(of mailbox: String) throws(IMAPError) -> MailboxStatus {
        // Dovecot 2.3 refuses STATUS of a missing mailbox with a bare NO (no NONEXISTENT code).
        let responses = try run(
            command: "STATUS \(MailboxName.quoted(mailbox)) (MESSAGES UIDNEXT UIDVALIDITY)", mailbox: mailbox,
            refusalMeansMissing: true)
        var attributes: [String: UInt64]?
        for case .status(let values) in responses { attributes = values }
        guard let attributes, let validity = attributes["UIDVALIDITY"].flatMap({ UInt32(exactly: $0) }),
              let next = attributes["UIDNEXT"].flatMap({ UInt32(exactly: $0) }),
              let messages = attributes["MESSAGES"].flatMap({ Int(exactly: $0) })
        else {
            throw .protocolError(detail: "STATUS of \"\(mailbox)\" did not report UIDVALIDITY, UIDNEXT and MESSAGES")
        }
        return MailboxStatus(uidValidity: validity, uidNext: next, exists: messages)
    }

    /// UID SEARCH over `first..<next` in windows, each answer checked for mangling.
    private func windowedSearch(in mailbox: String, from first: UInt32, below next: UInt32, criteria: String?) throws(IMAPError) -> [UInt32] {
        var found: [UInt32] = []
        var low = max(first, 1)
        while low < next {
            let high = next - 1 - low >= Self.searchWindow - 1 ? low + Self.searchWindow - 1 : next - 1
            let extended = capabilities.contains("ESEARCH")
            let command = "UID SEARCH " + (extended ? "RETURN (COUNT ALL) " : "") + "UID \(low):\(high)"
                + (criteria.map { " " + $0 } ?? "")
            let responses = try run(command: command, in: mailbox)
            var uids: [UInt32] = []
            var reported: Int?
            for case .search(let list, let count) in responses {
                uids += list
                if let count { reported = (reported ?? 0) + count }
            }
            if uids.contains(where: { $0 < low || $0 > high }) || (reported != nil && reported != uids.count) {
                throw .protocolError(detail: "the answer to UID SEARCH \(low):\(high) in \"\(mailbox)\" arrived damaged (UIDs outside the range or a wrong count)")
            }
            found += uids
            if high == UInt32.max { break }
            low = high + 1
        }
        return Array(Set(found)).sorted()
    }

    /// Selects the mailbox if libcurl has not, and sends NOOP so that the server's view of it
    /// includes mail that arrived since it was selected: libcurl keeps a mailbox selected across
    /// commands, and SEARCH works on that view.
    private func refresh(_ mailbox: String) throws(IMAPError) {
        _ = try run(command: "NOOP", in: mailbox)
    }

    /// Runs a command that needs no selected mailbox (`mailbox` only names it in errors).
    private func run(command: String, mailbox: String?, refusalMeansMissing: Bool = false) throws(IMAPError) -> [IMAPResponse] {
        try check(perform(path: "", command: command), mailbox: mailbox, refusalMeansMissing: refusalMeansMissing)
    }

    /// Runs a command in a mailbox, which libcurl selects first unless it is selected already.
    private func run(command: String, in mailbox: String, target: String? = nil) throws(IMAPError) -> [IMAPResponse] {
        try check(perform(path: MailboxName.urlSegment(mailbox), command: command), mailbox: mailbox, target: target)
    }

    private func perform(path: String, command: String?) -> CurlEasy.Outcome {
        curl.set(CURLOPT_URL, base + "/" + path)
        curl.set(CURLOPT_CUSTOMREQUEST, command)
        let outcome = curl.perform()
        onProgress()
        return outcome
    }

    /// The parsed responses of a successful transfer, or the error a failed one stands for.
    private func check(
        _ outcome: CurlEasy.Outcome, mailbox: String?, target: String? = nil, refusalMeansMissing: Bool = false
    ) throws(IMAPError) -> [IMAPResponse] {
        let responses = parse(outcome.lines)
        guard outcome.succeeded else {
            throw failure(outcome, responses: responses, mailbox: mailbox, target: target, refusalMeansMissing: refusalMeansMissing)
        }
        remember(responses)
        return responses
    }

    private func parse(_ lines: [[UInt8]]) -> [IMAPResponse] {
        lines.map { IMAPResponseParser.parse($0) }
    }

    /// Keeps the latest capability list the server sent (greeting, CAPABILITY, or the login's OK).
    private func remember(_ responses: [IMAPResponse]) {
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

    private func copyAndExpunge(uid: UInt32, from mailbox: String, to target: String) throws(IMAPError) -> MoveResult {
        let responses = try run(command: "UID COPY \(uid) \(MailboxName.quoted(target))", in: mailbox, target: target)
        let result = moveResult(of: uid, in: responses, copyOnly: true)
        if case .notFound = result { return result }
        try delete(uids: [uid], in: mailbox)
        return result
    }

    private func moveResult(of uid: UInt32, in responses: [IMAPResponse], copyOnly: Bool = false) -> MoveResult {
        for response in responses {
            let code: IMAPResponseCode?
            switch response {
            case .tagged(_, .ok, let found, _), .untaggedCondition(.ok, let found, _): code = found
            default: code = nil
            }
            guard let code, code.name == "COPYUID", code.arguments.count >= 3,
                  let sources = IMAPSequenceSet.uids(in: code.arguments[1]),
                  let targets = IMAPSequenceSet.uids(in: code.arguments[2]), sources.count == targets.count
            else { continue }
            if let index = sources.firstIndex(of: uid) { return .moved(newUID: targets[index]) }
        }
        // Without UIDPLUS there is no COPYUID: an EXPUNGE in the answer is the only sign of a move.
        let hasUIDPlus = capabilities.isEmpty || capabilities.contains("UIDPLUS")
        if !hasUIDPlus, !copyOnly, responses.contains(where: { if case .expunge = $0 { true } else { false } }) {
            return .moved(newUID: nil)
        }
        return .notFound
    }

    // MARK: - Errors

    /// Maps libcurl's result and the server's last tagged answer to what the operator should hear.
    private func failure(
        _ outcome: CurlEasy.Outcome, responses: [IMAPResponse], mailbox: String?, target: String?, refusalMeansMissing: Bool = false
    ) -> IMAPError {
        let curlText = "\(outcome.message) (libcurl error \(outcome.code))"
        let serverBye = responses.compactMap { response -> String? in
            if case .untaggedCondition(.bye, _, let text) = response { return text } else { return nil }
        }.last
        switch UInt32(outcome.code) {
        case CURLE_COULDNT_RESOLVE_HOST.rawValue, CURLE_COULDNT_RESOLVE_PROXY.rawValue, CURLE_COULDNT_CONNECT.rawValue,
             CURLE_GOT_NOTHING.rawValue, CURLE_SEND_ERROR.rawValue:
            return .connectionFailed(detail: curlText + (serverBye.map { "; the server said BYE: \(Self.clip($0))" } ?? ""))
        case CURLE_RECV_ERROR.rawValue:
            if outcome.message.localizedCaseInsensitiveContains("too large") {
                return .protocolError(detail: "the server's answer was too long for libcurl: \(curlText)")
            }
            return .connectionFailed(detail: curlText + (serverBye.map { "; the server said BYE: \(Self.clip($0))" } ?? ""))
        case CURLE_OPERATION_TIMEDOUT.rawValue:
            return .timeout(detail: curlText)
        case CURLE_USE_SSL_FAILED.rawValue:
            return .startTLSUnavailable
        case let code where CurlEasy.isTLSFailure(code):
            return .tlsFailed(detail: curlText)
        case CURLE_LOGIN_DENIED.rawValue:
            // libcurl reports a failed SELECT with the same code as a failed login.
            if outcome.message.localizedCaseInsensitiveContains("select"), let mailbox {
                return .mailboxMissing(mailbox)
            }
            return .authenticationFailed
        case CURLE_AUTH_ERROR.rawValue, CURLE_REMOTE_ACCESS_DENIED.rawValue:
            return .authenticationFailed
        case CURLE_QUOTE_ERROR.rawValue:
            return commandFailure(
                responses: responses, mailbox: mailbox, target: target, refusalMeansMissing: refusalMeansMissing, curlText: curlText)
        case CURLE_REMOTE_FILE_NOT_FOUND.rawValue:
            return .protocolError(detail: "the server reported no such message or a changed UIDVALIDITY: \(curlText)")
        case CURLE_WRITE_ERROR.rawValue where outcome.bodyLimitExceeded:
            return .protocolError(detail: "the message exceeded the size limit: \(curlText)")
        default:
            return .protocolError(detail: curlText)
        }
    }

    /// A command the server answered with NO or BAD.
    private func commandFailure(
        responses: [IMAPResponse], mailbox: String?, target: String?, refusalMeansMissing: Bool, curlText: String
    ) -> IMAPError {
        guard case .tagged(_, let condition, let code, let text)? = Self.lastRefusal(responses) else {
            return .protocolError(detail: curlText)
        }
        switch code?.name {
        case "NONEXISTENT":
            if let mailbox { return .mailboxMissing(mailbox) }
        case "TRYCREATE":
            if let name = target ?? mailbox { return .mailboxMissing(name) }
        case "AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED", "EXPIRED":
            return .authenticationFailed
        case "UNAVAILABLE", "INUSE":
            return .connectionFailed(detail: "the server is unavailable: \(Self.clip(text))")
        case nil:
            if refusalMeansMissing, condition == .no, let mailbox { return .mailboxMissing(mailbox) }
        default:
            break
        }
        let codeText = code.map { " [\($0.name)]" } ?? ""
        return .protocolError(detail: "the server answered \(condition.rawValue)\(codeText): \(Self.clip(text))")
    }

    /// The last tagged NO or BAD. Not simply the last tagged line: after a failed command libcurl
    /// closes the connection with LOGOUT, and that OK arrives in the same transfer.
    private static func lastRefusal(_ responses: [IMAPResponse]) -> IMAPResponse? {
        responses.last {
            if case .tagged(_, let condition, _, _) = $0 { condition != .ok } else { false }
        }
    }

    /// Server text for an error message: one line, printable, short.
    private static func clip(_ text: String) -> String { ServerText.clipped(text, limit: 200) }

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

    // MARK: - Helpers

    /// `d-MMM-yyyy` (RFC 3501 `date`) of the UTC day of `date`, with English month names.
    static func imapDate(_ date: Date) -> String {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(day)-\(names[month - 1])-\(year)"
    }
}
