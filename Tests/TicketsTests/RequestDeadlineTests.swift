import Foundation
import Testing
import Tickets

@Suite("Deadlines of data-subject requests")
struct RequestDeadlineTests {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func date(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    @Test("one month: same day of the following month, or its last day", arguments: [
        ("2025-01-15T10:00:00Z", "2025-02-15T00:00:00Z"),
        ("2025-01-31T23:59:59Z", "2025-02-28T00:00:00Z"),
        ("2024-01-31T08:00:00Z", "2024-02-29T00:00:00Z"),
        ("2025-03-31T08:00:00Z", "2025-04-30T00:00:00Z"),
        ("2025-12-20T08:00:00Z", "2026-01-20T00:00:00Z"),
        ("2025-02-28T08:00:00Z", "2025-03-28T00:00:00Z"),
    ])
    func oneMonth(received: String, lastDay: String) {
        let deadline = RequestDeadline(received: Self.date(received))
        #expect(deadline.lastDay(in: Self.utc) == Self.date(lastDay))
        #expect(deadline.due(in: Self.utc) == Self.date(lastDay).addingTimeInterval(86_400))
    }

    @Test("the extension adds two months to the first month", arguments: [
        ("2025-01-15T10:00:00Z", "2025-04-15T00:00:00Z"),
        ("2025-01-31T10:00:00Z", "2025-04-28T00:00:00Z"),
        ("2025-11-30T10:00:00Z", "2026-02-28T00:00:00Z"),
        ("2023-11-30T10:00:00Z", "2024-02-29T00:00:00Z"),
    ])
    func extended(received: String, lastDay: String) {
        let deadline = RequestDeadline(received: Self.date(received)).extended()
        #expect(deadline.isExtended)
        #expect(deadline.lastDay(in: Self.utc) == Self.date(lastDay))
    }

    @Test("open, due today and overdue at their exact boundaries")
    func boundaries() {
        let deadline = RequestDeadline(received: Self.date("2025-01-31T12:00:00Z"))
        let startOfLastDay = Self.date("2025-02-28T00:00:00Z")
        let overdueFrom = Self.date("2025-03-01T00:00:00Z")
        #expect(deadline.state(at: Self.date("2025-01-31T12:00:00Z"), in: Self.utc) == .open)
        #expect(deadline.state(at: startOfLastDay.addingTimeInterval(-1), in: Self.utc) == .open)
        #expect(deadline.state(at: startOfLastDay, in: Self.utc) == .dueToday)
        #expect(deadline.state(at: startOfLastDay.addingTimeInterval(1), in: Self.utc) == .dueToday)
        #expect(deadline.state(at: overdueFrom.addingTimeInterval(-1), in: Self.utc) == .dueToday)
        #expect(deadline.state(at: overdueFrom, in: Self.utc) == .overdue)
        #expect(deadline.state(at: overdueFrom.addingTimeInterval(1), in: Self.utc) == .overdue)
        // Extended, the same moment is open again.
        #expect(deadline.extended().state(at: overdueFrom, in: Self.utc) == .open)
        #expect(RequestDeadline.State.allCases.map(\.rawValue) == ["open", "due_today", "overdue"])
    }

    @Test("days are the controller's: the time zone of the calendar decides the day of receipt")
    func timeZone() {
        var berlin = Calendar(identifier: .gregorian)
        berlin.timeZone = TimeZone(identifier: "Europe/Berlin")!
        // 23:30 UTC on 31 January is already 1 February in Berlin.
        let deadline = RequestDeadline(received: Self.date("2025-01-31T23:30:00Z"))
        #expect(deadline.lastDay(in: Self.utc) == Self.date("2025-02-28T00:00:00Z"))
        #expect(deadline.lastDay(in: berlin) == Self.date("2025-02-28T23:00:00Z"))  // 1 March, 00:00 in Berlin
        // The last day across the spring change is 23 hours long.
        let spring = RequestDeadline(received: Self.date("2025-02-28T12:00:00Z"))
        #expect(spring.lastDay(in: berlin) == Self.date("2025-03-27T23:00:00Z"))
        let autumn = RequestDeadline(received: Self.date("2025-09-26T12:00:00Z"))
        #expect(autumn.due(in: berlin).timeIntervalSince(autumn.lastDay(in: berlin)) == 25 * 3600)
    }
}
