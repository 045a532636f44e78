import Foundation
import Logging
import MailFormat
import Privacy
import Tickets
import TicketStore
#if canImport(Glibc)
import Glibc
#endif

/// Data-subject requests in the mails taken in: what a person asks for, and the answers that
/// confirm a request.
extension MailIngest {
    /// The data-subject request a person's mail makes (Art. 15-21, 7(3)), if any, and whether
    /// the mail says more than the request: only mail from a person (a new ticket, a customer's
    /// reply, a form kept for lack of consent), never an automatic answer or a partner's. The
    /// requester is the form's address or the sender; the confirmation mail that verifies them
    /// is composed here, before the transaction that queues it.
    static func subjectRequest(
        in message: Message, mail: IncomingMail, decision: IngestDecision, senders: [EmailAddress], runtime: Runtime
    ) throws(OperatorError) -> (request: IncomingSubjectRequest, saysMore: Bool)? {
        let requester: EmailAddress?
        switch decision {
        case .ticket(let plan): requester = plan.customerAddress
        case .threaded(let reply): requester = reply.fromRole == "customer" && !reply.isAutomatic ? message.from.first?.address : nil
        case .quarantine(.noProcessingConsent): requester = senders.last
        case .quarantine, .request, .confirmation: requester = nil
        }
        guard let requester else { return nil }
        let settings = runtime.configuration.subjectRights
        let recognition = settings.recognizer.recognize(subject: message.subject ?? "", body: readableText(message))
        guard !recognition.kinds.isEmpty else { return nil }
        let via = settings.address.map { address in mail.recipients.contains { $0.lookupForm == address.lookupForm } } == true ? "subject_rights" : "support"
        let now = runtime.database.now()
        var confirmation: RequestMailDraft?
        if let smtp = runtime.configuration.smtp {
            var generator = SystemRandomNumberGenerator()
            let token = ReplyToken.random(using: &generator)
            let expires = settings.confirmationValid.added(to: now, in: RetentionSchedule.calendar) ?? now.addingTimeInterval(7 * 86_400)
            confirmation = try RequestLetters.confirmation(runtime, smtp: smtp, to: requester, kinds: recognition.kinds, token: token, expires: expires)
        }
        let windowStart = settings.requestWindow.subtracted(from: now, in: RetentionSchedule.calendar) ?? now.addingTimeInterval(-86_400)
        let request = IncomingSubjectRequest(kinds: recognition.kinds, requester: requester, explicit: recognition.isExplicit, via: via,
                                             messageID: message.messageID, confirmation: confirmation, limit: settings.requestsPerAddress,
                                             windowStart: windowStart)
        return (request, recognition.saysMore)
    }

    /// An answer to a request's confirmation mail: it carries a `[ticketd-confirm:…]` tag or is
    /// written to `support+confirm-…`. Automatic mail (an out-of-office answer to the confirmation)
    /// never confirms anything: it goes the way of every automatic mail.
    static func confirmation(in message: Message, mail: IncomingMail, runtime: Runtime) -> RequestConfirmation? {
        guard let sender = mail.from?.address, MailKind.of(mail) == .person else { return nil }
        let base = (runtime.configuration.smtp?.from.address.localPart ?? "support").lowercased()
        var tokens: [ReplyToken] = []
        var marked = mail.subject.lowercased().contains("[ticketd-confirm:")
        for recipient in mail.recipients where recipient.localPart.lowercased().hasPrefix(base + "+confirm-") {
            marked = true
            if let token = ReplyToken.confirmationToken(inAddress: recipient.localPart, base: base) { tokens.append(token) }
        }
        tokens += ReplyToken.confirmationTokens(inSubject: mail.subject)
        guard marked else { return nil }
        // A marker without a readable token is an attempt with an unknown one: refused, like a wrong token.
        return RequestConfirmation(tokenHash: tokens.first?.hash ?? Data(), sender: sender,
                                   rectification: RectificationValues.parse(mail.text), messageID: message.messageID)
    }
}
