package import Foundation
import Logging
import Tickets
import TicketStore

/// What a sweep did, per class and action.
package struct SweepReport: Sendable, Equatable {
    package var actions: [String: Int] = [:]
    package var tickets: [Int64] = []
    package var dryRun = false

    package var line: String {
        let counts = actions.keys.sorted().map { "\($0) \(actions[$0]!)" }.joined(separator: ", ")
        return "sweep\(dryRun ? " (dry run)" : ""): \(tickets.count) ticket\(tickets.count == 1 ? "" : "s") due"
            + (counts.isEmpty ? "" : ": \(counts)") + (tickets.isEmpty ? "" : " [tickets \(tickets.map(String.init).joined(separator: ", "))]")
    }
}

/// `ticketd sweep [--dry-run] [--now ISO8601]`: applies retention to every ticket whose period
/// has ended, in batches, skipping legal holds; proves what it did in the audit trail (counts,
/// classes, ticket ids) and ends with a WAL checkpoint so erased pages leave the log.
package enum Sweep {
    static let batchSize = 500

    /// The latest scheduled sweep time (`sweep_at`, local time) at or before `now`.
    static func lastScheduled(before now: Date, hour: Int, minute: Int, calendar: Calendar = .current) -> Date {
        let today = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: now) ?? now
        return today <= now ? today : calendar.date(byAdding: .day, value: -1, to: today) ?? today
    }

    /// Whether the daily sweep is due: it has not run since the latest scheduled time (this also
    /// catches a sweep missed while the daemon was down).
    package static func isDue(_ runtime: Runtime, now: Date) -> Bool {
        let schedule = runtime.configuration.retention.sweepAt
        let scheduled = lastScheduled(before: now, hour: schedule.hour, minute: schedule.minute)
        guard let last = try? runtime.database.lastSweep() else { return true }
        return last < scheduled
    }

    package static func run(_ runtime: Runtime, now: Date, dryRun: Bool) throws(OperatorError) -> SweepReport {
        var report = SweepReport(dryRun: dryRun)
        let classes = runtime.configuration.retention.classes
        do {
            if dryRun {
                for (ticket, className) in try runtime.database.dueTickets(at: now, limit: 100_000) {
                    let retentionClass = RetentionSchedule.retentionClass(runtime, named: className)
                    report.actions["\(retentionClass?.name ?? "?")/\(retentionClass?.action.rawValue ?? "?")", default: 0] += 1
                    report.tickets.append(ticket)
                }
                return report
            }
            while true {
                let due = try runtime.database.dueTickets(at: now, limit: batchSize)
                if due.isEmpty { break }
                var byClass: [String: [Int64]] = [:]
                for (ticket, className) in due {
                    byClass[RetentionSchedule.retentionClass(runtime, named: className)?.name ?? runtime.configuration.retention.defaultClass, default: []].append(ticket)
                }
                for (name, tickets) in byClass.sorted(by: { $0.key < $1.key }) {
                    guard let retentionClass = classes.first(where: { $0.name == name }) else { continue }
                    try runtime.database.applyRetention(retentionClass.action, tickets: tickets, retentionClass: name, actor: .system("sweep"))
                    report.actions["\(name)/\(retentionClass.action.rawValue)", default: 0] += tickets.count
                    report.tickets += tickets
                }
            }
            try runtime.database.recordAudit(AuditDraft(
                actor: .system("sweep"), action: "sweep.finished",
                details: report.actions.merging(["tickets": report.tickets.count]) { $1 }.mapValues(String.init)
                    .merging(["as_of": JSONLogHandler.timestamp(now)]) { $1 }
            ))
            try runtime.database.checkpointTruncatingWAL()
            try runtime.database.recordSweep(at: runtime.database.now())
        } catch {
            throw .store(error)
        }
        runtime.logger.notice("sweep.finished", metadata: ["tickets": .stringConvertible(report.tickets.count), "as_of": .string(JSONLogHandler.timestamp(now))])
        return report
    }
}
