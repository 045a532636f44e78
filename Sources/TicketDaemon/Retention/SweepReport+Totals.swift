import TicketStore

extension SweepReport {
    /// The sweep's counts by action (`anonymize`, `erase`, `restrict`), whatever the class, as the
    /// database sums them over every sweep for the metrics.
    var totals: SweepTotals {
        var tickets: [String: Int] = [:]
        for (key, count) in actions {
            // `actions` is keyed "class/action"; the action is the last part even if a class name has a "/".
            tickets[String(key.split(separator: "/").last ?? Substring(key)), default: 0] += count
        }
        return SweepTotals(tickets: tickets, quarantineExpired: quarantineExpired)
    }
}
