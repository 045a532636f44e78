import Foundation
import GRDB
import MailFormat
import Privacy
import TestSupport
import Testing
import TicketStore
import Tickets

/// Stored redacted texts made by an older redactor, computed again by the installed one.
@Suite("Refreshing stored redactions")
struct RedactionRefreshTests {
    /// What an older redactor stored: the customer number and birth date left in the text.
    static func oldPlan(_ number: Int) -> TicketPlan {
        let text = "Guten Tag, Kundennr.: KD 71105\(number), geb. 12.03.1975. Mein Fernseher VX55 startet neu."
        return TicketPlan(
            customer: PersonalData(name: "Jörg Testmann", email: "joerg.testmann\(number)@example.org"),
            customerAddress: try! EmailAddress(parsing: "joerg.testmann\(number)@example.org"),
            form: nil, restricted: false, sensitive: [], text: text, redactedText: text,
            subject: "Rückruf KD 71105\(number)", redactedSubject: "Rückruf KD 71105\(number)"
        )
    }

    @Test("in batches, resumable, audited; waiting copies held; a new database needs nothing")
    func refresh() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        #expect(try database.redactions.storedVersion() == Redactor.version, "a new database is made by the installed redactor")
        var tickets: [Int64] = []
        for number in 1...3 {
            let mail = ReceivedMail(raw: Array("From: x@example.org\r\n\r\nHallo\r\n".utf8), dedupeKey: Data(repeating: UInt8(number), count: 32),
                                    messageID: "refresh-\(number)@example.org", source: "file", attachments: [])
            guard case .ticket(let id, _, _) = try database.intake.ingest(mail, decision: .ticket(Self.oldPlan(number)), retentionClass: nil, actor: .system("ingest")) else {
                Issue.record("mail \(number) gave no ticket")
                return
            }
            tickets.append(id)
        }
        let copy = OutboxDraft(kind: "forward", recipientKind: .partner, recipientName: "acme", recipientAddress: "service@acme.example",
                               messageID: "copy-1@example.com", payload: Array("Subject: copy\r\n\r\nold copy\r\n".utf8), historyText: "old copy", redactedHistoryText: "old copy",
                               replyTokenHash: nil, holdReason: nil)
        _ = try database.outbox.enqueue(copy, ticket: tickets[0], update: .none, audit: AuditDraft(actor: .system("test"), action: "ticket.forwarded", ticketID: tickets[0]))
        // As a database of the older redactor would be.
        try DatabaseQueue(path: fixture.path).write { db in
            try db.execute(sql: "UPDATE meta SET value = '1' WHERE key = 'redaction.version'")
        }

        let first = try database.redactions.refresh(version: Redactor.version, batch: 1, limit: 2, actor: .system("test"))
        #expect(first == RedactionRefreshReport(messages: 2, changed: 2, heldCopies: 0, finished: false))
        #expect(try database.outbox.items().first?.state == .pending, "copies are held only when the refresh is complete")
        // Interrupted after two batches: the next run goes on with the third message.
        let rest = try database.redactions.refresh(version: Redactor.version, batch: 1, actor: .system("test"))
        #expect(rest == RedactionRefreshReport(messages: 1, changed: 1, heldCopies: 1, finished: true))
        // (The last batch finds no more message after the third and records the version.)
        #expect(try database.redactions.storedVersion() == Redactor.version)

        for id in tickets {
            let record = try #require(try database.tickets.find(id))
            #expect(record.redactedSubject.hasPrefix("Rückruf [customer-number]"), "ticket \(id)")
            let text = try #require(try database.tickets.messages(ofTicket: id).first?.redactedText)
            #expect(text.contains("Kundennr.: [customer-number], geb. [birth-date]. Mein Fernseher VX55 startet neu."), "ticket \(id)")
        }
        let held = try #require(try database.outbox.items().first)
        #expect(held.state == .held && held.holdReason?.contains("earlier redactor") == true)

        let events = try database.audit.events().filter { $0.action.hasPrefix("redaction.") }
        #expect(events.filter { $0.action == "redaction.refreshed" }.count == 3)
        #expect(events.contains { $0.action == "redaction.copies_held" && $0.details["copies"] == "1" })
        #expect(try database.redactions.refresh(version: Redactor.version, actor: .system("test")) == RedactionRefreshReport(finished: true))
    }
}
