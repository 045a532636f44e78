import Foundation
import TestSupport
import Testing

/// `subject export|erase|restrict|unrestrict` and `consent withdraw` through the command line,
/// on tickets taken in from the sample mails (made-up people).
@Suite("Data-subject rights on the command line")
struct SubjectRightsTests {
    /// Sample 01: Jörg Testmann (processing yes, marketing no); sample 02: Brian Example (both yes).
    static let joerg = "joerg.testmann@example.org", brian = "brian.example@example.net"

    static func withTickets() throws -> ConfigFixture {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig)
        #expect(try run(["ingest", RepositoryPaths.sample("01-"), RepositoryPaths.sample("02-")], fixture).status == 0)
        return fixture
    }

    static func run(_ arguments: [String], _ fixture: ConfigFixture) throws -> CommandResult {
        try RetentionTests.run(arguments, fixture)
    }

    static func json(_ arguments: [String], _ fixture: ConfigFixture) throws -> Any? {
        let result = try run(arguments, fixture)
        return try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    static func listed(_ fixture: ConfigFixture) throws -> [Int] {
        (try json(["tickets", "--json"], fixture) as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    static func auditActions(_ fixture: ConfigFixture) throws -> [String] {
        (try json(["audit", "log", "--json"], fixture) as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
    }

    @Test("restrict: in no list, no view but the archive view, no action; idempotent; unrestrict brings it back")
    func restriction() throws {
        let fixture = try Self.withTickets()
        let restricted = try Self.run(["subject", "restrict", "--email", Self.joerg], fixture)
        #expect(restricted.status == 0 && restricted.stdout.contains("is restricted"), "\(restricted.stdout)\(restricted.stderr)")
        #expect(try Self.listed(fixture) == [2])
        let shown = try Self.run(["ticket", "show", "1"], fixture)
        #expect(shown.status != 0 && shown.stderr.contains("Art. 18") && shown.stderr.contains("--archive"), "\(shown.stderr)")
        let archive = try Self.json(["ticket", "show", "1", "--archive", "--json"], fixture) as? [String: Any]
        #expect((archive?["customer"] as? [String: Any])?["email"] as? String == Self.joerg, "the archive view opens the data for agents")
        #expect(try Self.run(["ticket", "show", "1", "--archive", "--as", "department"], fixture).status != 0)
        let assign = try Self.run(["ticket", "assign", "1", "--queue", "tv"], fixture)
        #expect(assign.status != 0 && assign.stderr.contains("not processed further"), "\(assign.stderr)")
        #expect(try Self.run(["ticket", "close", "1"], fixture).status == 0, "closing starts the retention clock and is allowed")

        let again = try Self.run(["subject", "restrict", "--email", Self.joerg], fixture)
        #expect(again.status == 0 && again.stdout.contains("restricted already"))
        #expect(try Self.auditActions(fixture).filter { $0 == "subject.restricted" }.count == 2, "each request is recorded")

        #expect(try Self.run(["subject", "unrestrict", "--email", Self.joerg], fixture).stdout.contains("lifted"))
        #expect(try Self.listed(fixture) == [1, 2])
        #expect(try Self.run(["ticket", "show", "1"], fixture).status == 0)
        #expect(try Self.run(["subject", "unrestrict", "--email", Self.joerg], fixture).stdout.contains("was not restricted"))
        #expect(try Self.run(["audit", "verify"], fixture).status == 0)
    }

    @Test("restricting holds pending copies; lifting it lets them go again")
    func restrictionHoldsMail() throws {
        let fixture = try Self.withTickets()
        #expect(try Self.run(["ticket", "assign", "2", "--queue", "tv"], fixture).status == 0)
        func state() throws -> String? {
            (try Self.json(["outbox", "--json"], fixture) as? [[String: Any]])?.first?["state"] as? String
        }
        #expect(try state() == "pending")
        #expect(try Self.run(["subject", "restrict", "--email", Self.brian], fixture).status == 0)
        #expect(try state() == "held")
        #expect(try Self.run(["subject", "unrestrict", "--email", Self.brian], fixture).status == 0)
        #expect(try state() == "pending")
    }

    @Test("withdrawing marketing consent: at once, evidence kept with its time, on the suppression list, idempotent")
    func withdrawMarketing() throws {
        let fixture = try Self.withTickets()
        #expect(try Self.run(["ticket", "show", "2", "--as", "marketing"], fixture).status == 0, "consent given: marketing may see it")
        let withdrawn = try Self.run(["consent", "withdraw", "--email", Self.brian, "--purpose", "marketing"], fixture)
        #expect(withdrawn.status == 0 && withdrawn.stdout.contains("withdrawn") && withdrawn.stdout.contains("suppression list"), "\(withdrawn.stdout)")
        let ticket = try Self.json(["ticket", "show", "2", "--json"], fixture) as? [String: Any]
        #expect((ticket?["consent"] as? [String: Any])?["marketing"] as? Bool == false)
        #expect(try Self.run(["ticket", "show", "2", "--as", "marketing"], fixture).status != 0)
        let export = try Self.json(["subject", "export", "--email", Self.brian, "--json"], fixture) as? [String: Any]
        let marketing = (export?["consents"] as? [[String: Any]])?.first { $0["purpose"] as? String == "marketing" }
        #expect(marketing?["granted"] as? Bool == true && marketing?["withdrawn_at"] as? String != nil, "the evidence stays, with the withdrawal")
        #expect((export?["person"] as? [String: Any])?["marketing_suppressed"] as? Bool == true)

        let again = try Self.run(["consent", "withdraw", "--email", Self.brian, "--purpose", "marketing"], fixture)
        #expect(again.status == 0 && again.stdout.contains("nothing to withdraw") && again.stdout.contains("already"), "\(again.stdout)")
        // An address ticketd does not know still goes on the list, and the answer reveals nothing.
        let unknown = try Self.run(["consent", "withdraw", "--email", "nobody.known@example.net", "--purpose", "marketing"], fixture)
        #expect(unknown.status == 0 && unknown.stdout.contains("holds no data") && unknown.stdout.contains("suppression list"))
        #expect(try Self.auditActions(fixture).filter { $0 == "consent.withdrawn" }.count == 3)
        #expect(try Self.run(["audit", "verify"], fixture).status == 0)
    }

    @Test("withdrawing processing consent restricts the person's open tickets and holds their copies")
    func withdrawProcessing() throws {
        let fixture = try Self.withTickets()
        #expect(try Self.run(["ticket", "assign", "1", "--queue", "tv"], fixture).status == 0)
        let withdrawn = try Self.run(["consent", "withdraw", "--email", Self.joerg, "--purpose", "processing"], fixture)
        #expect(withdrawn.status == 0 && withdrawn.stdout.contains("restricted their open ticket 1"), "\(withdrawn.stdout)")
        let ticket = try Self.json(["ticket", "show", "1", "--json"], fixture) as? [String: Any]
        #expect(ticket?["restricted"] as? Bool == true)
        #expect((ticket?["consent"] as? [String: Any])?["processing"] as? Bool == false)
        #expect(try Self.run(["ticket", "show", "1", "--as", "department"], fixture).status != 0)
        #expect((try Self.json(["outbox", "--json"], fixture) as? [[String: Any]])?.first?["state"] as? String == "held")
        #expect(try Self.run(["consent", "withdraw", "--email", Self.joerg, "--purpose", "processing"], fixture).stdout.contains("nothing to withdraw"))
        let bad = try Self.run(["consent", "withdraw", "--email", Self.joerg, "--purpose", "newsletter"], fixture)
        #expect(bad.status != 0 && bad.stderr.contains("processing or marketing"))
    }

    @Test("erasure keeps what a legal hold keeps, says so, restricts it; after release, everything goes and the export is empty")
    func erasureWithHold() throws {
        let fixture = try Self.withTickets()
        #expect(try Self.run(["ticket", "hold", "1", "--reason", "Rechtsstreit Az. 1 O 23/26"], fixture).status == 0)
        let erased = try Self.run(["subject", "erase", "--email", Self.joerg], fixture)
        #expect(erased.status == 0, "\(erased.stderr)")
        #expect(erased.stdout.contains("kept ticket 1: legal hold (Rechtsstreit Az. 1 O 23/26)") && erased.stdout.contains("restricted instead"), "\(erased.stdout)")
        #expect(try Self.listed(fixture) == [2], "kept, but restricted")
        #expect(try Self.run(["ticket", "show", "1", "--archive"], fixture).status == 0)
        let kept = try Self.json(["subject", "export", "--email", Self.joerg, "--json"], fixture) as? [String: Any]
        #expect((kept?["tickets"] as? [[String: Any]])?.count == 1)

        #expect(try Self.run(["ticket", "release", "1"], fixture).status == 0)
        let final = try Self.run(["subject", "erase", "--email", Self.joerg], fixture)
        #expect(final.status == 0 && final.stdout.contains("ticket 1") && final.stdout.contains("key is destroyed"), "\(final.stdout)")
        #expect(try Self.run(["ticket", "show", "1", "--archive"], fixture).status != 0, "the ticket is gone")
        let empty = try Self.json(["subject", "export", "--email", Self.joerg, "--json"], fixture) as? [String: Any]
        #expect(empty?["found"] as? Bool == false && (empty?["tickets"] as? [Any])?.isEmpty == true && (empty?["consents"] as? [Any])?.isEmpty == true)
        #expect(try Self.listed(fixture) == [2], "the other person's ticket is untouched")
        for value in ["Jörg Testmann", Self.joerg, "55501001", "Testgasse"] {
            #expect(!FileBytes.databaseContains(fixture.databasePath, Data(value.utf8)), "a personal value is left in the database files")
        }
        let actions = try Self.auditActions(fixture)
        #expect(actions.filter { $0 == "subject.erased" }.count == 2)
        #expect(try Self.run(["audit", "verify"], fixture).status == 0)
    }

    @Test("export to files: JSON and Markdown, owner-only, never over an existing file; an unknown address gets an empty document")
    func exportFiles() throws {
        let fixture = try Self.withTickets()
        let out = fixture.directory.file("export-joerg.json")
        let result = try Self.run(["subject", "export", "--email", Self.joerg, "--out", out], fixture)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("Testmann") && !result.stderr.contains("Testmann"), "the summary names no personal value")
        let markdown = fixture.directory.file("export-joerg.md")
        for path in [out, markdown] {
            let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600, "\(path) must be readable by its owner only")
        }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(document["format"] as? String == "ticketd-subject-export/1")
        #expect(((document["person"] as? [String: Any])?["phone"] as? String) == "+49 30 55501001")
        let ticket = try #require((document["tickets"] as? [[String: Any]])?.first)
        #expect((ticket["retention"] as? [String: Any])?["class"] as? String == "ticket_personal_data")
        #expect(((document["rights"] as? [[String: Any]]) ?? []).contains { $0["article"] as? String == "Art. 77 GDPR" })
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.contains("## Your personal data") && text.contains("Jörg Testmann") && text.contains("## Consents") && text.contains("## Your rights"))

        let twice = try Self.run(["subject", "export", "--email", Self.joerg, "--out", out], fixture)
        #expect(twice.status != 0 && twice.stderr.contains("never overwrites"))

        let unknown = try Self.json(["subject", "export", "--email", "nobody.known@example.net", "--json"], fixture) as? [String: Any]
        #expect(unknown?["found"] as? Bool == false && unknown?["person"] == nil && (unknown?["tickets"] as? [Any])?.isEmpty == true)
        let bad = try Self.run(["subject", "export", "--email", "not an address"], fixture)
        #expect(bad.status != 0 && bad.stderr.contains("--email"))
    }
}

