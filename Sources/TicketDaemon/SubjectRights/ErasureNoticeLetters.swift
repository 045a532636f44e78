import Foundation
import MailFormat
import Tickets
import TicketStore

/// The notice that tells a partner of an erasure (Art. 17(2), 19 GDPR): the copies of an erased
/// person's tickets that the partner received, named by our Message-ID and the day its server
/// accepted them, with the request to erase them and their attachments.
///
/// It names nothing about the person, not even the pseudonym the partner knew them by: the
/// Message-IDs find the copies in the partner's mail system, and the notice can sit in an
/// outbox, a log or a mailbox without becoming personal data itself. German first, then English.
enum ErasureNoticeLetters {
    /// One notice per partner, for the copies an erasure recalls. A partner no longer configured
    /// is still told, at the address the register recorded.
    static func notices(_ runtime: Runtime, smtp: Configuration.SMTP, copies: [RecalledCopy]) throws(OperatorError) -> [ErasureNoticeDraft] {
        var generator = SystemRandomNumberGenerator()
        var notices: [ErasureNoticeDraft] = []
        for (partner, recalled) in Dictionary(grouping: copies, by: \.partner).sorted(by: { $0.key < $1.key }) {
            let configured = runtime.configuration.partners.first { $0.name == partner }?.address
            // The register recorded a parsed address; one that no longer parses has no one to go to.
            guard let address = configured ?? (try? EmailAddress(parsing: recalled[0].recipient)) else { continue }
            let messageID = TicketActions.newMessageID(prefix: "e", domain: smtp.replyDomain, using: &generator)
            let mail = OutgoingMail(
                from: smtp.from, to: [Mailbox(displayName: nil, address: address)], subject: subject, date: runtime.database.now(),
                messageID: messageID, references: recalled.map(\.messageID), autoSubmitted: "auto-generated",
                body: body(recalled, controller: runtime.configuration.register.controller)
            )
            do {
                notices.append(ErasureNoticeDraft(partner: partner, recipient: address.description, messageID: messageID,
                                                  payload: try MailComposer.compose(mail), transfers: recalled.map(\.transfer)))
            } catch {
                throw .composition(what: "the erasure notice to partner \(partner)", cause: error)
            }
        }
        return notices
    }

    static let subject = "Löschung nach Art. 17 DSGVO: bitte löschen Sie unsere Kopien / Erasure under Art. 17 GDPR: please erase our copies"

    /// The letter: what to erase, why, and that nothing about the person is repeated here.
    static func body(_ copies: [RecalledCopy], controller: String) -> String {
        let list = copies.map { "- <\($0.messageID)> (\(RequestLetters.day($0.sentAt)))" }.joined(separator: "\n")
        return """
        Guten Tag,

        die Person, deren Daten wir Ihnen mit den unten genannten Mails übermittelt haben, hat ihr Recht auf Löschung ausgeübt (Art. 17 DSGVO). Wir haben ihre Daten gelöscht und teilen Ihnen das nach Art. 17 Abs. 2 und Art. 19 DSGVO mit.

        Bitte löschen Sie diese Mails, ihre Anhänge und alle Kopien, die Sie davon angelegt haben, soweit keine gesetzliche Pflicht Sie zur Aufbewahrung verpflichtet. Die Mails (Message-ID, Tag des Eingangs bei Ihnen):

        \(list)

        Diese Mitteilung nennt absichtlich nichts über die Person. Bitte antworten Sie nicht mit Inhalten aus diesen Mails.

        ---

        Hello,

        the person whose data we sent you in the mails listed below has exercised their right to erasure (Art. 17 GDPR). We have erased their data and notify you under Art. 17(2) and Art. 19 GDPR.

        Please erase these mails, their attachments and every copy you made of them, unless a legal duty requires you to keep them. The mails (Message-ID, day your server received it):

        \(list)

        This notice deliberately names nothing about the person. Please do not reply with content from those mails.

        -- 
        \(controller)
        """
    }
}
