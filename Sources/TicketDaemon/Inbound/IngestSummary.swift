import Foundation
import Tickets
import TicketStore

/// What one `ingest` run did, in counts.
package struct IngestSummary: Sendable, Equatable, Codable {
    package var read = 0
    package var tickets = 0
    package var quarantined: [String: Int] = [:]
    package var duplicates = 0
    package var threaded = 0
    /// Mails that were nothing but a data-subject request, and answers that confirmed one.
    package var requests = 0
    package var confirmations = 0
    package var failed = 0
    package var seconds = 0.0

    package var quarantinedTotal: Int { quarantined.values.reduce(0, +) }

    /// An empty summary.
    package init() {}

    /// Adds another run's counts (the command sums the daemon's answers, one per mail).
    package mutating func add(_ other: IngestSummary) {
        read += other.read
        tickets += other.tickets
        quarantined.merge(other.quarantined, uniquingKeysWith: +)
        duplicates += other.duplicates
        threaded += other.threaded
        requests += other.requests
        confirmations += other.confirmations
        failed += other.failed
        seconds += other.seconds
    }

    /// Counts one committed mail.
    mutating func count(_ outcome: IngestOutcome) {
        switch outcome {
        case .ticket: tickets += 1
        case .quarantined(_, let reason): quarantined[reason.rawValue, default: 0] += 1
        case .duplicate: duplicates += 1
        case .threaded: threaded += 1
        case .request: requests += 1
        case .confirmed: confirmations += 1
        }
    }

    /// `24 mails: 17 tickets, 5 quarantined (auto_reply 1, ...), 2 duplicates, 0 failed in 0.52 s`.
    package var line: String {
        let reasons = quarantined.keys.sorted().map { "\($0) \(quarantined[$0]!)" }.joined(separator: ", ")
        let rate = seconds > 0 ? String(format: ", %.0f mails/s", Double(read) / seconds) : ""
        return "ingest: \(read) mail\(read == 1 ? "" : "s"): \(tickets) ticket\(tickets == 1 ? "" : "s"), "
            + "\(quarantinedTotal) quarantined\(reasons.isEmpty ? "" : " (\(reasons))"), "
            + "\(duplicates) duplicate\(duplicates == 1 ? "" : "s"), \(failed) failed in \(String(format: "%.2f", seconds)) s\(rate)"
            + (threaded > 0 ? "; \(threaded) answer\(threaded == 1 ? "" : "s") threaded into tickets" : "")
            + (requests > 0 ? "; \(requests) data-subject request\(requests == 1 ? "" : "s") without a ticket" : "")
            + (confirmations > 0 ? "; \(confirmations) request\(confirmations == 1 ? "" : "s") confirmed" : "")
    }
}
