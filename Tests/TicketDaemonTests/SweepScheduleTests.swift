import Foundation
import Testing
@testable import TicketDaemon

@Suite("The daily sweep's schedule")
struct SweepScheduleTests {
    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin")!
        return calendar
    }

    func date(_ day: Int, _ hour: Int, _ minute: Int) -> Date {
        calendar.date(from: DateComponents(year: 2027, month: 3, day: day, hour: hour, minute: minute))!
    }

    @Test("the latest 03:00 at or before now: today's once it has passed, else yesterday's")
    func lastScheduled() {
        #expect(Sweep.lastScheduled(before: date(10, 3, 0), hour: 3, minute: 0, calendar: calendar) == date(10, 3, 0))
        #expect(Sweep.lastScheduled(before: date(10, 14, 30), hour: 3, minute: 0, calendar: calendar) == date(10, 3, 0))
        #expect(Sweep.lastScheduled(before: date(10, 2, 59), hour: 3, minute: 0, calendar: calendar) == date(9, 3, 0))
    }
}
