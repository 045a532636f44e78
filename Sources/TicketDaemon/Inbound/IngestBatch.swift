import Foundation
import TicketStore

/// A mail read or fetched, not yet prepared: its bytes (cut at `max_message_size`) and where it
/// stands in its mailbox.
struct PendingMail: Sendable {
    var bytes: [UInt8]
    /// The mail was longer than `max_message_size`: only its head is here.
    var truncated: Bool
    var position: MailboxPosition?
}

/// Mails gathered for one transaction (group commit): up to `[limits] ingest_batch` of them, at
/// most ``byteBudget`` bytes, or as many as came within `ingest_batch_wait_ms` of the first.
///
/// The wait bounds how long a mail waits for company when mail trickles in: a poll moves a
/// batch's mails on the server only after the batch is committed.
struct IngestBatch {
    /// The most raw bytes one batch holds in memory (64 MiB), whatever its count: with the
    /// largest mails (`max_message_size`) a batch is committed after a few of them, so memory
    /// stays bounded for any backlog.
    static let byteBudget = 64 << 20

    let capacity: Int
    let wait: Duration
    private(set) var mails: [PendingMail] = []
    private var bytes = 0
    private var opened: ContinuousClock.Instant?

    init(_ limits: Configuration.Limits) {
        capacity = limits.ingestBatch
        wait = .milliseconds(limits.ingestBatchWaitMilliseconds)
        mails.reserveCapacity(capacity)
    }

    var isEmpty: Bool { mails.isEmpty }

    /// Full by count or bytes: time to commit.
    var isFull: Bool { mails.count >= capacity || bytes >= Self.byteBudget }

    /// When the batch must be committed even if it is not full (nil while it is empty).
    var deadline: Date? {
        guard let opened else { return nil }
        let left = wait - (ContinuousClock.now - opened)
        return Date().addingTimeInterval(Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18)
    }

    /// Full, or open for longer than the wait.
    var isDue: Bool {
        guard let opened else { return false }
        return isFull || ContinuousClock.now - opened >= wait
    }

    mutating func append(_ mail: PendingMail) {
        if mails.isEmpty { opened = .now }
        mails.append(mail)
        bytes += mail.bytes.count
    }

    /// The gathered mails; the batch is empty again.
    mutating func take() -> [PendingMail] {
        defer { mails.removeAll(keepingCapacity: true); bytes = 0; opened = nil }
        return mails
    }
}
