internal import Foundation
internal import CCurl
internal import CCurlShim

/// What a failed command means for the operator.
extension IMAPSession {
    /// Maps libcurl's result and the server's last tagged answer to what the operator should hear.
    func failure(
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
    func commandFailure(
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
    static func lastRefusal(_ responses: [IMAPResponse]) -> IMAPResponse? {
        responses.last {
            if case .tagged(_, let condition, _, _) = $0 { condition != .ok } else { false }
        }
    }

    /// Server text for an error message: one line, printable, short.
    static func clip(_ text: String) -> String { ServerText.clipped(text, limit: 200) }
}
