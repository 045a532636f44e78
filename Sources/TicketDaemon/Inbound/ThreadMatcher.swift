import Foundation
import MailFormat
import Privacy
import Tickets
import TicketStore

/// Finds the ticket an incoming answer belongs to, and whether its sender may add to it
/// (DESIGN §3, invariant 8).
///
/// A ticket is found by a reply token (in the reply address or the subject) or by In-Reply-To /
/// References naming a Message-ID that ticketd sent. The answer is threaded only when its sender
/// is entitled: the ticket's customer (by the keyed address hash), a partner the ticket was sent
/// to (by the partner's reply domains), or the address of the queue it is assigned to. Anyone else
/// who quotes a ticket's reference or token gets a ticket of their own, never a look into this one.
enum ThreadMatcher {
    static func reply(to message: Message, mail: IncomingMail, runtime: Runtime) throws(OperatorError) -> ThreadedReply? {
        guard let sender = mail.from?.address else { return nil }
        let database = runtime.database
        // The tickets the mail points at; who it was given to does not decide, the sender does
        // (``entitledRole(_:ticket:runtime:)``), so a forwarded token does not entitle its finder.
        var candidates: [Int64] = []
        do {
            let base = runtime.configuration.smtp?.from.address.localPart ?? "support"
            var tokens = ReplyToken.tokens(inSubject: mail.subject)
            for recipient in mail.recipients {
                if let token = ReplyToken.token(inAddress: recipient.localPart, base: base) { tokens.append(token) }
            }
            for token in tokens {
                if let ticket = try database.threading.ticket(ofReplyToken: token.hash) { candidates.append(ticket) }
            }
            for id in message.inReplyTo + message.references {
                if let item = try database.outbox.item(messageID: id), let ticket = item.ticket {
                    candidates.append(ticket)
                }
            }
            for candidate in candidates {
                guard let role = try entitledRole(sender, ticket: candidate, runtime: runtime) else { continue }
                let known = (try? database.tickets.customer(ofTicket: candidate)) ?? nil
                return ThreadedReply(
                    ticket: candidate, fromRole: role, text: mail.text,
                    redactedText: Redactor.redact(mail.text, known: known ?? PersonalData()).text,
                    isAutomatic: MailKind.of(mail) != .person
                )
            }
        } catch {
            throw .store(error)
        }
        return nil
    }

    /// `customer`, `partner` or `queue` when the sender may answer on this ticket; nil otherwise.
    static func entitledRole(_ sender: EmailAddress, ticket: Int64, runtime: Runtime) throws(StoreError) -> String? {
        let database = runtime.database
        if try database.threading.isCustomer(ofTicket: ticket, address: sender) { return "customer" }
        let domain = sender.normalizedDomain
        for name in try database.threading.partners(ofTicket: ticket) {
            if let partner = runtime.configuration.partners.first(where: { $0.name == name }), partner.replyDomains.contains(domain) {
                return "partner"
            }
        }
        if let queueName = try database.tickets.find(ticket)?.queue,
           let queue = runtime.configuration.queues.first(where: { $0.name == queueName }),
           queue.address.lookupForm == sender.lookupForm {
            return "queue"
        }
        return nil
    }

    /// The Message-ID of the mail a bounce returns, from its text/rfc822-headers or message/rfc822 part.
    static func bouncedMessageID(_ message: Message) -> String? {
        for part in message.root.allParts {
            let type = part.contentType.mimeType
            if type == "text/rfc822-headers" {
                var bytes = part.body
                bytes += Array("\r\n\r\n".utf8)
                if let returned = try? MessageParser().parse(bytes), let id = returned.messageID { return id }
            } else if type == "message/rfc822" || type == "message/global" {
                for child in part.children {
                    if let field = child.header.first("Message-ID") {
                        if let id = MessageIDParser.ids(in: field.value).first { return id }
                    }
                }
            }
        }
        return nil
    }
}
