import Foundation
import TestSupport
import Testing

/// Retention through the command line: each class acts on its exact boundary, holds are
/// respected, a dry run changes nothing.
@Suite("Retention sweeps")
struct RetentionTests {
    static let extraClasses = """

    [[retention.classes]]
    name = "erase_after_close"
    start = "ticket_closed"
    period = "P30D"
    action = "erase"

    [[retention.classes]]
    name = "on_receipt"
    start = "received"
    period = "P1D"
    action = "anonymize"
    """

    /// The sample configuration without its [imap] section: these tests need no mail server, and
    /// a sweep would otherwise report its server part as failed.
    static func withoutIMAP(_ text: String) -> String {
        text.replacingCharacters(in: text.range(of: "[imap]")!.lowerBound..<text.range(of: "[smtp]")!.lowerBound, with: "")
    }

    static func fixture(defaultClass: String) -> ConfigFixture {
        ConfigFixture(template: RepositoryPaths.sampleConfig) { text in
            Self.withoutIMAP(text).replacingOccurrences(of: "default_class = \"ticket_personal_data\"", with: "default_class = \"\(defaultClass)\"")
                .replacingOccurrences(of: "[logging]", with: Self.extraClasses + "\n\n[logging]")
        }
    }

    static func run(_ arguments: [String], _ fixture: ConfigFixture) throws -> CommandResult {
        try CommandRunner.ticketd(arguments + ["--config", fixture.configPath], environment: ["TICKETD_ACTOR": "agent.anna"])
    }

