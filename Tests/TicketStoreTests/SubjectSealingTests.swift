import Foundation
import GRDB
import MailFormat
import Privacy
import TestSupport
import Testing
import TicketStore
import Tickets

@Suite("Subjects are sealed, found by keyed hash, and erased for good")
struct SubjectSealingTests {
    @Test("a subject is sealed and read back; nothing personal is stored in the clear")
    func roundTrip() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let person = MadeUpPeople.erika
        let address = try EmailAddress(parsing: person.email!)
        let subject = try database.subjects.create(person, email: address, actor: .system("ingest"))
        #expect(try database.subjects.personalData(of: subject.pseudonym) == person)
        #expect(try database.subjects.find(email: EmailAddress(parsing: "ERIKA.Quellenfeld@example.org"))?.pseudonym == subject.pseudonym)
        #expect(try database.subjects.find(email: EmailAddress(parsing: "someone.else@example.org")) == nil)

        try database.checkpointTruncatingWAL()
        for value in [person.name!, person.email!, person.phone!, "Heidestraße", "Quellenfeld", "erika.quellenfeld"] {
            #expect(!FileBytes.databaseContains(fixture.path, Data(value.utf8)), "'\(value.prefix(3))…' is stored in the clear")
        }
    }

    @Test("after erasure its sealed rows cannot be opened and its data is in neither the file nor the WAL")
    func erasure() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let erika = MadeUpPeople.erika
        let subject = try database.subjects.create(erika, email: try EmailAddress(parsing: erika.email!), actor: .system("ingest"))
        let bystander = try database.subjects.create(MadeUpPeople.max, email: try EmailAddress(parsing: MadeUpPeople.max.email!), actor: .system("ingest"))
        let raw = Data("From: \(erika.name!) <\(erika.email!)>\r\nSubject: Fernseher\r\n\r\nMein Fernseher findet das WLAN nicht.\r\n".utf8)
        let ticket = try database.tickets.create(
            for: subject,
            message: NewMessage(direction: .inbound, fromRole: "customer", messageID: "<made-up-1@example.org>", raw: raw,
                                text: "Mein Fernseher findet das WLAN nicht. Gruß, \(erika.name!)", redactedText: "Mein Fernseher findet das WLAN nicht. Gruß, [name]"),
            queue: nil, actor: .system("ingest")
        )
        #expect(try database.tickets.messages(ofTicket: ticket).first?.text?.contains(erika.name!) == true)

        // What an attacker with a copy of the database would have to work with.
        let (sealedData, wrappedKey, sealedText) = try DatabaseQueue(path: fixture.path).read { db in
            (try Data.fetchOne(db, sql: "SELECT personal_data FROM subjects WHERE id = ?", arguments: [subject.id])!,
             try Data.fetchOne(db, sql: "SELECT wrapped_key FROM subject_keys WHERE subject_id = ?", arguments: [subject.id])!,
             try Data.fetchOne(db, sql: "SELECT sealed_text FROM messages WHERE ticket_id = ?", arguments: [ticket])!)
        }

        // The search is not vacuous: before the erasure the sealed bytes are found.
        try database.checkpointTruncatingWAL()
        #expect(FileBytes.databaseContains(fixture.path, wrappedKey))
        #expect(FileBytes.databaseContains(fixture.path, sealedData))
        #expect(FileBytes.databaseContains(fixture.path, sealedText))

        let erasure = try database.subjects.erase(subject.pseudonym, actor: .testAgent, reason: "art17-request")
        #expect(erasure.messagesCleared == 1)
        #expect(erasure.walTruncated)

        #expect(throws: StoreError.subjectKeyMissing(subject.pseudonym.rawValue)) { try database.subjects.personalData(of: subject.pseudonym) }
        #expect(try database.subjects.find(email: EmailAddress(parsing: erika.email!)) == nil)
        // The person's ticket goes whole (Art. 17: everything about them; nothing was held).
        #expect(try database.tickets.find(ticket) == nil)
        #expect(try database.tickets.messages(ofTicket: ticket).isEmpty)
        #expect(erasure.ticketsErased == [ticket] && erasure.keyDestroyed)
        // Even a kept copy of the wrapped key no longer matters: the rows it could open are gone,
        // and the bytes of key, seals and plaintext are in neither the file nor the WAL.
        let needles: [(String, Data)] = [
            ("name", Data(erika.name!.utf8)), ("email", Data(erika.email!.utf8)), ("phone", Data(erika.phone!.utf8)),
            ("surname", Data("Quellenfeld".utf8)), ("wrapped key", wrappedKey), ("sealed personal data", sealedData),
            ("sealed message text", sealedText),
        ]
        for (label, needle) in needles {
            #expect(!FileBytes.databaseContains(fixture.path, needle), "\(label) is still in the database files")
        }
        // The bystander is untouched.
        #expect(try database.subjects.personalData(of: bystander.pseudonym) == MadeUpPeople.max)
        // The erasure is recorded without any personal value.
        let last = try #require(try database.audit.events().last)
        #expect(last.action == "subject.erased")
        #expect(last.subject == subject.pseudonym.rawValue)
        #expect(last.actor == "agent:test-agent")
    }

    @Test("erasing an unknown subject says so")
    func unknown() throws {
        let database = try StoreFixture().open()
        let pseudonym = Pseudonym(rawValue: "S-0000-0000-0000")!
        #expect(throws: StoreError.subjectNotFound("S-0000-0000-0000")) {
            try database.subjects.erase(pseudonym, actor: .testAgent, reason: "test")
        }
    }

    @Test("a sealed value moved to another subject's row does not open")
    func movedSeal() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        let a = try database.subjects.create(MadeUpPeople.erika, email: nil, actor: .system("ingest"))
        let b = try database.subjects.create(MadeUpPeople.max, email: nil, actor: .system("ingest"))
        try DatabaseQueue(path: fixture.path).write { db in
            try db.execute(sql: "UPDATE subjects SET personal_data = (SELECT personal_data FROM subjects WHERE id = ?) WHERE id = ?", arguments: [a.id, b.id])
        }
        #expect(throws: StoreError.self) { try database.subjects.personalData(of: b.pseudonym) }
    }
}
