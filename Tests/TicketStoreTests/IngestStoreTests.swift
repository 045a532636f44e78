import Foundation
import GRDB
import MailFormat
import Privacy
import TestSupport
import Testing
import TicketStore
import Tickets

@Suite("Committing received mail")
struct IngestStoreTests {
    static func plan(email: String = "joerg.testmann@example.org", phone: String? = nil) -> TicketPlan {
        TicketPlan(
            customer: PersonalData(name: "Jörg Testmann", email: email, phone: phone),
            customerAddress: try! EmailAddress(parsing: email),
            form: FormSubmission(profile: "website-contact", version: "2.3", fields: [:],
                                 consents: [.processing: .granted, .marketing: .unreadable], problems: []),
            restricted: false, sensitive: [.health], text: "Jörg Testmann braucht Hilfe mit dem Hörgerät-Modus.",
            redactedText: "[name] braucht Hilfe mit dem Hörgerät-Modus.", subject: "Kontaktformular von Jörg Testmann",
            redactedSubject: "Kontaktformular von [name]"
        )
    }

    static func mail(_ key: UInt8, attachment: Bool = false) -> ReceivedMail {
        ReceivedMail(
            raw: Array("From: Jörg Testmann <joerg.testmann@example.org>\r\n\r\nHallo\r\n".utf8), dedupeKey: Data(repeating: key, count: 32),
            messageID: "made-up-\(key)@example.com", source: "file",
            attachments: attachment ? [(filename: "Rechnung Jörg Testmann.pdf", mimeType: "application/pdf", data: Array("%PDF-1.4 made up".utf8))] : []
        )
    }

    @Test("a ticket with its consents and evidence; the same mail again is a duplicate")
    func ticketAndDuplicate() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let outcome = try database.intake.ingest(Self.mail(1, attachment: true), decision: .ticket(Self.plan()), retentionClass: "ticket_personal_data", actor: .system("ingest"))
        guard case .ticket(let id, let pseudonym, true) = outcome else { Issue.record("\(outcome)"); return }
        let record = try #require(try database.tickets.find(id))
        #expect(record.subject == pseudonym)
        #expect(record.sensitive == ["health"])
        #expect(record.form == "website-contact" && record.formVersion == "2.3")
        #expect(record.redactedSubject == "Kontaktformular von [name]")
        let processing = try #require(record.consents.first { $0.purpose == "processing" })
        #expect(processing.granted == true)
        #expect(processing.sourceMessageID == "made-up-1@example.com")
        #expect(processing.mechanism.contains("answered yes"))
        #expect(record.consents.first { $0.purpose == "marketing" }?.granted == nil)
        #expect(try database.tickets.customer(ofTicket: id)?.name == "Jörg Testmann")

        let again = try database.intake.ingest(Self.mail(1), decision: .ticket(Self.plan()), retentionClass: nil, actor: .system("ingest"))
        #expect(again == .duplicate(ticket: id, quarantine: nil))
        #expect(try database.tickets.list().count == 1)

        try database.checkpointTruncatingWAL()
        for value in ["Jörg", "Testmann", "joerg.testmann", "Rechnung", "%PDF-1.4 made up"] {
            #expect(!FileBytes.databaseContains(fixture.path, Data(value.utf8)), "\(value) stored in the clear")
        }
        let ticketEvent = try #require(try database.audit.events(ticket: id).first)
        #expect(ticketEvent.fields == ["raw_mail", "message_text", "attachments"])
        #expect(ticketEvent.details["consent_processing"] == "granted")
        #expect(ticketEvent.details["consent_marketing"] == "unreadable")
    }

    @Test("a second mail from the same address is the same subject, completed with what it did not have")
    func sameSubject() throws {
        let database = try StoreFixture().open()
        let first = try database.intake.ingest(Self.mail(1), decision: .ticket(Self.plan()), retentionClass: nil, actor: .system("ingest"))
        let second = try database.intake.ingest(Self.mail(2), decision: .ticket(Self.plan(email: "JOERG.Testmann@example.org", phone: "030 5550 7788")),
                                         retentionClass: nil, actor: .system("ingest"))
        guard case .ticket(_, let a, true) = first, case .ticket(let ticket, let b, false) = second else {
            Issue.record("\(first) \(second)"); return
        }
        #expect(a == b)
        #expect(try database.tickets.customer(ofTicket: ticket)?.phone == "030 5550 7788")
        #expect(try database.audit.events().contains { $0.action == "subject.completed" && $0.fields == ["phone"] })
    }

    @Test("a quarantined mail is sealed under its own key and can be opened for an agent")
    func quarantine() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let outcome = try database.intake.ingest(Self.mail(3), decision: .quarantine(.noProcessingConsent), retentionClass: nil, actor: .system("ingest"))
        guard case .quarantined(let id, .noProcessingConsent) = outcome else { Issue.record("\(outcome)"); return }
        #expect(try database.intake.quarantinedMail(id)?.raw == Data(Self.mail(3).raw))
        #expect(try database.intake.quarantine().map(\.reason) == ["no_processing_consent"])
        #expect(try database.intake.ingest(Self.mail(3), decision: .quarantine(.noProcessingConsent), retentionClass: nil, actor: .system("ingest"))
                == .duplicate(ticket: nil, quarantine: id))
        try database.checkpointTruncatingWAL()
        #expect(!FileBytes.databaseContains(fixture.path, Data("Testmann".utf8)))
    }

    @Test("erasing the subject clears the sealed message, subject line and attachments")
    func erasureReachesAttachments() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let outcome = try database.intake.ingest(Self.mail(4, attachment: true), decision: .ticket(Self.plan()), retentionClass: nil, actor: .system("ingest"))
        guard case .ticket(let id, let pseudonym, _) = outcome else {
            Issue.record("the mail was to make a ticket, but it became \(outcome)")
            return
        }
        _ = try database.subjects.erase(pseudonym, actor: .testAgent, reason: "test")
        let leftovers = try DatabaseQueue(path: fixture.path).read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM attachments a JOIN messages m ON m.id = a.message_id
                WHERE a.sealed_data IS NOT NULL OR a.sealed_filename IS NOT NULL OR m.sealed_subject IS NOT NULL OR m.sealed_raw IS NOT NULL
                """)
        }
        #expect(leftovers == 0)
        #expect(try database.tickets.find(id)?.subject == nil)
        #expect(try database.tickets.customer(ofTicket: id) == nil)
    }
}
