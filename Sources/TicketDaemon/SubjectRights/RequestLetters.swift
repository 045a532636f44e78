import Foundation
import MailFormat
import Privacy
import Tickets
import TicketStore

/// The mails ticketd writes to a person who made a data-subject request by mail: the
/// confirmation that verifies them, the answer once it is carried out, and the notice that the
/// deadline is extended. German first, then English, as the people who write in are German- and
/// English-speaking.
///
/// The confirmation is the same for an address ticketd knows and one it does not (DESIGN §3):
/// it names the kinds of request the mail asked for and nothing ticketd holds, so that nobody
/// learns from it whether someone is a customer. Answers go only to the verified address.
enum RequestLetters {
    /// German and English names of the kinds, for the letters.
    static func names(_ kinds: [SubjectRequestKind]) -> (german: String, english: String) {
        let german = kinds.map { kind -> String in
            switch kind {
            case .access: "Auskunft und Kopie Ihrer Daten (Art. 15, 20 DSGVO)"
            case .rectification: "Berichtigung (Art. 16 DSGVO)"
            case .erasure: "Löschung (Art. 17 DSGVO)"
            case .restriction: "Einschränkung der Verarbeitung (Art. 18 DSGVO)"
            case .objection: "Widerspruch (Art. 21 DSGVO)"
            case .withdrawal(.processing): "Widerruf der Einwilligung in die Verarbeitung (Art. 7 Abs. 3 DSGVO)"
            case .withdrawal(.marketing): "Widerruf der Einwilligung in Werbung (Art. 7 Abs. 3, Art. 21 Abs. 2 DSGVO)"
            }
        }
        let english = kinds.map { kind -> String in
            switch kind {
            case .access: "access to and a copy of your data (Art. 15, 20 GDPR)"
            case .rectification: "rectification (Art. 16 GDPR)"
            case .erasure: "erasure (Art. 17 GDPR)"
            case .restriction: "restriction of processing (Art. 18 GDPR)"
            case .objection: "objection (Art. 21 GDPR)"
            case .withdrawal(.processing): "withdrawal of your consent to processing (Art. 7(3) GDPR)"
            case .withdrawal(.marketing): "withdrawal of your consent to marketing (Art. 7(3), 21(2) GDPR)"
            }
        }
        return (german.joined(separator: "; "), english.joined(separator: "; "))
    }

    /// The confirmation mail: one-time token in the reply address and the subject.
    static func confirmation(
        _ runtime: Runtime, smtp: Configuration.SMTP, to address: EmailAddress, kinds: [SubjectRequestKind], token: ReplyToken, expires: Date
    ) throws(OperatorError) -> RequestMailDraft {
        let (german, english) = names(kinds)
        let until = day(expires)
        let body = """
        Guten Tag,

        an uns ist von dieser Adresse eine Anfrage zu Ihren Datenschutzrechten gekommen: \(german).

        Damit niemand Auskunft über Ihre Daten erhält oder sie ändert, der nur Ihre Adresse kennt, handeln wir erst, wenn Sie die Anfrage von dieser Adresse aus bestätigen: Antworten Sie bis \(until) auf diese Mail und lassen Sie den Betreff unverändert. Der Bestätigungscode gilt nur einmal.

        Für eine Berichtigung schreiben Sie die richtigen Angaben in Ihre Antwort, je eine Zeile wie "Name: ...", "Telefon: ...", "Anschrift: ...".

        Wenn Sie diese Anfrage nicht gestellt haben, beachten Sie diese Mail bitte nicht; es geschieht dann nichts.

        ---

        Hello,

        we have received a request about your data-protection rights from this address: \(english).

        So that nobody who merely knows your address can see or change your data, we act only once you confirm the request from this address: reply to this mail by \(until), keeping the subject line as it is. The confirmation code works once.

        For a rectification, write the correct values into your reply, one line each, like "Name: ...", "Phone: ...", "Address: ...".

        If you did not make this request, please ignore this mail; nothing will happen.

        \(signature(runtime))
        """
        let draft = try compose(runtime, smtp: smtp, kind: "request_confirmation", to: address, replyTo: TicketActions.replyAddress(smtp, token: token, confirmation: true),
                                subject: "Bitte bestätigen Sie Ihre Datenschutz-Anfrage / Please confirm your data-protection request \(token.confirmationTag)",
                                body: body, attachments: [])
        return RequestMailDraft(kind: draft.kind, messageID: draft.messageID, payload: draft.payload, tokenHash: token.hash, expiresAt: expires)
    }

