import Foundation
import GRDB
import MailFormat
import Privacy
import TestSupport
import Testing
import TicketStore
import Tickets

/// The `ticketd` binary as an operator runs it: exit codes, standard output and standard error.
@Suite("The ticketd command line")
struct CommandLineTests {
    @Test("config check accepts the example configuration and exits 0")
    func configCheckOK() throws {
        let fixture = ConfigFixture()
        let result = try CommandRunner.ticketd(["config", "check", "--config", fixture.configPath])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\(fixture.configPath): OK"))
    }

    @Test("config check lists every problem with its key and exits 1")
    func configCheckProblems() throws {
        let fixture = ConfigFixture {
            $0.replacingOccurrences(of: "poll_interval = \"PT30S\"", with: "poll_interval = \"thirty seconds\"")
                .replacingOccurrences(of: "name = \"web\"", with: "name = \"tv\"")
        }
        chmod(fixture.directory.file("smtp.password"), 0o644)
        let result = try CommandRunner.ticketd(["config", "check", "--config", fixture.configPath])
        #expect(result.status == 1)
        for key in ["imap.poll_interval:", "queues[1].name:", "smtp.password_file:"] {
            #expect(result.stdout.contains("error: \(key)"), "\(key) missing from: \(result.stdout)")
        }
        #expect(result.stdout.contains("3 errors"))
    }

    @Test("config check --json prints one JSON document")
    func configCheckJSON() throws {
        let fixture = ConfigFixture()
        let result = try CommandRunner.ticketd(["config", "check", "--json", "--config", fixture.configPath])
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(document?["ok"] as? Bool == true)
    }

    @Test("$TICKETD_CONFIG names the configuration")
    func environment() throws {
        let fixture = ConfigFixture()
        let result = try CommandRunner.ticketd(["config", "check"], environment: ["TICKETD_CONFIG": fixture.configPath])
        #expect(result.status == 0)
    }

