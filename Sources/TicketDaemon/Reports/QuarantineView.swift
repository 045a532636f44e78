import Foundation
import TicketStore

/// `ticketd quarantine [--json]`: the mails kept sealed instead of becoming tickets, with the reason.
package enum QuarantineView {
    /// The entries as a table or one JSON list; never their content.
    package static func list(_ runtime: Runtime, json: Bool) throws(OperatorError) -> String {
        let entries: [QuarantineRecord]
        do { entries = try runtime.database.intake.quarantine() } catch { throw .store(error) }
        return render(entries, json: json)
    }

    /// The entries as a table or one JSON list; reads nothing.
    static func render(_ entries: [QuarantineRecord], json: Bool) -> String {
        if json {
            struct Entry: Encodable {
                var id: Int64
                var reason: String
                var received_at: String
            }
            return encodeJSON(entries.map { Entry(id: $0.id, reason: $0.reason, received_at: JSONLogHandler.timestamp($0.receivedAt)) })
        }
        if entries.isEmpty { return "the quarantine is empty" }
        return (["ID\tRECEIVED\tREASON"] + entries.map { "\($0.id)\t\(JSONLogHandler.timestamp($0.receivedAt))\t\($0.reason)" })
            .joined(separator: "\n")
    }
}
