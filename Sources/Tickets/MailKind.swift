import MailFormat

/// Whether a mail comes from a person or from a machine answering another mail.
///
/// Machine answers (auto-replies, bounces, read receipts) never open a ticket: answering them
/// would start a mail loop (RFC 3834 §2), and they are not a customer's request.
public enum MailKind: String, Sendable, Hashable {
    case person
    case autoReply = "auto_reply"
    case bounce

    /// Classifies by the headers machines are required or used to set, then by well-known subjects.
    public static func of(_ mail: IncomingMail) -> MailKind {
        let contentType = mail.contentType.lowercased()
        let reportType = mail.reportType?.lowercased()
        if contentType == "multipart/report", reportType == "delivery-status" { return .bounce }
        let fromLocal = mail.from?.address.localPart.lowercased() ?? ""
        if ["mailer-daemon", "postmaster"].contains(fromLocal) { return .bounce }
        if let returnPath = mail.header("Return-Path"), returnPath.trimmingWhitespaceAndBrackets().isEmpty,
           contentType == "multipart/report" || fromLocal.isEmpty {
            return .bounce
        }
        if contentType == "multipart/report" { return .autoReply }  // read receipts (disposition-notification)
        if let autoSubmitted = mail.header("Auto-Submitted")?.lowercased().trimmingWhitespaceAndBrackets(),
           !autoSubmitted.isEmpty, !autoSubmitted.hasPrefix("no") {
            return .autoReply
        }
        if mail.header("X-Autoreply") != nil || mail.header("X-Autorespond") != nil || mail.header("X-Autoresponder") != nil {
            return .autoReply
        }
        if let precedence = mail.header("Precedence")?.lowercased().trimmingWhitespaceAndBrackets(), precedence == "auto_reply" {
            return .autoReply
        }
        let subject = mail.subject.lowercased()
        if autoReplySubjects.contains(where: { subject.hasPrefix($0) }) { return .autoReply }
        return .person
    }

    static let autoReplySubjects = [
        "automatische antwort", "abwesenheitsnotiz", "abwesend:", "out of office", "automatic reply", "auto-reply",
        "autoreply", "auto:", "réponse automatique", "risposta automatica", "respuesta automática",
    ]
}

extension String {
    func trimmingWhitespaceAndBrackets() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace || first == "<" { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace || last == ">" { slice = slice.dropLast() }
        return String(slice)
    }
}
