import Foundation
import Testing
import Tickets

@Suite("ISO 8601 durations")
struct ISO8601DurationTests {
    @Test("parses the forms the configuration uses", arguments: [
        ("P90D", [0, 0, 0, 90, 0, 0, 0]),
        ("PT30S", [0, 0, 0, 0, 0, 0, 30]),
        ("P1Y6M", [1, 6, 0, 0, 0, 0, 0]),
        ("P2W", [0, 0, 2, 0, 0, 0, 0]),
        ("P1DT12H", [0, 0, 0, 1, 12, 0, 0]),
        ("PT5M", [0, 0, 0, 0, 0, 5, 0]),
        ("P6Y", [6, 0, 0, 0, 0, 0, 0]),
        ("PT0S", [0, 0, 0, 0, 0, 0, 0]),
        ("P1Y2M3W4DT5H6M7S", [1, 2, 3, 4, 5, 6, 7]),
    ])
    func parses(text: String, expected: [Int]) throws {
        let duration = try ISO8601Duration(parsing: text)
        let parts: [Int] = [duration.years, duration.months, duration.weeks, duration.days, duration.hours, duration.minutes, duration.seconds]
        #expect(parts == expected)
        #expect(duration.description == text)
    }

    @Test("refuses malformed durations with the reason", arguments: [
        ("", ISO8601Duration.Problem.empty),
        ("90D", .missingP),
        ("P", .noComponents),
        ("P30", .numberWithoutDesignator),
        ("PT", .emptyTimePart),
        ("P1DT", .emptyTimePart),
        ("PD", .missingNumber(designator: "D")),
        ("P1D1Y", .outOfOrder("Y")),
        ("P1D2D", .duplicate("D")),
        ("P1X", .unexpected("X", position: 2)),
        ("PT1D", .unexpected("D", position: 3)),
        ("P-1D", .unexpected("-", position: 1)),
        ("P1.5D", .unexpected(".", position: 2)),
        ("P99999999999D", .tooLarge),
        ("p1d", .missingP),
    ])
    func refuses(text: String, problem: ISO8601Duration.Problem) {
        #expect(throws: problem) { try ISO8601Duration(parsing: text) }
    }

    @Test("fixed lengths for poll intervals; none for calendar periods")
    func fixedSeconds() throws {
        #expect(try ISO8601Duration(parsing: "PT30S").fixedSeconds == 30)
        #expect(try ISO8601Duration(parsing: "P1W1DT1H1M1S").fixedSeconds == 8 * 86_400 + 3_661)
        #expect(try ISO8601Duration(parsing: "P1M").fixedSeconds == nil)
    }

    @Test("calendar arithmetic: a month after 31 January is the end of February")
    func calendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 2027, month: 1, day: 31))!
        let end = try ISO8601Duration(parsing: "P1M").added(to: start, in: calendar)!
        #expect(calendar.dateComponents([.year, .month, .day], from: end) == DateComponents(year: 2027, month: 2, day: 28))
    }
}
