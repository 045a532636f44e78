import Foundation
import TestSupport
import Testing

/// `ticket forward|assign --preview` and the residual-risk hold, through the command line.
@Suite("Previewing and holding pseudonymized copies", .serialized)
struct RedactionHoldTests {
    /// A customer mail whose direct line is in a shape no phone pattern knows.
    static func ingestTicket(_ fixture: ConfigFixture) throws {
        let mail = """
            From: Jonas Beispielmann <jonas.beispielmann@example.org>\r
            To: support@example.com\r
            Subject: Fernseher VX55 startet neu\r
            Date: Thu, 03 Dec 2026 09:00:00 +0100\r
            Message-ID: <hold-1@example.org>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Guten Tag, mein Fernseher VX55 startet ständig neu. Durchwahl 4711 0815 23.\r

            """
        let file = fixture.directory.path + "/hold.eml"
        try Data(mail.utf8).write(to: URL(fileURLWithPath: file))
        let ingest = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, file])
        #expect(ingest.stdout.contains("1 mail: 1 ticket,"), "\(ingest.stdout) \(ingest.stderr)")
    }

    static func outbox(_ fixture: ConfigFixture) throws -> [[String: Any]] {
        let shown = try CommandRunner.ticketd(["outbox", "--json", "--config", fixture.configPath])
        return try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test("--preview prints the copy as it would leave and queues nothing; the copy itself is held with its reason")
    func previewThenHold() throws {
        let fixture = ConfigFixture()
        try Self.ingestTicket(fixture)
        for arguments in [["forward", "1", "--partner", "acme"], ["assign", "1", "--queue", "tv"]] {
            let preview = try CommandRunner.ticketd(["ticket"] + arguments + ["--preview", "--config", fixture.configPath])
            #expect(preview.status == 0, "\(preview.stderr)")
            #expect(preview.stdout.contains("Subject: [T-1] Fernseher VX55 startet neu"))
            #expect(preview.stdout.contains("Durchwahl 4711 0815 23") && !preview.stdout.contains("Beispielmann"))
            #expect(preview.stdout.contains("nothing was queued; residual risk 1 (1 unexplained digit run); the copy would be held for an agent"))
        }
        #expect(try Self.outbox(fixture).isEmpty, "a preview queued something")

        let forward = try CommandRunner.ticketd(["ticket", "forward", "1", "--partner", "acme", "--config", fixture.configPath])
        #expect(forward.status == 0, "\(forward.stderr)")
        #expect(forward.stdout.contains("held: residual risk 1"))
        let items = try Self.outbox(fixture)
        #expect(items.count == 1)
        #expect(items.first?["state"] as? String == "held")
        #expect((items.first?["hold_reason"] as? String)?.contains("reaches [redaction] hold_risk_at = 1") == true)
    }

    @Test("`redaction refresh` on a database the installed redactor made has nothing to do; a bad batch size is refused")
    func refreshCommand() throws {
        let fixture = ConfigFixture()
        try Self.ingestTicket(fixture)
        let refresh = try CommandRunner.ticketd(["redaction", "refresh", "--config", fixture.configPath])
        #expect(refresh.status == 0, "\(refresh.stderr)")
        #expect(refresh.stdout.contains("redacted texts are up to date (redactor version"))
        let wrong = try CommandRunner.ticketd(["redaction", "refresh", "--batch", "0", "--config", fixture.configPath])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("--batch 0 is out of range: give 1 to 100000"))
    }

    @Test("hold_risk_at = 0 holds nothing; a value outside 0...1000 is refused with the key named")
    func threshold() throws {
        let fixture = ConfigFixture { $0.replacingOccurrences(of: "hold_risk_at = 1", with: "hold_risk_at = 0") }
        try Self.ingestTicket(fixture)
        let forward = try CommandRunner.ticketd(["ticket", "forward", "1", "--partner", "acme", "--config", fixture.configPath])
        #expect(forward.status == 0, "\(forward.stderr)")
        #expect(try Self.outbox(fixture).first?["state"] as? String == "pending")

        fixture.rewrite { $0.replacingOccurrences(of: "hold_risk_at = 0", with: "hold_risk_at = -1") }
        let check = try CommandRunner.ticketd(["config", "check", "--config", fixture.configPath])
        #expect(check.status != 0)
        #expect((check.stdout + check.stderr).contains("redaction.hold_risk_at"))
    }
}
