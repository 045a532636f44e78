import Foundation
import Logging
import Tickets
import TicketStore

/// `ticketd audit verify` and `ticketd audit log`.
package enum AuditReport {
    /// The outcome of `audit verify` for a person, and whether the chain holds.
    package static func verify(_ runtime: Runtime, json: Bool) throws(OperatorError) -> (output: String, intact: Bool) {
        let result: AuditVerification
        do { result = try runtime.database.audit.verify() } catch { throw .store(error) }
        if let chainBreak = result.firstBreak {
            runtime.logger.error("audit.verify_failed", metadata: [
                "sequence": .stringConvertible(chainBreak.sequence), "verified": .stringConvertible(result.verifiedCount),
            ])
        } else {
            runtime.logger.info("audit.verified", metadata: ["events": .stringConvertible(result.verifiedCount)])
        }
        return (render(result, json: json), result.firstBreak == nil)
    }

    /// The outcome of a verification as text or one JSON document; reads nothing.
    static func render(_ result: AuditVerification, json: Bool) -> String {
        let head = result.headHash.prefix(8).map { String(format: "%02x", $0) }.joined()
        if json {
            struct Document: Encodable {
                var intact: Bool
                var verified_events: Int64
                var head_hash: String
                var broken_at: Int64?
                var problem: String?
            }
            return encodeJSON(Document(
                intact: result.firstBreak == nil, verified_events: result.verifiedCount,
                head_hash: result.headHash.map { String(format: "%02x", $0) }.joined(),
                broken_at: result.firstBreak?.sequence, problem: result.firstBreak?.description
            ))
        }
        guard let chainBreak = result.firstBreak else {
            return "audit chain intact: \(result.verifiedCount) event\(result.verifiedCount == 1 ? "" : "s"), head \(head)"
        }
        let before = result.verifiedCount == 0 ? "no event before it verifies" : "events #1 to #\(result.verifiedCount) verify"
        return """
            audit chain BROKEN at event #\(chainBreak.sequence): \(chainBreak.description).
            \(before); treat the trail from #\(chainBreak.sequence) on as untrustworthy, keep a copy of the database, and compare it with your backups.
            """
    }

    /// The trail, all of it or one ticket's, as text lines or one JSON list.
    package static func log(_ runtime: Runtime, ticket: Int64?, json: Bool) throws(OperatorError) -> String {
        let events: [AuditEvent]
        do { events = try runtime.database.audit.events(ticket: ticket) } catch { throw .store(error) }
        return render(events, ticket: ticket, json: json)
    }

    /// The events (of `ticket`, when one was asked for) as text lines or one JSON list; reads nothing.
    static func render(_ events: [AuditEvent], ticket: Int64?, json: Bool) -> String {
        if json {
            struct Entry: Encodable {
                var sequence: Int64
                var at: String
                var actor: String
                var action: String
                var ticket: Int64?
                var subject: String?
                var fields: [String]
                var details: [String: String]
                var hash: String
            }
            return encodeJSON(events.map {
                Entry(sequence: $0.sequence, at: JSONLogHandler.timestamp($0.at), actor: $0.actor, action: $0.action,
                      ticket: $0.ticketID, subject: $0.subject, fields: $0.fields, details: $0.details,
                      hash: $0.hash.map { String(format: "%02x", $0) }.joined())
            })
        }
        if events.isEmpty { return ticket.map { "no audit events for ticket \($0)" } ?? "the audit trail is empty" }
        return events.map { event in
            var parts = ["#\(event.sequence)", JSONLogHandler.timestamp(event.at), event.actor, event.action]
            if let ticket = event.ticketID { parts.append("ticket=\(ticket)") }
            if let subject = event.subject { parts.append("subject=\(subject)") }
            if !event.fields.isEmpty { parts.append("fields=\(event.fields.joined(separator: ","))") }
            for key in event.details.keys.sorted() { parts.append("\(key)=\(event.details[key]!)") }
            return parts.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
