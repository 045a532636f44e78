import Foundation
import TicketDaemon

/// Times given on the command line: `2027-01-01`, `2027-01-01T00:00:00Z`, `2027-01-01T01:00:00+01:00`.
enum TimeArgument {
    static func parse(_ text: String, option: String) throws(OperatorError) -> Date {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date }
        throw .argument(.notADate(option: option, text: text))
    }
}
