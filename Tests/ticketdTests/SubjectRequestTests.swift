import Foundation
import TestSupport
import Testing

/// Data-subject requests received by mail: recorded with the mail that makes them, listed with
/// their Art. 12(3) deadline, extended once with a reason. (The confirmation by mail and carrying
/// requests out follow in issue 8; here they wait as `awaiting_confirmation`.)
@Suite("Data-subject requests by mail: intake and deadlines")
struct SubjectRequestTests {
    static func run(_ arguments: [String], _ fixture: ConfigFixture) throws -> CommandResult {
        try RetentionTests.run(arguments, fixture)
    }

    static func requests(_ fixture: ConfigFixture, now: String? = nil) throws -> [[String: Any]] {
        let result = try run(["requests", "--json"] + (now.map { ["--now", $0] } ?? []), fixture)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    static func mail(from: String, subject: String, body: String, messageID: String, autoReply: Bool = false) -> String {
        """
        From: \(from)\r
        To: support@example.com\r
        Subject: \(subject)\r
        Message-ID: <\(messageID)>\r
        Date: Sun, 29 Nov 2026 09:00:00 +0100\r
        \(autoReply ? "Auto-Submitted: auto-replied\r\n" : "")Content-Type: text/plain; charset=utf-8\r
        \r
        \(body)\r
        """
    }

    static func utcDay(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)!
    }

    @Test("a request mail is recorded once, with kinds and pseudonym; deadline states change exactly at their boundaries; extend adds two months once")
    func intakeAndDeadline() throws {
        let fixture = RetentionTests.fixture(defaultClass: "ticket_personal_data")
        #expect(try Self.run(["ingest", RepositoryPaths.sample("01-")], fixture).status == 0)
        let request = fixture.directory.write("auskunft.eml", Self.mail(
            from: "Jörg Testmann <joerg.testmann@example.org>", subject: "Meine Daten",
            body: "Guten Tag,\r\n\r\nAnfrage: Auskunft\r\n\r\nMit freundlichen Grüßen\r\nJörg Testmann", messageID: "anfrage-1@example.org"))
        let plain = fixture.directory.write("frage.eml", Self.mail(
            from: "Erika Beispiel <erika.beispiel@example.org>", subject: "Fernbedienung",
            body: "Die Fernbedienung reagiert nicht mehr. Was kann ich tun?", messageID: "frage-1@example.org"))
        let automatic = fixture.directory.write("ooo.eml", Self.mail(
            from: "Erika Beispiel <erika.beispiel@example.org>", subject: "Abwesend: Löschung meiner Daten",
            body: "Ich bin nicht im Büro.", messageID: "ooo-1@example.org", autoReply: true))
        let taken = try Self.run(["ingest", request, plain, automatic, request], fixture)
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(taken.stderr.contains("\"event\":\"request.received\""))

        let listed = try Self.requests(fixture)
        #expect(listed.count == 1, "one request, though the mail came twice; none from a question or an auto-reply: \(listed)")
        let entry = try #require(listed.first)
        #expect(entry["kinds"] as? [String] == ["access"] && entry["explicit"] as? Bool == true)
        #expect((entry["subject"] as? String)?.hasPrefix("S-") == true, "the known customer's pseudonym")
        #expect(entry["state"] as? String == "awaiting_confirmation")
        let text = try Self.run(["requests"], fixture).stdout
        for value in ["Testmann", "joerg.testmann"] { #expect(!text.contains(value) && !"\(listed)".contains(value)) }

        // One month (Reg. 1182/71): the last day is the same date next month, in UTC.
        let lastDay = Self.utcDay(try #require(entry["last_day"] as? String))
        let due = lastDay.addingTimeInterval(86_400)
        func state(at date: Date) throws -> String? { try Self.requests(fixture, now: RetentionTests.iso(date)).first?["deadline"] as? String }
        #expect(try state(at: lastDay.addingTimeInterval(-1)) == "open")
        #expect(try state(at: lastDay) == "due_today")
        #expect(try state(at: due.addingTimeInterval(-1)) == "due_today")
        #expect(try state(at: due) == "overdue")
        let overdue = try Self.run(["requests", "--now", RetentionTests.iso(due)], fixture)
        #expect(overdue.stdout.contains("OVERDUE") && overdue.stderr.contains("\"event\":\"request.overdue\""))
        #expect(try Self.run(["status"], fixture).stdout.contains("1 open, 0 overdue"), "status counts the open request")

        let extended = try Self.run(["request", "extend", "1", "--reason", "Viele Tickets über mehrere Jahre"], fixture)
        #expect(extended.status == 0 && extended.stdout.contains("extended by two months"), "\(extended.stdout)\(extended.stderr)")
        let after = try #require(try Self.requests(fixture).first)
        let newLastDay = Self.utcDay(try #require(after["last_day"] as? String))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        #expect(calendar.dateComponents([.month], from: lastDay, to: newLastDay).month == 2)
        #expect(after["extended"] as? Bool == true && after["extension_reason"] as? String == "Viele Tickets über mehrere Jahre")
        #expect(try state(at: due) == "open", "no longer overdue once extended")
        #expect(try Self.run(["request", "extend", "1", "--reason", "noch einmal"], fixture).stdout.contains("extended before"))
        #expect(try Self.run(["request", "extend", "1", "--reason", " "], fixture).status != 0)
        #expect(try Self.run(["request", "extend", "9", "--reason", "x"], fixture).stderr.contains("there is no request 9"))
        let audit = try Self.run(["audit", "log"], fixture).stdout
        #expect(audit.contains("request.received") && audit.contains("request.extended"))
        #expect(try Self.run(["audit", "verify"], fixture).status == 0)
    }

    @Test("a new sender's mail that is nothing but a request opens no ticket; the address is stored only sealed")
    func unknownSender() throws {
        let fixture = RetentionTests.fixture(defaultClass: "ticket_personal_data")
        let request = fixture.directory.write("loeschen.eml", Self.mail(
            from: "Unbekannte Person <niemand.bekannt@example.net>", subject: "Bitte löschen Sie meine Daten",
            body: "Bitte löschen Sie alle meine Daten.", messageID: "loeschen-1@example.net"))
        #expect(try Self.run(["ingest", request], fixture).status == 0)
        let entry = try #require(try Self.requests(fixture).first)
        #expect(entry["kinds"] as? [String] == ["erasure"] && entry["explicit"] as? Bool == false)
        // Nothing but the request: no ticket, no person, so the request links to nobody.
        #expect(entry["subject"] as? String == nil)
        let tickets = try Self.run(["tickets", "--json"], fixture).stdout
        #expect(!tickets.contains("\"id\""), "\(tickets)")
        #expect(!FileBytes.databaseContains(fixture.databasePath, Data("niemand.bekannt@example.net".utf8)))
    }
}
