import Foundation
import MailFormat
import Testing

@Suite("Dates (RFC 5322 §3.3 and §4.3)")
struct MailDateTests {
    /// 2025-02-03 10:00:00 UTC.
    static let reference = Date(timeIntervalSince1970: 1_738_576_800)

    @Test("current and obsolete forms of one instant", arguments: [
        "Mon, 3 Feb 2025 10:00:00 +0000",
        "Mon, 03 Feb 2025 11:00:00 +0100 (CET)",
        "3 Feb 2025 05:00:00 -0500",
        "Mon, 3 Feb 25 10:00:00 GMT",
        "Mon, 3 Feb 125 10:00:00 UT",
        "Mon,  3  Feb  2025  05:00  EST",
        "Monday, 3 February 2025 02:00:00 PST",
        "mon, 3 feb 2025 10:00:00 z",
        "Mon, 3 Feb 2025 10:00:00",
        "Mon, 3 Feb 2025 12:00:00 +02:00",
        "Mon Feb  3 10:00:00 2025",
        "Mon, 3 Feb 2025 11:00:00 CET",
    ])
    func sameInstant(value: String) {
        #expect(MailDate.parse(value) == Self.reference)
    }

    @Test("two-digit years: 49 is 2049, 50 is 1950")
    func twoDigitYears() {
        #expect(MailDate.parse("1 Jan 49 00:00:00 +0000") == Date(timeIntervalSince1970: 2_493_072_000))
        #expect(MailDate.parse("1 Jan 50 00:00:00 +0000") == Date(timeIntervalSince1970: -631_152_000))
    }

    @Test("garbage is nil", arguments: [
        "", "yesterday", "32 Jan 2025 10:00:00 +0000", "29 Feb 2025 10:00:00 +0000", "3 Feb 2025 24:00:00 +0000",
        "3 Feb 2025 10:61:00 +0000", "3 Foo 2025 10:00:00 +0000", "3 Feb 2025", "3 Feb 2025 10:00:00 +9999",
        "Mon, 3 Feb 2025 10:00:00 +0000 extra 12", "2025-02-03T10:00:00Z",
    ])
    func garbage(value: String) {
        #expect(MailDate.parse(value) == nil)
    }

    @Test("leap day and the message field")
    func leapDayAndField() throws {
        #expect(MailDate.parse("29 Feb 2024 00:00:00 +0000") == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(try TestMessages.parse(["Date: Mon, 3 Feb 2025 10:00:00 +0000", "", ""]).date == Self.reference)
        #expect(try TestMessages.parse(["Date: not a date", "", ""]).date == nil)
    }
}
