import Foundation
import TestSupport
import Testing

/// Retention class rules through the command line: a queue claimed by a class, the agent's
/// commercial-letter marker (which beats the queue), and the due date counted again whenever
/// either changes, each checked on its exact sweep boundary.
@Suite("Retention class rules")
struct RetentionClassRuleTests {
    /// Besides the sample's default (P90D after closing, anonymize) and commercial-letter class
    /// (end of year after closing, P6Y, restrict): the TV queue's tickets are erased two years
    /// after closing, the web queue's anonymized 30 days after receipt.
    static let queueClasses = """

    [[retention.classes]]
    name = "tv_cases"
    start = "ticket_closed"
    period = "P2Y"
    action = "erase"
    queues = ["tv"]

    [[retention.classes]]
    name = "web_requests"
    start = "received"
    period = "P30D"
    action = "anonymize"
    queues = ["web"]
    """

    /// The sample configuration with the queue classes, without [imap] (``RetentionTests/withoutIMAP(_:)``).
    static func fixture(edit: @escaping (String) -> String = { $0 }) -> ConfigFixture {
        ConfigFixture(template: RepositoryPaths.sampleConfig) { text in
            edit(RetentionTests.withoutIMAP(text).replacingOccurrences(of: "[limits]", with: Self.queueClasses + "\n\n[limits]"))
        }
    }

    static func run(_ arguments: [String], _ fixture: ConfigFixture) throws -> CommandResult {
        try CommandRunner.ticketd(arguments + ["--config", fixture.configPath], environment: ["TICKETD_ACTOR": "agent.anna"])
    }

