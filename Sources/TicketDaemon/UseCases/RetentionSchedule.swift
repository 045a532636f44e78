import Foundation
import Tickets
import TicketStore

/// Which retention class a ticket is in and when its period ends, from the configuration.
enum RetentionSchedule {
    /// The calendar retention counts in: Gregorian, UTC.
    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    static func retentionClass(_ runtime: Runtime, named name: String?) -> RetentionClass? {
        let classes = runtime.configuration.retention.classes
        return classes.first { $0.name == (name ?? runtime.configuration.retention.defaultClass) }
            ?? classes.first { $0.name == runtime.configuration.retention.defaultClass }
    }

    /// For a new ticket of the default class: its due date when the class counts from receipt.
    static func dueOnReceipt(_ runtime: Runtime) -> Date? {
        guard let retentionClass = retentionClass(runtime, named: nil), retentionClass.start == .received else { return nil }
        return retentionClass.dueDate(received: runtime.database.now(), closed: nil, calendar: calendar)
    }

    /// For a ticket being closed now.
    static func dueOnClose(_ runtime: Runtime, record: TicketRecord) -> Date? {
        guard let retentionClass = retentionClass(runtime, named: record.retentionClass), retentionClass.start != .received else { return nil }
        return retentionClass.dueDate(received: record.createdAt, closed: runtime.database.now(), calendar: calendar)
    }
}
