import Foundation
import Testing
import TicketStore
@testable import TicketDaemon

@Suite("ticketd status: rendering and the next sweep")
struct StatusReportTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func report(lastPoll: PollRecord?, pollInterval: Int? = 30) -> StatusReport {
        var counts = OperationalCounts()
        counts.outbox = ["pending": 1, "held": 0, "failed": 2, "sent": 3]
        counts.oldestPending = now.addingTimeInterval(-300)
        counts.quarantine = 4
        var tickets = TicketCounts()
        tickets.byState = ["open": 5, "waiting": 1, "closed": 2]
        tickets.archived = 1
        tickets.activeHolds = 1
        tickets.restrictedSubjects = 2
        counts.tickets = tickets
        return StatusReport(now: now, database: "/var/lib/ticketd/ticketd.sqlite3", pollInterval: pollInterval, lastPoll: lastPoll,
                            lastSuccessfulPoll: lastPoll?.result == .ok ? lastPoll?.at : nil, counts: counts, sweepAt: "03:00",
                            lastSweep: now.addingTimeInterval(-3600), nextSweep: now.addingTimeInterval(23 * 3600), metricsTextfile: nil)
    }

    @Test("a good poll: how long ago, its counts, the backlog it found")
    func okPoll() throws {
        let poll = PollRecord(at: now.addingTimeInterval(-12), result: .ok, seconds: 0.4, newInMailbox: 3, fetched: 3, tickets: 2, quarantined: 1)
        let status = report(lastPoll: poll)
        #expect(status.text.contains("last poll        2027-01-15T07:59:48.000Z (12 s ago): ok in 0.40 s; 3 fetched: 2 tickets, 1 quarantined, 0 duplicates, 0 threaded"), "\(status.text)")
        #expect(status.text.contains("backlog          0 mails left (3 new above the checkpoint at the last poll, 3 taken in)"))
        #expect(status.text.contains("outbox           1 pending, 0 held, 2 failed, 3 sent; the oldest pending was queued 2027-01-15T07:55:00.000Z (5 min ago)"))
        #expect(status.text.contains("tickets          5 open, 1 waiting, 2 closed (1 archived)"))
        #expect(status.text.contains("legal holds      1 in force"))
        #expect(status.text.contains("restricted       2 data subjects (Art. 18)"))
        #expect(status.text.contains("next sweep       2027-01-16T07:00:00.000Z (in 23 h; sweep_at 03:00 local time; last 2027-01-15T07:00:00.000Z (60 min ago))"))
        #expect(!status.isStale)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.json.utf8)) as? [String: Any])
        let last = try #require(json["last_poll"] as? [String: Any])
        #expect(last["result"] as? String == "ok" && last["seconds_ago"] as? Int == 12 && last["failure_class"] is NSNull)
        #expect((json["backlog"] as? [String: Any])?["left"] as? Int == 0)
        #expect((json["outbox"] as? [String: Any])?["oldest_pending_age_seconds"] as? Int == 300)
        #expect((json["tickets"] as? [String: Any])?["archived"] as? Int == 1)
        #expect(json["legal_holds"] as? Int == 1 && json["restricted_subjects"] as? Int == 2 && json["quarantine"] as? Int == 4)
        #expect((json["sweep"] as? [String: Any])?["due"] as? Bool == false)
        #expect(json["metrics_textfile"] is NSNull)
    }

    @Test("a failed poll: its class, the failures in a row, the last success; an old one is called stale")
    func failedPoll() throws {
        let poll = PollRecord(at: now.addingTimeInterval(-7200), result: .failed, failureClass: "imap_tls", failure: "IMAP TLS failed: x. Check imap.ca_file.",
                              seconds: 0.1, consecutiveFailures: 4)
        let status = report(lastPoll: poll)
        #expect(status.text.contains("(2 h ago): FAILED (imap_tls, 4 failures in a row): IMAP TLS failed: x. Check imap.ca_file."), "\(status.text)")
        #expect(status.text.contains("last success     never"))
        #expect(status.text.contains("backlog          unknown (the last poll failed before it could look)"))
        #expect(status.text.contains("no poll for 2 h although poll_interval is 30 s: is `ticketd serve` running?"))
        #expect(status.isStale)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.json.utf8)) as? [String: Any])
        #expect(json["stale"] as? Bool == true)
        #expect((json["last_poll"] as? [String: Any])?["consecutive_failures"] as? Int == 4)
        #expect(json["backlog"] is NSNull)
    }

    @Test("never polled, with and without an [imap] section")
    func never() {
        #expect(report(lastPoll: nil).text.contains("last poll        never: `ticketd serve` has not polled yet"))
        #expect(report(lastPoll: nil, pollInterval: nil).text.contains("never: there is no [imap] section"))
    }

    @Test("durations read as an operator says them")
    func durations() {
        #expect(StatusReport.duration(0) == "0 s")
        #expect(StatusReport.duration(119) == "119 s")
        #expect(StatusReport.duration(120) == "2 min")
        #expect(StatusReport.duration(7199) == "119 min")
        #expect(StatusReport.duration(7200) == "2 h")
        #expect(StatusReport.duration(3 * 3600 + 300) == "3 h 5 min")
        #expect(StatusReport.duration(50 * 3600) == "2 d 2 h")
    }

    @Test("the next sweep: due when none ran since the latest sweep_at, else the next day's")
    func nextSweep() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin")!
        func date(_ day: Int, _ hour: Int) -> Date { calendar.date(from: DateComponents(year: 2027, month: 3, day: day, hour: hour))! }
        #expect(StatusView.nextSweep(after: date(10, 14), lastSweep: nil, hour: 3, minute: 0, calendar: calendar) == nil)
        #expect(StatusView.nextSweep(after: date(10, 14), lastSweep: date(10, 2), hour: 3, minute: 0, calendar: calendar) == nil)
        #expect(StatusView.nextSweep(after: date(10, 14), lastSweep: date(10, 3), hour: 3, minute: 0, calendar: calendar) == date(11, 3))
        #expect(StatusView.nextSweep(after: date(10, 2), lastSweep: date(9, 5), hour: 3, minute: 0, calendar: calendar) == date(10, 3))
    }
}