extension SubjectRightsTests {
    @Test("a form kept in quarantine (no processing consent) is found by the form's address: exported, then erased")
    func quarantinedForm() throws {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig)
        #expect(try Self.run(["ingest", RepositoryPaths.sample("06-")], fixture).status == 0)
        let person = "dieter.nullmann@example.net"
        let export = try Self.json(["subject", "export", "--email", person, "--json"], fixture) as? [String: Any]
        #expect(export?["found"] as? Bool == true && export?["person"] == nil)
        #expect((export?["quarantined"] as? [[String: Any]])?.first?["reason"] as? String == "no_processing_consent")
        let erased = try Self.run(["subject", "erase", "--email", person], fixture)
        #expect(erased.status == 0 && erased.stdout.contains("erased 1 quarantined mail"), "\(erased.stdout)\(erased.stderr)")
        #expect((try Self.json(["quarantine", "--json"], fixture) as? [Any])?.isEmpty == true)
        for value in ["Dieter Nullmann", person, "55501006", "Leerstraße"] {
            #expect(!FileBytes.databaseContains(fixture.databasePath, Data(value.utf8)), "a personal value is left in the database files")
        }
        let after = try Self.json(["subject", "export", "--email", person, "--json"], fixture) as? [String: Any]
        #expect(after?["found"] as? Bool == false && (after?["quarantined"] as? [Any])?.isEmpty == true)
        #expect(try Self.run(["audit", "verify"], fixture).status == 0)
    }
}
