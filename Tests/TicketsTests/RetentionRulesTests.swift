import Foundation
import Testing
import Tickets

@Suite("Retention rules: which class a ticket belongs to")
struct RetentionRulesTests {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour))!
    }

    static let rules = RetentionRules(
        classes: [
            RetentionClass(name: "personal", start: .ticketClosed, period: try! ISO8601Duration(parsing: "P90D"), action: .anonymize),
            RetentionClass(name: "letters", start: .endOfYearAfterClose, period: try! ISO8601Duration(parsing: "P6Y"), action: .restrict),
            RetentionClass(name: "billing", start: .received, period: try! ISO8601Duration(parsing: "P1Y"), action: .erase),
        ],
        defaultClass: "personal", queueClasses: ["billing": "billing"], commercialLetterClass: "letters"
    )

    @Test("the marker beats the queue, the queue beats the default", arguments: [
        (nil, false, "personal"),
        ("tv", false, "personal"),
        ("billing", false, "billing"),
        (nil, true, "letters"),
        ("billing", true, "letters"),
    ] as [(String?, Bool, String)])
    func precedence(queue: String?, marked: Bool, expected: String) {
        #expect(Self.rules.retentionClass(queue: queue, commercialLetter: marked)?.name == expected)
    }

    @Test("without a commercial-letter class the marker decides nothing")
    func noLetterClass() {
        var rules = Self.rules
        rules.commercialLetterClass = nil
        #expect(rules.retentionClass(queue: "billing", commercialLetter: true)?.name == "billing")
        #expect(rules.retentionClass(queue: nil, commercialLetter: true)?.name == "personal")
    }

    @Test("a class name no longer configured falls back to the default")
    func unknownName() {
        #expect(Self.rules.retentionClass(named: "gone")?.name == "personal")
        #expect(Self.rules.retentionClass(named: nil)?.name == "personal")
        #expect(Self.rules.retentionClass(named: "letters")?.name == "letters")
    }

    @Test("due dates: from closing while closed, from receipt always, none for an open ticket of a closing class")
    func placement() {
        let received = Self.date(2026, 3, 10, 9)
        let closed = Self.date(2026, 11, 30, 17)
        let open = Self.rules.placement(queue: nil, commercialLetter: true, received: received, closed: nil, calendar: Self.calendar)
        #expect(open == RetentionPlacement(retentionClass: "letters", due: nil))
        let letter = Self.rules.placement(queue: nil, commercialLetter: true, received: received, closed: closed, calendar: Self.calendar)
        #expect(letter == RetentionPlacement(retentionClass: "letters", due: Self.date(2033, 1, 1)))
        let personal = Self.rules.placement(queue: "tv", commercialLetter: false, received: received, closed: closed, calendar: Self.calendar)
        #expect(personal == RetentionPlacement(retentionClass: "personal", due: closed.addingTimeInterval(90 * 86_400)))
        let billing = Self.rules.placement(queue: "billing", commercialLetter: false, received: received, closed: nil, calendar: Self.calendar)
        #expect(billing == RetentionPlacement(retentionClass: "billing", due: Self.date(2027, 3, 10, 9)))
    }
}
