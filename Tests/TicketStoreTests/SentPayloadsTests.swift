import Foundation
import GRDB
import TestSupport
import Testing
import TicketStore
import Tickets

@Suite("The sweep's pass over sent outbox payloads")
struct SentPayloadsTests {
    static func draft(_ number: Int) -> OutboxDraft {
        OutboxDraft(kind: "reply", recipientKind: .customer, recipientName: nil, recipientAddress: "joerg.testmann@example.org",
                    messageID: "t1.\(number)@example.com", payload: Array("Subject: made-up answer \(number)\r\n\r\nHallo\r\n".utf8),
                    historyText: "Hallo", redactedHistoryText: "Hallo", replyTokenHash: nil, holdReason: nil)
    }

    @Test("payloads left on sent items are removed and counted, a dry run only counts, pending items keep theirs")
    func removesLeftovers() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let outcome = try database.intake.ingest(IngestStoreTests.mail(1), decision: .ticket(IngestStoreTests.plan()), retentionClass: nil, actor: .system("ingest"))
        guard case .ticket(let ticket, _, _) = outcome else { Issue.record("\(outcome)"); return }
        let audit = AuditDraft(actor: .testAgent, action: "ticket.replied", ticketID: ticket)
        let sent = try database.outbox.enqueue(Self.draft(1), ticket: ticket, update: .none, audit: audit)
        let leftover = try database.outbox.enqueue(Self.draft(2), ticket: ticket, update: .none, audit: audit)
        let pending = try database.outbox.enqueue(Self.draft(3), ticket: ticket, update: .none, audit: audit)
        try database.outbox.markSent(sent, receipt: "250 ok", transfer: nil, payloadSHA256: "", actor: .system("outbox"))
        #expect(try database.outbox.removeSentPayloads(dryRun: true) == 0, "sending drops the payload itself")

        // A sent row that still has its payload, as an interrupted older version could leave it.
        let queue = try DatabaseQueue(path: fixture.path)
        try queue.write { db in try db.execute(sql: "UPDATE outbox SET state = 'sent' WHERE id = ?", arguments: [leftover]) }
        #expect(try database.outbox.removeSentPayloads(dryRun: true) == 1)
        #expect(try database.outbox.removeSentPayloads(dryRun: true) == 1, "a dry run changes nothing")
        #expect(try database.outbox.removeSentPayloads(dryRun: false) == 1)
        #expect(try database.outbox.removeSentPayloads(dryRun: false) == 0)
        let payloads = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, payload IS NOT NULL AS kept, sealed_recipient IS NOT NULL AS address FROM outbox ORDER BY id")
                .map { (id: $0["id"] as Int64, kept: $0["kept"] as Bool, address: $0["address"] as Bool) }
        }
        #expect(payloads.map(\.id) == [sent, leftover, pending])
        #expect(payloads.map(\.kept) == [false, false, true])
        #expect(payloads.map(\.address) == [false, false, true], "the sealed customer address goes with the payload")
    }
}
