import Foundation
import Tickets
import TicketStore

/// `ticketd outbox [--json]`: pending, held, failed and sent mail, without content or customer addresses.
package enum OutboxView {
    package static func list(_ runtime: Runtime, json: Bool) throws(OperatorError) -> String {
        let items: [OutboxRecord]
        do { items = try runtime.database.outbox.items() } catch { throw .store(error) }
        return render(items, json: json)
    }

    /// The items as a table or one JSON list; reads nothing.
    static func render(_ items: [OutboxRecord], json: Bool) -> String {
        if json {
            struct Entry: Encodable {
                var id: Int64
                var ticket: Int64?
                /// The data-subject request a mail to a requester answers.
                var request: Int64?
                var kind: String
                var recipient_kind: String
                var recipient: String?
                var state: String
                var attempts: Int
                var next_attempt_at: String?
                var last_error: String?
                var hold_reason: String?
                var message_id: String
                var created_at: String
                var sent_at: String?
            }
            return encodeJSON(items.map {
                Entry(id: $0.id, ticket: $0.ticket, request: $0.request, kind: $0.kind, recipient_kind: $0.recipientKind.rawValue, recipient: $0.recipientName, state: $0.state.rawValue,
                      attempts: $0.attempts, next_attempt_at: $0.nextAttemptAt.map(JSONLogHandler.timestamp), last_error: $0.lastError,
                      hold_reason: $0.holdReason, message_id: $0.messageID, created_at: JSONLogHandler.timestamp($0.createdAt),
                      sent_at: $0.sentAt.map(JSONLogHandler.timestamp))
            })
        }
        if items.isEmpty { return "the outbox is empty" }
        var lines = ["ID\tTICKET\tKIND\tTO\tSTATE\tATTEMPTS\tNOTE"]
        for item in items {
            let to = switch item.recipientKind {
            case .customer: "customer"
            case .requester: "requester of request \(item.request.map(String.init) ?? "?")"
            case .queue, .partner: "\(item.recipientKind.rawValue) \(item.recipientName ?? "?")"
            }
            let note = item.holdReason ?? item.lastError ?? (item.nextAttemptAt.map { "next attempt \(JSONLogHandler.timestamp($0))" } ?? "")
            lines.append("\(item.id)\t\(item.ticket.map(String.init) ?? "-")\t\(item.kind)\t\(to)\t\(item.state.rawValue)\t\(item.attempts)\t\(note)")
        }
        return lines.joined(separator: "\n")
    }
}
