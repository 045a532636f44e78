package import Foundation
import Logging
import Tickets
import TicketStore

/// What a sweep did, per class and action, to the outbox and to the processed copies on the server.
package struct SweepReport: Sendable, Equatable {
    package var actions: [String: Int] = [:]
    package var tickets: [Int64] = []
    package var dryRun = false
    /// Sent outbox items whose payload was still there and is now gone (or would be, in a dry run).
    package var sentPayloadsRemoved = 0
    /// Quarantined mails whose `quarantine_period` was over, erased with their keys.
    package var quarantineExpired = 0
    package var processedCopies = ProcessedCopiesOutcome.leftToPoll

    package var line: String {
        let counts = actions.keys.sorted().map { "\($0) \(actions[$0]!)" }.joined(separator: ", ")
        var line = "sweep\(dryRun ? " (dry run)" : ""): \(tickets.count) ticket\(tickets.count == 1 ? "" : "s") due"
            + (counts.isEmpty ? "" : ": \(counts)") + (tickets.isEmpty ? "" : " [tickets \(tickets.map(String.init).joined(separator: ", "))]")
        line += "; \(sentPayloadsRemoved) sent outbox payload\(sentPayloadsRemoved == 1 ? "" : "s") \(dryRun ? "would be removed" : "removed")"
        line += "; \(quarantineExpired) quarantined mail\(quarantineExpired == 1 ? "" : "s") \(dryRun ? "would be erased" : "erased")"
        switch processedCopies {
        case .leftToPoll: break
        case .notConfigured: line += "; no [imap] section, so no processed copies on a server"
        case .expunged(let count): line += "; \(count) processed cop\(count == 1 ? "y" : "ies") expunged from the IMAP server"
        case .wouldExpunge(let count): line += "; \(count) processed cop\(count == 1 ? "y" : "ies") would be expunged from the IMAP server"
        case .failed: line += "; processed copies on the IMAP server NOT \(dryRun ? "counted" : "expunged") (the server failed, see the error)"
        }
        return line
    }

    /// Why the command must fail although the database part is done: the server part failed.
    package var serverFailure: String? {
        guard case .failed(let reason) = processedCopies else { return nil }
        return "the database part of the sweep is done, but the processed copies on the IMAP server were not "
            + "\(dryRun ? "counted" : "expunged"): \(reason) Then run `ticketd sweep` again; a running `ticketd serve` also expunges them on its next poll."
    }

    /// The sweep's counts for its `sweep.finished` audit event.
    var auditDetails: [String: String] {
        var details = actions.mapValues(String.init)
        details["tickets"] = "\(tickets.count)"
        details["sent_payloads_removed"] = "\(sentPayloadsRemoved)"
        details["quarantine_expired"] = "\(quarantineExpired)"
        switch processedCopies {
        case .leftToPoll: details["processed_copies"] = "left_to_poll"
        case .notConfigured: details["processed_copies"] = "no_imap"
        case .expunged(let count), .wouldExpunge(let count): details["processed_copies_expunged"] = "\(count)"
        case .failed(let reason):
            details["processed_copies"] = "failed"
            details["processed_copies_error"] = reason
        }
        return details
    }
}

