import Foundation
import MailFormat
import Privacy
import Testing
import Tickets

@Suite("What becomes of a received mail")
struct IngestPolicyTests {
    static let website = FormProfile(
        name: "website-contact", matchTo: ["support@example.com"], matchSubjectPrefix: ["Kontaktformular"], matchHeader: [],
        format: .labels, versionLabel: "Formular-Version",
        labels: [.name: ["Name"], .email: ["E-Mail"], .phone: ["Telefon"], .message: ["Nachricht"]],
        consent: [.processing: ["Einwilligung Datenverarbeitung"], .marketing: ["Einwilligung Produktempfehlungen"]],
        missingProcessingConsent: .quarantine
    )

    static func mail(
        subject: String = "Kontaktformular", from: String = "Webformular <noreply@example.com>", to: String = "support@example.com",
        headers: [(String, String)] = [], contentType: String = "text/plain", reportType: String? = nil, text: String
    ) -> IncomingMail {
        IncomingMail(
            messageID: "made-up-1@example.com", subject: subject, from: try? Mailbox(parsing: from),
            recipients: [try! EmailAddress(parsing: to)], headers: headers.map { (name: $0.0, value: $0.1) },
            contentType: contentType, reportType: reportType, text: text, attachments: []
        )
    }

    static let formText = """
    Name: Jörg Testmann
    E-Mail: joerg.testmann@example.org
    Telefon: 030 5550 7788
    Nachricht: Der Fernseher geht nicht an. Ich nutze ein Hörgerät, bitte schriftlich antworten.
    Einwilligung Datenverarbeitung: ja
    Einwilligung Produktempfehlungen: nein
    Formular-Version: 2.3
    """

    @Test("a contact form with consent becomes a ticket about the person in the form, not the web server")
    func formTicket() throws {
        guard case .ticket(let plan) = IngestPolicy.decide(Self.mail(text: Self.formText), forms: [Self.website]) else {
            Issue.record("no ticket"); return
        }
        #expect(plan.customer == PersonalData(name: "Jörg Testmann", email: "joerg.testmann@example.org", phone: "030 5550 7788"))
        #expect(plan.customerAddress.description == "joerg.testmann@example.org")
        #expect(plan.form?.version == "2.3")
        #expect(plan.form?.consents == [.processing: .granted, .marketing: .refused])
        #expect(plan.sensitive == [.health])
        #expect(!plan.restricted)
        for value in ["Jörg", "Testmann", "joerg.testmann", "5550"] { #expect(!plan.redactedText.contains(value)) }
        #expect(plan.redactedText.contains("Der Fernseher geht nicht an."))
    }

    @Test("without processing consent: quarantine, or a restricted ticket, as the profile says")
    func noConsent() {
        let text = Self.formText.replacingOccurrences(of: "Einwilligung Datenverarbeitung: ja", with: "Einwilligung Datenverarbeitung: nein")
        guard case .quarantine(.noProcessingConsent) = IngestPolicy.decide(Self.mail(text: text), forms: [Self.website]) else {
            Issue.record("not quarantined"); return
        }
        var restricting = Self.website
        restricting.missingProcessingConsent = .restrict
        guard case .ticket(let plan) = IngestPolicy.decide(Self.mail(text: text), forms: [restricting]) else {
            Issue.record("no restricted ticket"); return
        }
        #expect(plan.restricted)
    }

    @Test("a plain mail becomes a ticket about its sender")
    func plainMail() {
        let mail = Self.mail(subject: "Frage zur Lieferung", from: "Aylin Musterfrau <aylin@example.net>", text: "Wann kommt mein Paket?")
        guard case .ticket(let plan) = IngestPolicy.decide(mail, forms: [Self.website]) else { Issue.record("no ticket"); return }
        #expect(plan.form == nil)
        #expect(plan.customer == PersonalData(name: "Aylin Musterfrau", email: "aylin@example.net"))
    }

    @Test("a mail with no usable sender is quarantined")
    func noSender() {
        let mail = Self.mail(subject: "Hallo", from: "", text: "x")
        guard case .quarantine(.noSender) = IngestPolicy.decide(mail, forms: []) else { Issue.record("not quarantined"); return }
    }

    @Test("machines answering mail never open tickets", arguments: [
        (Self.mail(subject: "Re: Ihre Anfrage", from: "a@example.org", headers: [("Auto-Submitted", "auto-replied")], text: "bin weg"), MailKind.autoReply),
        (Self.mail(subject: "Abwesenheitsnotiz: Ihre Anfrage", from: "a@example.org", text: "bin weg"), .autoReply),
        (Self.mail(subject: "x", from: "a@example.org", headers: [("X-Autoreply", "yes")], text: ""), .autoReply),
        (Self.mail(subject: "x", from: "a@example.org", headers: [("Precedence", "auto_reply")], text: ""), .autoReply),
        (Self.mail(subject: "Undelivered Mail Returned to Sender", from: "MAILER-DAEMON@mail.example.com", text: ""), .bounce),
        (Self.mail(subject: "Delivery Status Notification", from: "postmaster@example.net", contentType: "multipart/report", reportType: "delivery-status", text: ""), .bounce),
        (Self.mail(subject: "Gelesen: x", from: "a@example.org", contentType: "multipart/report", reportType: "disposition-notification", text: ""), .autoReply),
        (Self.mail(subject: "Mein Fernseher", from: "a@example.org", headers: [("Auto-Submitted", "no")], text: "Hilfe"), .person),
    ])
    func machines(mail: IncomingMail, kind: MailKind) {
        #expect(MailKind.of(mail) == kind)
    }
}