    @Test("a configuration path that is a directory is an error that says so")
    func configIsDirectory() throws {
        let fixture = ConfigFixture()
        for command in [["config", "check"], ["audit", "verify"]] {
            let result = try CommandRunner.ticketd(command + ["--config", fixture.directory.path])
            #expect(result.status == 1)
            #expect((result.stdout + result.stderr).contains("is a directory, not a configuration file"))
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.databasePath))
    }

    @Test("audit verify on a new database is intact; tampering is named and exits 1")
    func auditVerify() throws {
        let fixture = ConfigFixture()
        let first = try CommandRunner.ticketd(["audit", "verify", "--config", fixture.configPath])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("audit chain intact: 0 events"))

        let database = try TicketDatabase(path: fixture.databasePath, masterKey: MasterKey(base64: fixture.masterKeyBase64))
        for index in 0..<3 {
            _ = try database.subjects.create(PersonalData(name: "Made-Up Person \(index)"), email: nil, actor: .system("ingest"))
        }
        let intact = try CommandRunner.ticketd(["audit", "verify", "--config", fixture.configPath])
        #expect(intact.stdout.contains("audit chain intact: 3 events"))

        try DatabaseQueue(path: fixture.databasePath).write { db in
            try db.execute(sql: "DROP TRIGGER audit_events_no_update")
            try db.execute(sql: "UPDATE audit_events SET actor = 'agent:mallory' WHERE sequence = 2")
        }
        let broken = try CommandRunner.ticketd(["audit", "verify", "--config", fixture.configPath])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("audit chain BROKEN at event #2"))
        #expect(broken.stdout.contains("events #1 to #1 verify"))
        // The failure is logged as a JSON line on standard error, with the journald priority of an error.
        #expect(broken.stderr.contains("<3>{\"ts\":"))
        #expect(broken.stderr.contains("\"event\":\"audit.verify_failed\""))

        let json = try CommandRunner.ticketd(["audit", "verify", "--json", "--config", fixture.configPath])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(document?["broken_at"] as? Int == 2)
        #expect(document?["intact"] as? Bool == false)
    }

    @Test("audit log prints the events without personal values")
    func auditLog() throws {
        let fixture = ConfigFixture()
        let database = try TicketDatabase(path: fixture.databasePath, masterKey: MasterKey(base64: fixture.masterKeyBase64))
        let person = PersonalData(name: "Wilhelmine Erfundene", email: "w.erfundene@example.org")
        let plan = TicketPlan(customer: person, customerAddress: try EmailAddress(parsing: "w.erfundene@example.org"), form: nil, restricted: false,
                              sensitive: [], text: "Erfundene Nachricht", redactedText: "Nachricht", subject: "Erfundene Frage", redactedSubject: "Frage")
        let mail = ReceivedMail(raw: Array("From: w.erfundene@example.org\r\n\r\nErfundene Nachricht\r\n".utf8), dedupeKey: Data(repeating: 1, count: 32),
                                messageID: nil, source: "file", attachments: [])
        let outcome = try database.intake.ingestBatch([IngestItem(mail: mail, decision: .ticket(plan), position: nil)], retentionClass: nil, actor: .system("ingest"))[0].outcome
        guard case .ticket(let ticket, let pseudonym, true) = outcome else { Issue.record("the made-up mail made no new ticket and subject"); return }
        let text = try CommandRunner.ticketd(["audit", "log", "--config", fixture.configPath])
        #expect(text.status == 0)
        #expect(text.stdout.contains("system:ingest  subject.created  subject=\(pseudonym)  fields=name,email"))
        #expect(!text.stdout.contains("Erfundene"))
        let json = try CommandRunner.ticketd(["audit", "log", "--json", "--ticket", "\(ticket)", "--config", fixture.configPath])
        let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.map { $0["action"] as? String } == ["ticket.created"])
    }

    @Test("a missing database directory is named, with the fix, and nothing is created")
    func missingDatabaseDirectory() throws {
        let fixture = ConfigFixture { $0.replacingOccurrences(of: "\"state/ticketd.sqlite3\"", with: "\"gone/ticketd.sqlite3\"") }
        let result = try CommandRunner.ticketd(["audit", "verify", "--config", fixture.configPath])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the database directory \(fixture.directory.file("gone")) does not exist"))
        #expect(result.stderr.contains("create the directory"))
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.file("gone")))
    }

    @Test("a read-only database is named, with the fix, and left unchanged")
    func readOnlyDatabase() throws {
        let fixture = ConfigFixture()
        #expect(try CommandRunner.ticketd(["audit", "verify", "--config", fixture.configPath]).status == 0)
        chmod(fixture.databasePath, 0o400)
        let before = FileBytes.snapshot(fixture.databasePath)
        let result = try CommandRunner.ticketd(["audit", "verify", "--config", fixture.configPath])
        #expect(result.status == 1)
        #expect(result.stderr.contains("is read-only"))
        #expect(result.stderr.contains("chmod 600"))
        #expect(FileBytes.snapshot(fixture.databasePath) == before)
    }

    @Test("a broken configuration stops every command before the database is touched")
    func brokenConfigurationStops() throws {
        let fixture = ConfigFixture { $0.replacingOccurrences(of: "level = \"info\"", with: "level = \"loud\"") }
        let result = try CommandRunner.ticketd(["audit", "log", "--config", fixture.configPath])
        #expect(result.status == 1)
        #expect(result.stderr.contains("logging.level"))
        #expect(!FileManager.default.fileExists(atPath: fixture.databasePath))
    }

    @Test("an unknown subcommand is a usage error")
    func usage() throws {
        let result = try CommandRunner.ticketd(["audit", "nonsense"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Unexpected argument") || result.stderr.contains("nonsense"))
    }
}

extension CommandLineTests {
    @Test("serve refuses a broken configuration with exit status 78 (EX_CONFIG), which the unit does not restart")
    func serveBrokenConfiguration() throws {
        let fixture = ConfigFixture { $0.replacingOccurrences(of: "[storage]", with: "[storage]\ncolour = \"blue\"") }
        let result = try CommandRunner.ticketd(["serve", "--config", fixture.configPath])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("storage.colour"))
        let unit = try String(contentsOfFile: (RepositoryPaths.root as NSString).appendingPathComponent("systemd/ticketd.service"), encoding: .utf8)
        #expect(unit.contains("RestartPreventExitStatus=78"))
    }
}