/// `ticketd sweep [--dry-run] [--now ISO8601]`: applies retention to every ticket whose period
/// has ended, in batches, skipping legal holds; removes payloads left on sent outbox items;
/// run from the command line, also expunges the old processed copies on the IMAP server (DESIGN
/// §3, invariant 7). Proves what it did in the audit trail (counts, classes, ticket ids) and ends
/// with a WAL checkpoint so erased pages leave the log.
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
        guard let last = try? runtime.database.retention.lastSweep() else { return true }
        return last < scheduled
    }

    /// Quarantined mails received at or before this moment are past `quarantine_period`.
    static func quarantineCutoff(_ runtime: Runtime, now: Date) -> Date? {
        runtime.configuration.retention.quarantinePeriod.subtracted(from: now, in: RetentionSchedule.calendar)
    }

    /// `ticketd sweep`: the processed copies on the IMAP server first (a server that fails does
    /// not stop the rest; ``SweepReport/serverFailure`` says so), then the database.
    package static func runWithServer(_ runtime: Runtime, now: Date, dryRun: Bool) throws(OperatorError) -> SweepReport {
        let copies = ProcessedCopies.purge(runtime, now: now, dryRun: dryRun)
        return try run(runtime, now: now, dryRun: dryRun, processedCopies: copies)
    }

    /// The database part: due tickets by class, then the leftover payloads of sent outbox items.
    /// `processedCopies` is what the server part did, for the report and the audit event.
    package static func run(
        _ runtime: Runtime, now: Date, dryRun: Bool, processedCopies: ProcessedCopiesOutcome = .leftToPoll
    ) throws(OperatorError) -> SweepReport {
        var report = SweepReport(dryRun: dryRun, processedCopies: processedCopies)
        let classes = runtime.configuration.retention.classes
        do {
            if dryRun {
                for (ticket, className) in try runtime.database.retention.dueTickets(at: now, limit: 100_000) {
                    let retentionClass = RetentionSchedule.retentionClass(runtime, named: className)
                    report.actions["\(retentionClass?.name ?? "?")/\(retentionClass?.action.rawValue ?? "?")", default: 0] += 1
                    report.tickets.append(ticket)
                }
                report.sentPayloadsRemoved = try runtime.database.outbox.removeSentPayloads(dryRun: true)
                if let cutoff = quarantineCutoff(runtime, now: now) {
                    report.quarantineExpired = try runtime.database.intake.quarantine(receivedAtOrBefore: cutoff, limit: 100_000).count
                }
                return report
            }
            runtime.logger.info("sweep.started", metadata: ["as_of": .string(JSONLogHandler.timestamp(now))])
            while true {
                let due = try runtime.database.retention.dueTickets(at: now, limit: batchSize)
                if due.isEmpty { break }
                var byClass: [String: [Int64]] = [:]
                for (ticket, className) in due {
                    byClass[RetentionSchedule.retentionClass(runtime, named: className)?.name ?? runtime.configuration.retention.defaultClass, default: []].append(ticket)
                }
                for (name, tickets) in byClass.sorted(by: { $0.key < $1.key }) {
                    guard let retentionClass = classes.first(where: { $0.name == name }) else { continue }
                    try runtime.database.retention.apply(retentionClass.action, tickets: tickets, retentionClass: name, actor: .system("sweep"))
                    report.actions["\(name)/\(retentionClass.action.rawValue)", default: 0] += tickets.count
                    report.tickets += tickets
                    runtime.logger.info("sweep.applied", metadata: [
                        "class": .string(name), "action": .string(retentionClass.action.rawValue), "count": .stringConvertible(tickets.count),
                        "tickets": .array(tickets.map { .stringConvertible($0) }),
                    ])
                }
            }
            // After the tickets: anonymizing and erasing take their outbox rows along already.
            report.sentPayloadsRemoved = try runtime.database.outbox.removeSentPayloads(dryRun: false)
            // The portal's spent challenges and ended sessions (issue 18): nothing in them opens anything any more.
            let idle = Double(runtime.configuration.portal?.sessionIdle ?? 1_800)
            let purged = try runtime.database.portal.purge(at: now, idle: idle)
            if purged.challenges + purged.sessions > 0 {
                runtime.logger.info("sweep.portal_purged", metadata: ["challenges": .stringConvertible(purged.challenges), "sessions": .stringConvertible(purged.sessions)])
            }
            if let cutoff = quarantineCutoff(runtime, now: now) {
                while true {
                    let expired = try runtime.database.intake.quarantine(receivedAtOrBefore: cutoff, limit: batchSize)
                    if expired.isEmpty { break }
                    try runtime.database.intake.expireQuarantine(expired, actor: .system("sweep"))
                    report.quarantineExpired += expired.count
                }
            }
            // Once a day the daemon says which data-subject requests are past their deadline.
            try SubjectRequestsView.warnOverdue(runtime, now: now)
            try runtime.database.audit.record(AuditDraft(
                actor: .system("sweep"), action: "sweep.finished",
                details: report.auditDetails.merging(["as_of": JSONLogHandler.timestamp(now)]) { $1 }
            ))
            try runtime.database.checkpointTruncatingWAL()
            try runtime.database.retention.recordSweep(at: runtime.database.now())
            try runtime.database.operations.addSweepTotals(report.totals)
        } catch {
            throw .store(error)
        }
        // The log line carries the same counts as the audit event, numbers as numbers.
        runtime.logger.notice("sweep.finished", metadata: report.auditDetails.mapValues { Int($0).map { .stringConvertible($0) } ?? .string($0) }
            .merging(["as_of": .string(JSONLogHandler.timestamp(now))]) { $1 })
        return report
    }
}
