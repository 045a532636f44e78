import Foundation
import GRDB
import Privacy
import TestSupport
import Testing
import TicketStore
import Tickets

@Suite("The audit trail is a verifiable chain")
struct AuditTrailTests {
    /// A database with a few events of every shape (with and without ticket, subject, fields, details).
    static func populated() throws -> (StoreFixture, TicketDatabase) {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let subject = try database.subjects.create(MadeUpPeople.erika, email: nil, actor: .system("ingest"))
        _ = try database.tickets.create(
            for: subject,
            message: NewMessage(direction: .inbound, fromRole: "customer", messageID: nil, raw: nil, text: "Hallo", redactedText: "Hallo"),
            queue: "tv", actor: .system("ingest")
        )
        try database.audit.record(AuditDraft(actor: .testAgent, action: "config.reloaded", details: ["forms": "2"]))
        _ = try database.subjects.create(MadeUpPeople.max, email: nil, actor: .testAgent)
        return (fixture, database)
    }

    @Test("an untouched trail verifies")
    func intact() throws {
        let (_, database) = try Self.populated()
        let result = try database.audit.verify()
        #expect(result.firstBreak == nil)
        #expect(result.verifiedCount == 4)
    }

    @Test("events cannot be changed or deleted through SQL while the triggers stand")
    func appendOnly() throws {
        let (fixture, _) = try Self.populated()
        let queue = try DatabaseQueue(path: fixture.path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE audit_events SET action = 'x' WHERE sequence = 1") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM audit_events WHERE sequence = 1") } }
    }

    /// Every column of every event, changed by one byte (or one unit), by someone who dropped the triggers.
    static let tamperings: [(column: String, sql: String)] = [
        ("at", "UPDATE audit_events SET at = at + 1 WHERE sequence = ?"),
        ("actor", "UPDATE audit_events SET actor = actor || 'x' WHERE sequence = ?"),
        ("action", "UPDATE audit_events SET action = substr(action, 1, length(action) - 1) || 'X' WHERE sequence = ?"),
        ("ticket_id", "UPDATE audit_events SET ticket_id = coalesce(ticket_id + 1, 99) WHERE sequence = ?"),
        ("subject", "UPDATE audit_events SET subject = coalesce(replace(subject, 'S-', 'S_'), 'S-0000-0000-0000') WHERE sequence = ?"),
        ("fields (same values, other spelling)", "UPDATE audit_events SET fields = replace(fields, ',', ', ') || ' ' WHERE sequence = ?"),
        ("fields", "UPDATE audit_events SET fields = '[\"forged\"]' WHERE sequence = ?"),
        ("details", "UPDATE audit_events SET details = '{\"forged\":\"1\"}' WHERE sequence = ?"),
        ("previous_hash", "UPDATE audit_events SET previous_hash = CAST(zeroblob(31) || x'01' AS BLOB) WHERE sequence = ?"),
        ("hash", "UPDATE audit_events SET hash = CAST(substr(hash, 1, 31) || x'00' AS BLOB) WHERE sequence = ? AND substr(hash, 32, 1) != x'00'"),
        ("fields of another type", "UPDATE audit_events SET fields = 42 WHERE sequence = ?"),
    ]

    @Test("changing any stored event makes verification fail and name that event", arguments: 1...4)
    func tampering(sequence: Int) throws {
        for tampering in Self.tamperings {
            let (fixture, database) = try Self.populated()
            let queue = try DatabaseQueue(path: fixture.path)
            let changed = try queue.write { db -> Int in
                try db.execute(sql: "DROP TRIGGER audit_events_no_update")
                try db.execute(sql: tampering.sql, arguments: [sequence])
                return db.changesCount
            }
            if changed == 0 { continue }  // e.g. the hash already ends in 00: that variant does not apply
            let result = try database.audit.verify()
            #expect(result.firstBreak?.sequence == Int64(sequence), "changing \(tampering.column) of #\(sequence) was not named: \(String(describing: result.firstBreak))")
            #expect(result.verifiedCount == Int64(sequence - 1))
        }
    }

    @Test("a deleted event is found")
    func deletion() throws {
        let (fixture, database) = try Self.populated()
        try DatabaseQueue(path: fixture.path).write { db in
            try db.execute(sql: "DROP TRIGGER audit_events_no_delete")
            try db.execute(sql: "DELETE FROM audit_events WHERE sequence = 2")
        }
        let result = try database.audit.verify()
        #expect(result.firstBreak == AuditChainBreak(sequence: 3, reason: .sequenceGap(expected: 2)))
    }

    @Test("audit events hold no personal value")
    func noPersonalValues() throws {
        let (_, database) = try Self.populated()
        let events = try database.audit.events()
        // Not vacuous: the events that name the two people and the ticket with their message are read.
        try #require(events.map(\.action) == ["subject.created", "ticket.created", "config.reloaded", "subject.created"])
        let text = events.map { "\($0)" }.joined()
        for value in ["Erika", "Quellenfeld", "example.org", "Beispielhofer", "Hallo"] {
            #expect(!text.contains(value))
        }
    }

    @Test("events can be read for one ticket")
    func perTicket() throws {
        let (_, database) = try Self.populated()
        let events = try database.audit.events(ticket: 1)
        #expect(events.map(\.action) == ["ticket.created"])
        #expect(events[0].fields == ["message_text"])
    }
}
