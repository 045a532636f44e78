import Foundation
import Tickets
import TicketStore

/// Which retention class a ticket is in and when its period ends, from the configuration.
enum RetentionSchedule {
    /// The calendar retention counts in: Gregorian, UTC.
    static var calendar: Calendar { .gregorianUTC }

    static func retentionClass(_ runtime: Runtime, named name: String?) -> RetentionClass? {
        runtime.configuration.retention.rules.retentionClass(named: name)
    }

    /// For a new ticket (no queue, no marker, so the default class): its due date when the class counts from receipt.
    static func dueOnReceipt(_ runtime: Runtime) -> Date? {
        guard let retentionClass = retentionClass(runtime, named: nil), retentionClass.start == .received else { return nil }
        return retentionClass.dueDate(received: runtime.database.now(), closed: nil, calendar: calendar)
    }

    /// For a ticket being closed now: the class its queue and marker give, counted from now.
    static func onClose(_ runtime: Runtime, record: TicketRecord) -> RetentionPlacement? {
        placement(runtime, record: record, queue: record.queue, commercialLetter: record.commercialLetter, closed: runtime.database.now())
    }

    /// For a closed ticket that an action reopens (forward, reply): its period has not started
    /// any more, so a class counting from closing loses its due date. Nil for a ticket that is not closed.
    static func onReopen(_ runtime: Runtime, record: TicketRecord) -> RetentionPlacement? {
        guard record.state == .closed else { return nil }
        return placement(runtime, record: record, queue: record.queue, commercialLetter: record.commercialLetter, closed: nil)
    }

    /// The class and due date of a ticket whose queue or marker is about to change. `closed` is
    /// its closing time if it stays closed, nil if it is (or becomes) open.
    static func placement(_ runtime: Runtime, record: TicketRecord, queue: String?, commercialLetter: Bool, closed: Date?) -> RetentionPlacement? {
        runtime.configuration.retention.rules.placement(
            queue: queue, commercialLetter: commercialLetter, received: record.createdAt, closed: closed, calendar: calendar
        )
    }

    /// `retention_class` and `retention_due` for an audit event (names and times, nothing personal).
    static func auditDetails(_ placement: RetentionPlacement?) -> [String: String] {
        guard let placement else { return [:] }
        var details = ["retention_class": placement.retentionClass]
        if let due = placement.due { details["retention_due"] = JSONLogHandler.timestamp(due) }
        return details
    }
}
