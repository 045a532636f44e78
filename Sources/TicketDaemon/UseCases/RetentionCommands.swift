package import Foundation
package import Tickets
import TicketStore

/// `ticket hold` and `ticket release`.
package enum RetentionCommands {
    package static func hold(_ runtime: Runtime, ticket: Int64, reason: String, until: Date?, actor: Actor) throws(OperatorError) -> String {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw .other("--reason is empty: say why the ticket must be kept (it is recorded)") }
        do { try runtime.database.hold(ticket: ticket, reason: reason, until: until, actor: actor) } catch { throw .store(error) }
        return "ticket \(ticket) is on legal hold\(until.map { " until \(JSONLogHandler.timestamp($0))" } ?? " until released"); sweeps and erasures skip it"
    }

    package static func release(_ runtime: Runtime, ticket: Int64, actor: Actor) throws(OperatorError) -> String {
        do { try runtime.database.releaseHold(ticket: ticket, actor: actor) } catch { throw .store(error) }
        return "the legal hold on ticket \(ticket) is lifted; its retention applies again"
    }
}

/// Times given on the command line: `2027-01-01`, `2027-01-01T00:00:00Z`, `2027-01-01T01:00:00+01:00`.
package enum TimeArgument {
    package static func parse(_ text: String, option: String) throws(OperatorError) -> Date {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date }
        throw .other("\(option) \(text) is not a date: write 2027-01-01 or 2027-01-01T00:00:00Z")
    }
}
