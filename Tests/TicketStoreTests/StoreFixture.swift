import Foundation
import GRDB
import Privacy
import TestSupport
@testable import TicketStore
import Tickets

/// A fresh database in a temporary directory with a fixed master key and clock.
struct StoreFixture {
    let directory = TemporaryDirectory("ticketd-store")
    let masterKey = try! MasterKey(bytes: Data((0..<32).map { UInt8($0 * 7 % 256) }))
    var path: String { directory.file("ticketd.sqlite3") }

    func open(at path: String? = nil, key: MasterKey? = nil) throws -> TicketDatabase {
        try TicketDatabase(path: path ?? self.path, masterKey: key ?? masterKey,
                           now: { Date(timeIntervalSince1970: 1_800_000_000) })
    }
}

/// Made-up people: no real person's data is used anywhere in the tests.
enum MadeUpPeople {
    static let erika = PersonalData(
        name: "Erika Mustermann-Quellenfeld", email: "erika.quellenfeld@example.org",
        phone: "+49 30 5550 1234", postalAddress: "Heidestraße 17, 10557 Berlin"
    )
    static let max = PersonalData(
        name: "Maximilian Beispielhofer", email: "m.beispielhofer@example.net",
        phone: nil, postalAddress: nil
    )
}

extension Actor {
    static let testAgent = try! Actor(.agent, "test-agent")
}

extension MailIntake {
    /// One received mail committed on its own, as a batch of one (the daemon commits batches).
    func ingest(
        _ mail: ReceivedMail, decision: IngestDecision, retentionClass: String?, actor: Actor, position: MailboxPosition? = nil
    ) throws(StoreError) -> IngestOutcome {
        try ingestBatch([IngestItem(mail: mail, decision: decision, position: position)], retentionClass: retentionClass, actor: actor)[0].outcome
    }
}

extension TicketRepository {
    /// A ticket for an existing subject with one message and its `ticket.created` event, and
    /// nothing else (no dedupe record, consents or subject lookup, which ``ingest`` adds): the
    /// smallest ticket the audit and sealing tests build on. It needs the store's internals, as
    /// the product never opens a ticket without a received mail.
    func create(for subject: SubjectRecord, message: NewMessage, queue: String?, actor: Actor) throws(StoreError) -> Int64 {
        try database.write { db in
            let at = database.nowMilliseconds()
            try db.execute(sql: "INSERT INTO tickets (subject_id, state, queue, created_at) VALUES (?, 'open', ?, ?)", arguments: [subject.id, queue, at])
            let ticket = db.lastInsertedRowID
            let fields = try database.insertMessage(message, ticket: ticket, subject: subject, at: at, in: db)
            try database.appendAudit(AuditDraft(actor: actor, action: "ticket.created", ticketID: ticket, subject: subject.pseudonym.rawValue, fields: fields), in: db)
            return ticket
        }
    }
}
