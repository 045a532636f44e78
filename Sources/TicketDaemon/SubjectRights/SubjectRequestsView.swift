package import Foundation
package import Tickets
import Logging
import Privacy
import TicketStore

/// `ticketd requests [--json] [--now ISO8601]` and `ticketd request extend ID --reason TEXT`:
/// the data-subject requests received by mail with their Art. 12(3) deadlines. The list names
/// kinds, pseudonyms and dates, never the requester's address.
package enum SubjectRequestsView {
    struct Entry: Encodable {
        var id: Int64
        var kinds: [String]
        var subject: String?
        var state: String
        var explicit: Bool
        var received_at: String
        var last_day: String
        var deadline: String
        var extended: Bool
        var extension_reason: String?
        var confirmed_at: String?
        var done_at: String?
        /// What was done (no personal values); for a rejected request, why.
        var outcome: String?
    }

    /// A finished request's deadline says whether it was met: `answered_in_time` or
    /// `answered_late` (judged at the moment it was carried out), or `rejected`.
    static func entry(_ record: SubjectRequestRecord, now: Date) -> Entry {
        let calendar = RetentionSchedule.calendar
        let deadline: String
        switch (record.state, record.doneAt) {
        case ("done", let doneAt?): deadline = record.deadline.state(at: doneAt, in: calendar) == .overdue ? "answered_late" : "answered_in_time"
        case ("rejected", _): deadline = "rejected"
        default: deadline = record.deadline.state(at: now, in: calendar).rawValue
        }
        return Entry(
            id: record.id, kinds: record.kinds.map(\.rawValue), subject: record.subject?.rawValue, state: record.state, explicit: record.explicit,
            received_at: JSONLogHandler.timestamp(record.deadline.received),
            last_day: lastDay(record.deadline),
            deadline: deadline, extended: record.deadline.isExtended, extension_reason: record.extensionReason,
            confirmed_at: record.confirmedAt.map(JSONLogHandler.timestamp), done_at: record.doneAt.map(JSONLogHandler.timestamp), outcome: record.outcome
        )
    }

    /// Open requests (awaiting confirmation or confirmed), oldest first, with their deadline state
    /// at `now`; with `all`, the finished ones too, with what was done and whether it was in time
    /// (the record a data-protection officer shows the authority).
    package static func list(_ runtime: Runtime, now: Date, json: Bool, all: Bool = false) throws(OperatorError) -> String {
        let records: [SubjectRequestRecord]
        do { records = try runtime.database.requests.list(openOnly: !all) } catch { throw .store(error) }
        let entries = records.map { entry($0, now: now) }
        warnOverdue(runtime, entries: entries)
        if json { return encodeJSON(entries) }
        if entries.isEmpty { return all ? "no data-subject requests" : "no open data-subject requests" }
        var lines = ["ID\tKINDS\tSUBJECT\tSTATE\tRECEIVED\tLAST DAY\tDEADLINE"]
        for entry in entries {
            lines.append([
                "\(entry.id)", entry.kinds.joined(separator: ","), entry.subject ?? "-", entry.state, String(entry.received_at.prefix(16)),
                entry.last_day + (entry.extended ? " (extended)" : ""), entry.deadline.uppercased(),
            ].joined(separator: "\t") + (all ? entry.outcome.map { "\t\($0)" } ?? "" : ""))
        }
        return lines.joined(separator: "\n")
    }

    /// The last day on which an answer is in time, `2026-12-29` (UTC, as the deadline counts).
    static func lastDay(_ deadline: RequestDeadline) -> String {
        RequestLetters.day(deadline.lastDay(in: RetentionSchedule.calendar))
    }

    /// `request.overdue` (warning) when open requests are past their deadline; returns how many.
    /// `ticketd requests` logs it when it lists them, and the daemon's daily sweep every day.
    @discardableResult
    static func warnOverdue(_ runtime: Runtime, entries: [Entry]) -> Int {
        let overdue = entries.filter { $0.deadline == RequestDeadline.State.overdue.rawValue }
        if !overdue.isEmpty {
            runtime.logger.warning("request.overdue", metadata: [
                "count": .stringConvertible(overdue.count), "requests": .string(overdue.map { String($0.id) }.joined(separator: ",")),
            ])
        }
        return overdue.count
    }

    /// The daemon's daily look at the deadlines.
    @discardableResult
    static func warnOverdue(_ runtime: Runtime, now: Date) throws(StoreError) -> Int {
        warnOverdue(runtime, entries: try runtime.database.requests.list(openOnly: true).map { entry($0, now: now) })
    }

    /// Adds two months to a request's deadline (Art. 12(3)), once, with the reason recorded, and
    /// tells the person why in a mail queued in the same transaction.
    package static func extend(_ runtime: Runtime, id: Int64, reason: String, actor: Actor) throws(OperatorError) -> String {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .argument(.emptyReason(option: "--reason", why: "Art. 12(3) requires telling the person why the request takes longer"))
        }
        let record: SubjectRequestRecord?
        do {
            var notice: RequestMailDraft?
            if let smtp = runtime.configuration.smtp, let open = try runtime.database.requests.find(id),
               !open.deadline.isExtended, let requester = try runtime.database.requests.requester(ofRequest: id) {
                notice = try RequestLetters.extensionNotice(runtime, smtp: smtp, to: requester, kinds: open.kinds,
                                                            lastDay: lastDay(open.deadline.extended()), reason: reason)
            }
            record = try runtime.database.requests.extend(id, reason: reason, notice: notice, actor: actor)
        } catch let error as StoreError {
            throw .store(error)
        } catch let error as OperatorError {
            throw error
        } catch {
            throw .failed(cause: ErrorCause.of(error))
        }
        guard let record else { throw .noSuchRequest(id) }
        guard record.deadline.isExtended else {
            throw .requestClosed(id, state: record.state)
        }
        let lastDay = lastDay(record.deadline)
        return "request \(id) is extended by two months (Art. 12(3)): its last day is \(lastDay)"
            + (record.extensionReason == reason ? "; the person is told why in a mail now in the outbox" : " (it was extended before; the first reason stands)")
    }
}