    /// `ticket show ID --json`, or nil when there is no such ticket.
    static func ticket(_ id: Int, _ fixture: ConfigFixture) throws -> [String: Any]? {
        let result = try run(["ticket", "show", "\(id)", "--json"], fixture)
        return result.status == 0 ? try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] : nil
    }

    /// A ticket's time field (`closed_at`, `retention_due`, ...), which must be there.
    static func time(_ key: String, of id: Int, _ fixture: ConfigFixture, sourceLocation: SourceLocation = #_sourceLocation) throws -> Date {
        let text = try #require(try ticket(id, fixture)?[key] as? String, "\(key) of ticket \(id)", sourceLocation: sourceLocation)
        return try #require(formatter.date(from: text), sourceLocation: sourceLocation)
    }

    /// The timestamps of ticketd's output: ISO 8601 with milliseconds.
    static var formatter: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }

    static func iso(_ date: Date) -> String { formatter.string(from: date) }

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// 1 January of the seventh year after the closing year: six years counted from the end of that year.
    static func endOfYearBoundary(closed: Date) -> Date {
        calendar.date(from: DateComponents(year: calendar.component(.year, from: closed) + 1 + 6, month: 1, day: 1))!
    }

    /// The events of one ticket with this action.
    static func events(_ action: String, ticket: Int, _ fixture: ConfigFixture) throws -> [[String: Any]] {
        let log = try run(["audit", "log", "--ticket", "\(ticket)", "--json"], fixture)
        let entries = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]] ?? []
        return entries.filter { $0["action"] as? String == action }
    }

    /// Ingests the form sample with `prefix` as ticket 1.
    static func withTicket(_ prefix: String = "01-", edit: @escaping (String) -> String = { $0 }) throws -> ConfigFixture {
        let fixture = fixture(edit: edit)
        let ingest = try run(["ingest", RepositoryPaths.sample(prefix)], fixture)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return fixture
    }

    @Test("a claimed queue decides the class: no due date while open, two years from closing, erased exactly then")
    func queueClass() throws {
        let fixture = try Self.withTicket()
        let fresh = try #require(try Self.ticket(1, fixture))
        #expect(fresh["retention_class"] as? String == "ticket_personal_data")
        #expect(fresh["retention_due"] is NSNull && fresh["commercial_letter"] as? Bool == false)

        #expect(try Self.run(["ticket", "assign", "1", "--queue", "tv"], fixture).status == 0)
        let assigned = try #require(try Self.ticket(1, fixture))
        #expect(assigned["retention_class"] as? String == "tv_cases")
        #expect(assigned["retention_due"] is NSNull, "tv_cases counts from closing; the ticket is open")
        let log = try Self.events("ticket.assigned", ticket: 1, fixture)
        #expect((log.first?["details"] as? [String: String])?["retention_class"] == "tv_cases")

        #expect(try Self.run(["ticket", "close", "1"], fixture).status == 0)
        let closed = try Self.time("closed_at", of: 1, fixture)
        let due = try Self.time("retention_due", of: 1, fixture)
        #expect(abs(due.timeIntervalSince(Self.calendar.date(byAdding: .year, value: 2, to: closed)!)) < 1, "P2Y after closing")

        let before = try Self.run(["sweep", "--now", Self.iso(due.addingTimeInterval(-1))], fixture)
        #expect(before.status == 0 && before.stdout.contains("0 tickets due"), "\(before.stdout)\(before.stderr)")
        #expect(try Self.ticket(1, fixture) != nil)
        let at = try Self.run(["sweep", "--now", Self.iso(due)], fixture)
        #expect(at.stdout.contains("tv_cases/erase 1"), "\(at.stdout)")
        #expect(try Self.ticket(1, fixture) == nil)
    }

    @Test("a claimed queue whose class counts from receipt gives the due date at once, from the ticket's receipt")
    func queueClassFromReceipt() throws {
        let fixture = try Self.withTicket("02-")   // with marketing consent, so it may go to the web queue
        #expect(try Self.run(["ticket", "assign", "1", "--queue", "web"], fixture).status == 0)
        #expect(try Self.ticket(1, fixture)?["retention_class"] as? String == "web_requests")
        let created = try Self.time("created_at", of: 1, fixture)
        let due = try Self.time("retention_due", of: 1, fixture)
        #expect(due == created.addingTimeInterval(30 * 86_400))
        _ = try Self.run(["sweep", "--now", Self.iso(due.addingTimeInterval(-1))], fixture)
        #expect(try Self.ticket(1, fixture)?["customer"] != nil)
        let at = try Self.run(["sweep", "--now", Self.iso(due)], fixture)
        #expect(at.stdout.contains("web_requests/anonymize 1"), "\(at.stdout)")
        #expect(try Self.ticket(1, fixture)?["customer"] == nil)
    }

    @Test("the marker beats the queue: a closed ticket is counted again from its closing; unmarked, back to the queue's class")
    func markerBeatsQueue() throws {
        let fixture = try Self.withTicket()
        #expect(try Self.run(["ticket", "assign", "1", "--queue", "tv"], fixture).status == 0)
        #expect(try Self.run(["ticket", "close", "1"], fixture).status == 0)
        let closed = try Self.time("closed_at", of: 1, fixture)
        let queueDue = try Self.time("retention_due", of: 1, fixture)

        let marked = try Self.run(["ticket", "mark", "1", "--commercial-letter"], fixture)
        #expect(marked.status == 0 && marked.stdout.contains("now marked as a commercial letter"), "\(marked.stdout)\(marked.stderr)")
        let letter = try #require(try Self.ticket(1, fixture))
        #expect(letter["retention_class"] as? String == "commercial_letter" && letter["commercial_letter"] as? Bool == true)
        #expect(try Self.time("retention_due", of: 1, fixture) == Self.endOfYearBoundary(closed: closed))

        // Twice is once: the same answer, no second audit event.
        let again = try Self.run(["ticket", "mark", "1", "--commercial-letter"], fixture)
        #expect(again.status == 0 && again.stdout.contains("already"), "\(again.stdout)")
        let markings = try Self.events("ticket.commercial_letter_marked", ticket: 1, fixture)
        #expect(markings.count == 1)
        #expect((markings.first?["details"] as? [String: String]) == [
            "retention_class": "commercial_letter", "retention_due": Self.iso(Self.endOfYearBoundary(closed: closed)),
        ])

        // The queue's erasure date passes: the marked ticket is kept.
        let past = try Self.run(["sweep", "--now", Self.iso(queueDue.addingTimeInterval(86_400))], fixture)
        #expect(past.stdout.contains("0 tickets due"), "\(past.stdout)")
        #expect(try Self.ticket(1, fixture)?["customer"] != nil)

        // Unmarked, the queue's class counts again from the same closing, to the millisecond.
        let unmarked = try Self.run(["ticket", "mark", "1", "--not-commercial-letter"], fixture)
        #expect(unmarked.status == 0 && unmarked.stdout.contains("no longer marked"), "\(unmarked.stdout)")
        #expect(try Self.ticket(1, fixture)?["retention_class"] as? String == "tv_cases")
        #expect(try Self.time("retention_due", of: 1, fixture) == Self.calendar.date(byAdding: .year, value: 2, to: closed))
        #expect(try Self.events("ticket.commercial_letter_unmarked", ticket: 1, fixture).count == 1)

        // Marked again, it is archived exactly at the end-of-year boundary, and then its class stays.
        #expect(try Self.run(["ticket", "mark", "1", "--commercial-letter"], fixture).status == 0)
        let boundary = Self.endOfYearBoundary(closed: closed)
        _ = try Self.run(["sweep", "--now", Self.iso(boundary.addingTimeInterval(-1))], fixture)
        #expect(try Self.ticket(1, fixture)?["restricted"] as? Bool == false)
        let archived = try Self.run(["sweep", "--now", Self.iso(boundary)], fixture)
        #expect(archived.stdout.contains("commercial_letter/restrict 1"), "\(archived.stdout)")
        #expect(try Self.ticket(1, fixture) == nil, "archived: only the archive view shows it")
        let shown = try Self.run(["ticket", "show", "1", "--archive", "--json"], fixture)
        #expect((try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["restricted"] as? Bool == true)
        let late = try Self.run(["ticket", "mark", "1", "--not-commercial-letter"], fixture)
        #expect(late.status != 0 && late.stderr.contains("archived"), "\(late.stderr)")

        // The trail names classes and dates, never the person.
        let trail = try Self.run(["audit", "log", "--ticket", "1"], fixture).stdout
        for value in ["Testmann", "joerg.testmann", "55501001"] { #expect(!trail.contains(value)) }
        #expect(try Self.run(["audit", "verify"], fixture).status == 0)
    }

    @Test("an open ticket marked as a commercial letter has no due date until closed, then the end of the year counts")
    func markOpenTicket() throws {
        let fixture = try Self.withTicket()
        #expect(try Self.run(["ticket", "mark", "1", "--commercial-letter"], fixture).status == 0)
        let open = try #require(try Self.ticket(1, fixture))
        #expect(open["retention_class"] as? String == "commercial_letter" && open["retention_due"] is NSNull)
        let text = try Self.run(["ticket", "show", "1"], fixture).stdout
        #expect(text.contains("Retention:  class commercial_letter, nothing due, marked as a commercial letter"), "\(text)")
        #expect(try Self.run(["ticket", "close", "1"], fixture).status == 0)
        let closed = try Self.time("closed_at", of: 1, fixture)
        #expect(try Self.time("retention_due", of: 1, fixture) == Self.endOfYearBoundary(closed: closed))
        // Assigning reopens the ticket; the marker still decides the class, and the clock stops until it closes again.
        #expect(try Self.run(["ticket", "assign", "1", "--queue", "tv"], fixture).status == 0)
        let reopened = try #require(try Self.ticket(1, fixture))
        #expect(reopened["retention_class"] as? String == "commercial_letter" && reopened["retention_due"] is NSNull)
    }

    @Test("answering a closed ticket reopens it: a class counting from closing stops its clock until the next close")
    func replyReopens() throws {
        let fixture = try Self.withTicket()
        #expect(try Self.run(["ticket", "close", "1"], fixture).status == 0)
        #expect(try Self.ticket(1, fixture)?["retention_due"] is String)
        let answer = fixture.directory.write("answer.txt", "Guten Tag,\nhier noch ein Nachtrag zu Ihrem Gerät.\n")
        let reply = try Self.run(["ticket", "reply", "1", "--file", answer], fixture)
        #expect(reply.status == 0, "\(reply.stderr)")
        let reopened = try #require(try Self.ticket(1, fixture))
        #expect(reopened["state"] as? String == "waiting" && reopened["retention_due"] is NSNull)
        #expect(try Self.run(["sweep", "--now", Self.iso(Date().addingTimeInterval(400 * 86_400)), "--dry-run"], fixture).stdout.contains("0 tickets due"))
        #expect(try Self.run(["ticket", "close", "1"], fixture).status == 0)
        #expect(try Self.ticket(1, fixture)?["retention_due"] is String)
    }

    @Test("marking is refused where it cannot work, each time with the cause and the fix")
    func refusals() throws {
        let fixture = try Self.withTicket { $0.replacingOccurrences(of: "commercial_letters = true\n", with: "") }
        let noClass = try Self.run(["ticket", "mark", "1", "--commercial-letter"], fixture)
        #expect(noClass.status != 0)
        #expect(noClass.stderr.contains("no retention class claims commercial letters") && noClass.stderr.contains("commercial_letters = true"), "\(noClass.stderr)")
        #expect(try Self.ticket(1, fixture)?["commercial_letter"] as? Bool == false)
        let unmark = try Self.run(["ticket", "mark", "1", "--not-commercial-letter"], fixture)
        #expect(unmark.status == 0 && unmark.stdout.contains("not marked as a commercial letter already"), "\(unmark.stdout)")

        let missing = try Self.run(["ticket", "mark", "99", "--not-commercial-letter"], fixture)
        #expect(missing.status != 0 && missing.stderr.contains("there is no ticket 99"))
        let neither = try Self.run(["ticket", "mark", "1"], fixture)
        #expect(neither.status != 0 && neither.stderr.contains("--commercial-letter") && neither.stderr.contains("--not-commercial-letter"))
        let both = try Self.run(["ticket", "mark", "1", "--commercial-letter", "--not-commercial-letter"], fixture)
        #expect(both.status != 0)
        #expect(try Self.events("ticket.commercial_letter_marked", ticket: 1, fixture).isEmpty)
    }

    @Test("the sweep reports and audits what it removed from the outbox, and that there is no server part without [imap]")
    func sweepCounts() throws {
        let fixture = try Self.withTicket()
        let sweep = try Self.run(["sweep"], fixture)
        #expect(sweep.status == 0)
        #expect(sweep.stdout.contains("0 tickets due; 0 sent outbox payloads removed; 0 quarantined mails erased; no [imap] section"), "\(sweep.stdout)")
        let log = try Self.run(["audit", "log", "--json"], fixture)
        let entries = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]] ?? []
        let finished = try #require(entries.last { $0["action"] as? String == "sweep.finished" }?["details"] as? [String: String])
        #expect(finished["sent_payloads_removed"] == "0" && finished["processed_copies"] == "no_imap" && finished["tickets"] == "0")
    }
}
