package import Foundation
import Privacy
package import Tickets
import TicketStore

/// `ticket hold`, `ticket release` and `ticket mark`: what decides how long a ticket is kept.
package enum RetentionCommands {
    package static func hold(_ runtime: Runtime, ticket: Int64, reason: String, until: Date?, actor: Actor) throws(OperatorError) -> String {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw .argument(.emptyReason(option: "--reason", why: "say why the ticket must be kept (it is recorded)")) }
        do { try runtime.database.retention.hold(ticket: ticket, reason: reason, until: until, actor: actor) } catch { throw .store(error) }
        return "ticket \(ticket) is on legal hold\(until.map { " until \(JSONLogHandler.timestamp($0))" } ?? " until released"); sweeps and erasures skip it"
    }

    package static func release(_ runtime: Runtime, ticket: Int64, actor: Actor) throws(OperatorError) -> String {
        do { try runtime.database.retention.releaseHold(ticket: ticket, actor: actor) } catch { throw .store(error) }
        return "the legal hold on ticket \(ticket) is lifted; its retention applies again"
    }

    /// `ticket mark ID --commercial-letter | --not-commercial-letter`: the agent's finding that a
    /// ticket is (or is not) a commercial letter (HGB §257, AO §147), which moves it into the class
    /// that claims commercial letters (or back to its queue's or the default class). Its due date
    /// is counted again under the new class: from its closing if it is closed, from receipt for a
    /// class that counts from there, and not at all for an open ticket of a class that counts
    /// from closing. Marking as it is marked already changes nothing.
    package static func markCommercialLetter(_ runtime: Runtime, ticket id: Int64, _ marked: Bool, actor: Actor) throws(OperatorError) -> String {
        let rules = runtime.configuration.retention.rules
        if marked, rules.commercialLetterClass == nil {
            throw .retention(.noCommercialLetterClass(ticket: id, configurationFile: runtime.configuration.file))
        }
        let record = try TicketActions.ticketRecord(runtime, id)
        if record.archived {
            throw .retention(.archivedAlready(ticket: id, retentionClass: record.retentionClass))
        }
        let retention = RetentionSchedule.placement(runtime, record: record, queue: record.queue, commercialLetter: marked,
                                                    closed: record.state == .closed ? record.closedAt : nil)
        let changed: Bool
        do {
            changed = try runtime.database.retention.markCommercialLetter(ticket: id, marked, retention: retention, audit: AuditDraft(
                actor: actor, action: marked ? "ticket.commercial_letter_marked" : "ticket.commercial_letter_unmarked", ticketID: id,
                subject: record.subject?.rawValue, details: RetentionSchedule.auditDetails(retention)
            ))
        } catch { throw .store(error) }
        guard changed else {
            return "ticket \(id) is \(marked ? "marked" : "not marked") as a commercial letter already; nothing changed "
                + "(class \(record.retentionClass ?? rules.defaultClass), \(dueText(record.retentionDue, record: record)))"
        }
        return "ticket \(id) is \(marked ? "now" : "no longer") marked as a commercial letter; "
            + "its retention class is \(retention?.retentionClass ?? rules.defaultClass), \(dueText(retention?.due, record: record))"
    }

    static func dueText(_ due: Date?, record: TicketRecord) -> String {
        if let due { return "due \(JSONLogHandler.timestamp(due))" }
        return record.state == .closed ? "nothing due" : "due from its closing"
    }
}
