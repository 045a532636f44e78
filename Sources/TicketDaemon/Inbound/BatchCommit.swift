import Foundation
import Logging
import MailFormat
import Privacy
import Tickets
import TicketStore

/// Taking a batch in: preparing its mails on every core and committing them in one transaction,
/// mail by mail when the transaction fails.
extension MailIngest {
    /// What every mail of a run shares: the parser with the configured limits, the dedupe keyer
    /// and where the mails come from (`file` or `imap`).
    struct Intake: Sendable {
        let runtime: Runtime
        let parser: MessageParser
        let keyer: DedupeKeyer
        let source: String

        init(_ runtime: Runtime, source: String) {
            self.runtime = runtime
            parser = messageParser(runtime.configuration.limits)
            keyer = DedupeKeyer(master: runtime.masterKey)
            self.source = source
        }
    }

    /// Prepares a batch's mails on every core, then commits them in order (``commit(_:runtime:)``).
    /// When a mail cannot be prepared (the database failed while reading it), the mails before it
    /// are committed and the error is thrown: none after it is taken in.
    static func takeIn(_ mails: [PendingMail], _ intake: Intake) throws(OperatorError) -> [IngestOutcome] {
        guard !mails.isEmpty else { return [] }
        return try commit(prepared: ParallelPreparation.map(mails) { (mail) throws(OperatorError) in try prepare(mail, intake) }, runtime: intake.runtime)
    }

    /// Starts preparing a batch on the worker threads; ``commit(prepared:runtime:)`` takes the results.
    static func startPreparing(_ mails: [PendingMail], _ intake: Intake) -> ParallelPreparation.Running {
        ParallelPreparation.Running(mails) { (mail) throws(OperatorError) in try prepare(mail, intake) }
    }

    /// ``prepare(_:truncated:parser:keyer:runtime:source:position:)`` for a pending mail.
    static func prepare(_ mail: PendingMail, _ intake: Intake) throws(OperatorError) -> IngestItem {
        try prepare(mail.bytes, truncated: mail.truncated, parser: intake.parser, keyer: intake.keyer, runtime: intake.runtime,
                    source: intake.source, position: mail.position)
    }

    /// Commits prepared mails in their order, up to the first that could not be prepared, whose
    /// error is then thrown.
    static func commit(prepared: [Result<IngestItem, OperatorError>], runtime: Runtime) throws(OperatorError) -> [IngestOutcome] {
        var items: [IngestItem] = []
        items.reserveCapacity(prepared.count)
        var failure: OperatorError?
        for result in prepared {
            switch result {
            case .success(let item): items.append(item)
            case .failure(let error): failure = error
            }
            if failure != nil { break }
        }
        let outcomes = try commit(items, runtime: runtime)
        if let failure { throw failure }
        return outcomes
    }

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
            let results = try database.intake.ingestBatch(items, retentionClass: retentionClass, actor: actor)
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
                let result = try database.intake.ingestBatch([item], retentionClass: retentionClass, actor: actor)[0]
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
                let result = try database.intake.ingestBatch([refused], retentionClass: retentionClass, actor: actor)[0]
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
