import Foundation
import Logging
import Tickets
import TicketStore

/// Mails gathered for one transaction (group commit): up to `[limits] ingest_batch` of them, or
/// as many as were ready within `ingest_batch_wait` of the first.
///
/// The wait bounds how long a committed-to-be mail waits for company when mail trickles in: a
/// poll moves a batch's mails on the server only after the batch is committed.
struct IngestBatch {
    /// The most raw bytes one batch holds in memory (64 MiB), whatever its count: with the
    /// largest mails (`max_message_size`) a batch is committed after a few of them, so memory
    /// stays bounded for any backlog.
    static let byteBudget = 64 << 20

    let capacity: Int
    let wait: Duration
    private(set) var items: [IngestItem] = []
    private var bytes = 0
    private var opened: ContinuousClock.Instant?

    init(_ limits: Configuration.Limits) {
        capacity = limits.ingestBatch
        wait = .milliseconds(limits.ingestBatchWaitMilliseconds)
        items.reserveCapacity(capacity)
    }

    var isEmpty: Bool { items.isEmpty }

    /// Full, or open for longer than the wait: time to commit.
    var isDue: Bool {
        guard let opened else { return false }
        return items.count >= capacity || bytes >= Self.byteBudget || ContinuousClock.now - opened >= wait
    }

    mutating func append(_ item: IngestItem) {
        if items.isEmpty { opened = .now }
        items.append(item)
        bytes += item.mail.raw.count
    }

    /// The gathered mails; the batch is empty again.
    mutating func take() -> [IngestItem] {
        defer { items.removeAll(keepingCapacity: true); bytes = 0; opened = nil }
        return items
    }
}

extension MailIngest {
    /// Commits prepared mails in one transaction and logs what became of each.
    ///
    /// Should the transaction fail, nothing of it stays, and the mails are taken one by one in
    /// their order, each with its own checkpoint, so that one mail the store refuses cannot block
    /// the others: a mail that fails alone is kept sealed in quarantine as `store_refused`. Only
    /// when that fails too (the database itself is failing: a full disk, a lost file) does the
    /// error stop the run, and then every mail before it is committed and none after it is.
    static func commit(_ items: [IngestItem], runtime: Runtime) throws(OperatorError) -> [IngestOutcome] {
        guard !items.isEmpty else { return [] }
        let database = runtime.database
        let retentionClass = runtime.configuration.retention.defaultClass
        let actor = Actor.system("ingest")
        do {
            let results = try database.ingestBatch(items, retentionClass: retentionClass, actor: actor)
            return zip(items, results).map { item, result in logged(item, result, runtime: runtime) }
        } catch {
            runtime.logger.warning("ingest.batch_failed", metadata: [
                "mails": .stringConvertible(items.count), "reason": .string(error.description),
                "fix": "none needed: the mails are taken one by one",
            ])
        }
        var outcomes: [IngestOutcome] = []
        for item in items {
            do {
                let result = try database.ingestBatch([item], retentionClass: retentionClass, actor: actor)[0]
                outcomes.append(logged(item, result, runtime: runtime))
                continue
            } catch {
                runtime.logger.error("ingest.mail_refused", metadata: [
                    "source": .string(item.mail.source), "reason": .string(error.description),
                    "fix": "the mail is kept sealed in quarantine as store_refused; ticketd quarantine lists it",
                ])
            }
            var refused = item
            refused.decision = .quarantine(.storeRefused)
            refused.mail.subjectRequest = nil
            do {
                let result = try database.ingestBatch([refused], retentionClass: retentionClass, actor: actor)[0]
                outcomes.append(logged(refused, result, runtime: runtime))
            } catch {
                throw .store(error)
            }
        }
        return outcomes
    }

    /// Logs one committed mail and returns its outcome.
    private static func logged(_ item: IngestItem, _ result: (outcome: IngestOutcome, request: RequestIntake?), runtime: Runtime) -> IngestOutcome {
        MailEvents.ingested(result.outcome, decision: item.decision, source: item.mail.source, uid: item.position?.uid, runtime: runtime)
        if let request = item.mail.subjectRequest, let intake = result.request {
            MailEvents.requestReceived(request, intake: intake, runtime: runtime)
        }
        return result.outcome
    }
}