    static func ticket(_ id: Int, _ fixture: ConfigFixture) throws -> [String: Any]? {
        let result = try run(["ticket", "show", "\(id)", "--json"], fixture)
        return result.status == 0 ? try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] : nil
    }

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)!
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Ingests two form samples (tickets 1 and 2) and returns the fixture.
    static func withTickets(defaultClass: String, close: Bool = true) throws -> ConfigFixture {
        let fixture = fixture(defaultClass: defaultClass)
        let files = ["01-", "02-"].map(RepositoryPaths.sample)
        #expect(try run(["ingest"] + files, fixture).status == 0)
        if close {
            for id in 1...2 { #expect(try run(["ticket", "close", "\(id)"], fixture).status == 0) }
        }
        return fixture
    }

    @Test("anonymize: untouched one second before the boundary, anonymized at it; the redacted ticket stays")
    func anonymizeBoundary() throws {
        let fixture = try Self.withTickets(defaultClass: "ticket_personal_data")
        let due = Self.date(try #require(try Self.ticket(1, fixture)?["retention_due"] as? String))
        let closed = Self.date(try #require(try Self.ticket(1, fixture)?["closed_at"] as? String))
        #expect(abs(due.timeIntervalSince(closed) - 90 * 86_400) < 1, "P90D after closing")
        let before = try Self.run(["sweep", "--now", Self.iso(due.addingTimeInterval(-1))], fixture)
        #expect(before.status == 0)
        #expect(try Self.ticket(1, fixture)?["customer"] != nil, "acted on before the boundary")
        let at = try Self.run(["sweep", "--now", Self.iso(due)], fixture)
        #expect(at.stdout.contains("ticket_personal_data/anonymize"), "\(at.stdout)")
        let after = try #require(try Self.ticket(1, fixture))
        #expect(after["customer"] == nil)
        #expect(after["subject"] is NSNull)
        #expect((after["messages"] as? [[String: Any]])?.first?["text"] as? String != nil, "the redacted text stays for statistics")
        let log = try Self.run(["audit", "log"], fixture).stdout
        #expect(log.contains("sweep.applied") && log.contains("sweep.finished"))
        #expect(try Self.run(["audit", "verify"], fixture).status == 0)
        // The mail's Message-ID names the sender's host: it leaves the clear columns too, kept
        // only sealed in the queue of server copies to expunge.
        #expect(!FileBytes.databaseContains(fixture.databasePath, Data("20250311081422.6C1D2401A3@web01.example.com".utf8)))
    }

    @Test("a held ticket survives every sweep until released; the hold is recorded")
    func holds() throws {
        let fixture = try Self.withTickets(defaultClass: "ticket_personal_data")
        #expect(try Self.run(["ticket", "hold", "1", "--reason", "pending warranty lawsuit"], fixture).status == 0)
        let later = Self.iso(Date().addingTimeInterval(400 * 86_400))
        let sweep = try Self.run(["sweep", "--now", later], fixture)
        #expect(sweep.stdout.contains("1 ticket due") && sweep.stdout.contains("[tickets 2]"), "\(sweep.stdout)")
        #expect(try Self.ticket(1, fixture)?["customer"] != nil)
        #expect(try Self.ticket(1, fixture)?["hold"] as? String == "pending warranty lawsuit")
        #expect(try Self.run(["ticket", "release", "1"], fixture).status == 0)
        #expect(try Self.run(["sweep", "--now", later], fixture).stdout.contains("[tickets 1]"))
        #expect(try Self.ticket(1, fixture)?["customer"] == nil)
        let log = try Self.run(["audit", "log", "--ticket", "1"], fixture).stdout
        #expect(log.contains("ticket.held") && log.contains("reason=pending warranty lawsuit") && log.contains("ticket.hold_released"))
    }

    @Test("a dry run lists what would happen and changes nothing")
    func dryRun() throws {
        let fixture = try Self.withTickets(defaultClass: "ticket_personal_data")
        let later = Self.iso(Date().addingTimeInterval(400 * 86_400))
        let dry = try Self.run(["sweep", "--dry-run", "--now", later], fixture)
        #expect(dry.stdout.contains("sweep (dry run): 2 tickets due: ticket_personal_data/anonymize 2"), "\(dry.stdout)")
        #expect(try Self.ticket(1, fixture)?["customer"] != nil && Self.ticket(2, fixture)?["customer"] != nil)
        #expect(!(try Self.run(["audit", "log"], fixture).stdout.contains("sweep.")))
    }

    @Test("erase: the ticket goes at its boundary")
    func erase() throws {
        let fixture = try Self.withTickets(defaultClass: "erase_after_close")
        let due = Self.date(try #require(try Self.ticket(1, fixture)?["retention_due"] as? String))
        _ = try Self.run(["sweep", "--now", Self.iso(due.addingTimeInterval(-1))], fixture)
        #expect(try Self.ticket(1, fixture) != nil)
        _ = try Self.run(["sweep", "--now", Self.iso(due)], fixture)
        #expect(try Self.ticket(1, fixture) == nil)
        #expect(try Self.run(["ticket", "show", "1"], fixture).stderr.contains("there is no ticket 1"))
    }

    @Test("restrict counts from the end of the year after closing (HGB §257): archived exactly at that boundary")
    func endOfYear() throws {
        let fixture = try Self.withTickets(defaultClass: "commercial_letter")
        let closed = Self.date(try #require(try Self.ticket(1, fixture)?["closed_at"] as? String))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let year = calendar.component(.year, from: closed)
        let boundary = calendar.date(from: DateComponents(year: year + 1 + 6, month: 1, day: 1))!
        #expect(Self.date(try #require(try Self.ticket(1, fixture)?["retention_due"] as? String)) == boundary)
        _ = try Self.run(["sweep", "--now", Self.iso(boundary.addingTimeInterval(-1))], fixture)
        #expect(try Self.ticket(1, fixture)?["restricted"] as? Bool == false)
        let swept = try Self.run(["sweep", "--now", Self.iso(boundary)], fixture)
        #expect(swept.stdout.contains("commercial_letter/restrict 2"), "\(swept.stdout)")
        #expect(try Self.ticket(1, fixture) == nil, "an archived ticket is in no view but the archive view")
        let shown = try Self.run(["ticket", "show", "1", "--archive", "--json"], fixture)
        let archived = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(archived["restricted"] as? Bool == true)
        #expect(archived["customer"] != nil, "restrict keeps the data sealed for the archive duty")
        #expect(try Self.run(["ticket", "show", "1", "--as", "department"], fixture).status != 0)
    }

    @Test("received: the period counts from receipt, closed or not")
    func received() throws {
        let fixture = try Self.withTickets(defaultClass: "on_receipt", close: false)
        let ticket = try #require(try Self.ticket(1, fixture))
        let due = Self.date(try #require(ticket["retention_due"] as? String))
        let created = Self.date(try #require(ticket["created_at"] as? String))
        #expect(abs(due.timeIntervalSince(created) - 86_400) < 1)
        _ = try Self.run(["sweep", "--now", Self.iso(due.addingTimeInterval(-1))], fixture)
        #expect(try Self.ticket(1, fixture)?["customer"] != nil)
        _ = try Self.run(["sweep", "--now", Self.iso(due)], fixture)
        #expect(try Self.ticket(1, fixture)?["customer"] == nil)
    }
}

extension RetentionTests {
    @Test("quarantined mail is erased when quarantine_period is over: kept one second before, gone at the boundary")
    func quarantineExpires() throws {
        let fixture = Self.fixture(defaultClass: "ticket_personal_data")
        #expect(try Self.run(["ingest", RepositoryPaths.sample("06-"), RepositoryPaths.sample("14-")], fixture).status == 0)
        func entries() throws -> [[String: Any]] {
            try JSONSerialization.jsonObject(with: Data(try Self.run(["quarantine", "--json"], fixture).stdout.utf8)) as? [[String: Any]] ?? []
        }
        let received = try entries().compactMap { ($0["received_at"] as? String).map(Self.date) }
        #expect(received.count == 2)
        let boundary = try #require(received.max()).addingTimeInterval(30 * 86_400)
        let dry = try Self.run(["sweep", "--dry-run", "--now", Self.iso(boundary)], fixture)
        #expect(dry.stdout.contains("2 quarantined mails would be erased"), "\(dry.stdout)")
        _ = try Self.run(["sweep", "--now", Self.iso(boundary.addingTimeInterval(-1))], fixture)
        #expect(try entries().count >= 1, "the later one is kept one second before its boundary")
        let swept = try Self.run(["sweep", "--now", Self.iso(boundary)], fixture)
        #expect(swept.stdout.contains("quarantined mail") && swept.stdout.contains("erased"), "\(swept.stdout)")
        #expect(try entries().isEmpty)
        for value in ["Dieter Nullmann", "dieter.nullmann@example.net", "55501006"] {
            #expect(!FileBytes.databaseContains(fixture.databasePath, Data(value.utf8)))
        }
        #expect(try Self.run(["audit", "log"], fixture).stdout.contains("quarantine.expired"))
        #expect(try Self.run(["audit", "verify"], fixture).status == 0)
    }
}