    /// The answer once a request is carried out: what was done and what was kept, and for an
    /// access request the export (readable text, and the JSON document attached).
    static func answer(
        _ runtime: Runtime, smtp: Configuration.SMTP, to address: EmailAddress, kinds: [SubjectRequestKind], german: [String], english: [String],
        export: SubjectExportDocument?
    ) throws(OperatorError) -> RequestMailDraft {
        let (germanKinds, englishKinds) = names(kinds)
        var body = """
        Guten Tag,

        Sie haben Ihre Anfrage bestätigt (\(germanKinds)). Wir haben sie ausgeführt:

        \(german.map { "- \($0)" }.joined(separator: "\n"))

        ---

        Hello,

        you confirmed your request (\(englishKinds)). We have carried it out:

        \(english.map { "- \($0)" }.joined(separator: "\n"))

        """
        var attachments: [OutgoingAttachment] = []
        if let export {
            body += """

            Die Kopie Ihrer Daten folgt hier lesbar; dieselben Daten hängen maschinenlesbar als JSON-Datei an (Art. 20 DSGVO).
            A readable copy of your data follows; the same data is attached as a JSON file (Art. 20 GDPR).

            \(export.markdown)
            """
            attachments.append(OutgoingAttachment(filename: "datenauskunft.json", mimeType: "application/json", data: Array(export.json.utf8)))
        } else {
            body += "\n" + rightsNote(runtime)
        }
        body += "\n" + signature(runtime)
        return try compose(runtime, smtp: smtp, kind: "request_answer", to: address, replyTo: nil,
                           subject: "Ihre Datenschutz-Anfrage ist erledigt / Your data-protection request is done", body: body, attachments: attachments)
    }

    /// The notice that the deadline is extended by two months, with the reason (Art. 12(3)).
    static func extensionNotice(
        _ runtime: Runtime, smtp: Configuration.SMTP, to address: EmailAddress, kinds: [SubjectRequestKind], lastDay: String, reason: String
    ) throws(OperatorError) -> RequestMailDraft {
        let (german, english) = names(kinds)
        let body = """
        Guten Tag,

        Ihre Anfrage (\(german)) braucht länger als einen Monat. Nach Art. 12 Abs. 3 DSGVO verlängern wir die Frist um zwei Monate; Sie erhalten unsere Antwort spätestens am \(lastDay).

        Der Grund: \(reason)

        ---

        Hello,

        your request (\(english)) takes longer than one month. Under Art. 12(3) GDPR we extend the deadline by two months; you will have our answer by \(lastDay) at the latest.

        The reason: \(reason)

        \(rightsNote(runtime))
        \(signature(runtime))
        """
        return try compose(runtime, smtp: smtp, kind: "request_extension", to: address, replyTo: nil,
                           subject: "Ihre Datenschutz-Anfrage: Fristverlängerung / Your data-protection request: deadline extended", body: body, attachments: [])
    }

    /// Where to complain (Art. 77) and whom to ask.
    static func rightsNote(_ runtime: Runtime) -> String {
        let register = runtime.configuration.register
        var lines = ["Datenschutzbeauftragte(r) / Data protection officer: \(register.dpo)"]
        lines.append("Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren (Art. 77 DSGVO) / You may lodge a complaint with a supervisory authority (Art. 77 GDPR)"
                     + (register.supervisoryAuthority.map { ": \($0)" } ?? "."))
        return lines.joined(separator: "\n")
    }

    static func signature(_ runtime: Runtime) -> String {
        "-- \n\(runtime.configuration.register.controller)"
    }

    static func day(_ date: Date) -> String {
        String(JSONLogHandler.timestamp(date).prefix(10))
    }

    static func compose(
        _ runtime: Runtime, smtp: Configuration.SMTP, kind: String, to address: EmailAddress, replyTo: Mailbox?, subject: String, body: String,
        attachments: [OutgoingAttachment]
    ) throws(OperatorError) -> RequestMailDraft {
        var generator = SystemRandomNumberGenerator()
        let messageID = TicketActions.newMessageID(prefix: "r", domain: smtp.replyDomain, using: &generator)
        let mail = OutgoingMail(
            from: smtp.from, to: [Mailbox(displayName: nil, address: address)], replyTo: replyTo, subject: subject, date: runtime.database.now(),
            messageID: messageID, autoSubmitted: "auto-replied", body: body, attachments: attachments
        )
        do {
            return RequestMailDraft(kind: kind, messageID: messageID, payload: try MailComposer.compose(mail))
        } catch {
            throw .composition(what: "the mail to the requester", cause: error)
        }
    }
}
