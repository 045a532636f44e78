import Tickets
import TicketStore

/// What one poll of the support mailbox did.
package struct PollReport: Sendable, Equatable {
    package var fetched = 0
    package var tickets = 0
    package var quarantined = 0
    /// The quarantined mails by reason (`QuarantineReason` raw values).
    package var quarantinedByReason: [String: Int] = [:]
    package var duplicates = 0
    package var threaded = 0
    /// Mails that were nothing but a data-subject request; answers that confirmed one; requests carried out.
    package var requests = 0
    package var confirmations = 0
    package var requestsCarriedOut = 0
    /// Mails committed in an earlier cycle that was interrupted before it could move them.
    package var movedLate = 0
    package var purged = 0
    /// Copies of erased mails expunged from the server.
    package var erasedCopies = 0
    package var stoppedEarly = false
    /// Mails above the checkpoint when the cycle looked: the backlog it found.
    package var newInMailbox = 0

    /// Counts one committed mail.
    mutating func count(_ outcome: IngestOutcome) {
        switch outcome {
        case .ticket: tickets += 1
        case .quarantined(_, let reason):
            quarantined += 1
            quarantinedByReason[reason.rawValue, default: 0] += 1
        case .duplicate: duplicates += 1
        case .threaded: threaded += 1
        case .request: requests += 1
        case .confirmed: confirmations += 1
        }
    }
}
