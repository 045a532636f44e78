package import Foundation
import Logging
import MailFormat
package import MailTransport
import Privacy
import Tickets
package import TicketStore

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

/// One poll cycle of the support mailbox: fetch what is new, commit each mail with the
/// checkpoint in one transaction, and only then move it to the processed mailbox (DESIGN §3,
/// invariant 6). Processed copies older than `purge_processed_after` are expunged.
///
/// Every step is safe to repeat: a crash before the commit leaves the old checkpoint (the mail
/// is fetched again, and the dedupe key recognises it if it was committed after all); a crash
/// after the commit but before the move leaves a committed mail in the inbox, which the next
/// cycle moves without taking it in again.
package enum MailboxPoll {
    /// The checkpoint's name: server, account and mailbox (no personal data).
    package static func checkpointName(_ imap: Configuration.IMAP) -> String {
        "\(imap.url)/\(imap.username)/\(imap.mailbox)"
    }

    /// Runs one cycle. `shouldStop` is asked between mails; the mail in hand is always finished.
    package static func cycle(
        _ runtime: Runtime, session: IMAPSession, now: Date = Date(), shouldStop: () -> Bool = { false }
    ) throws(PollFailure) -> PollReport {
        guard let imap = runtime.configuration.imap else { throw .notConfigured }
        var report = PollReport()
        let logger = runtime.logger
        let name = checkpointName(imap)
        do {
            try session.createMailbox(imap.processedMailbox)
            let status = try session.status(of: imap.mailbox)
            var lastCommitted: UInt32 = 0
            let checkpoint: (uidValidity: UInt32, lastUID: UInt32)?
            do { checkpoint = try runtime.database.intake.checkpoint(name) } catch { throw PollFailure.store(error) }
            if let checkpoint {
                if checkpoint.uidValidity == status.uidValidity {
                    lastCommitted = checkpoint.lastUID
                } else {
                    // The server renumbered the mailbox: read it all again; the dedupe keys keep it exactly-once.
                    logger.warning("mailbox.uidvalidity_changed", metadata: [
                        "mailbox": .string(imap.mailbox), "old": .stringConvertible(checkpoint.uidValidity), "new": .stringConvertible(status.uidValidity),
                    ])
                }
            }
            let uids = try session.uids(in: imap.mailbox, above: 0).sorted()
            report.newInMailbox = uids.count(where: { $0 > lastCommitted })
            let limit = runtime.configuration.limits.maxMessageBytes
            let late = uids.filter { $0 <= lastCommitted }
            if !late.isEmpty {
                let results = try session.move(uids: late, from: imap.mailbox, to: imap.processedMailbox)
                report.movedLate = results.values.filter { $0 != .notFound }.count
            }
            // Group commit: a batch of mails in one transaction with the checkpoint of its last UID,
            // and only then are its mails moved on the server. A crash before the move leaves
            // committed mails in the inbox at or below the checkpoint, which the next cycle moves
            // (movedLate). The next mails are fetched meanwhile, on the same connection.
            let intake = MailIngest.Intake(runtime, source: "imap")
            var batch = IngestBatch(runtime.configuration.limits)
            let beat = session.onProgress
            do {
                let fetcher = FetchAhead(session: session, uids: uids.filter { $0 > lastCommitted }, mailbox: imap.mailbox,
                                         target: imap.processedMailbox, capacity: 2 * batch.capacity, byteBudget: IngestBatch.byteBudget)
                defer { _ = fetcher.finish() }
                func commitBatch() throws(PollFailure) {
                    guard !batch.isEmpty else { return }
                    let mails = batch.take()
                    let outcomes: [IngestOutcome]
                    do { outcomes = try MailIngest.takeIn(mails, intake) } catch { throw .operatorError(error) }
                    for outcome in outcomes { report.count(outcome) }
                    let committed = mails.prefix(outcomes.count).compactMap(\.position?.uid)
                    let results: [UInt32: MoveResult]
                    do { results = try fetcher.move(committed) } catch { throw .imap(error) }
                    for uid in committed where results[uid] == .notFound {
                        logger.warning("mail.move_not_found", metadata: ["uid": .stringConvertible(uid), "mailbox": .string(imap.mailbox)])
                    }
                }
                fetching: while true {
                    if shouldStop() { report.stoppedEarly = true; break }
                    let fetched: FetchAhead.Fetched
                    switch fetcher.next(until: batch.deadline) {
                    case .fetched(let next): fetched = next
                    case .timedOut: try commitBatch(); continue fetching
                    case .finished: break fetching
                    }
                    beat()
                    switch fetched {
                    case .failed(_, let error):
                        // What was fetched before the failure goes in; the failed mail is fetched again next time.
                        try commitBatch()
                        throw PollFailure.imap(error)
                    case .mail(let uid, var bytes):
                        report.fetched += 1
                        MailEvents.fetched(uid: uid, bytes: bytes.count, mailbox: imap.mailbox, logger: logger)
                        let truncated = bytes.count > limit
                        if truncated { bytes = Array(bytes.prefix(limit)) }
                        batch.append(PendingMail(bytes: bytes, truncated: truncated,
                                                 position: MailboxPosition(mailbox: name, uidValidity: status.uidValidity, uid: uid)))
                    }
                    if batch.isDue { try commitBatch() }
                }
                try commitBatch()
            }
            if !report.stoppedEarly {
                // Confirmed requests are carried out before the server erasures, so that the copies
                // an erasure by mail queues go in the same poll.
                report.requestsCarriedOut = RequestFulfilment.runPending(runtime)
                report.purged = try purge(session, imap: imap, now: now)
                report.erasedCopies = try ServerCopyErasure.run(runtime, session: session)
            }
        } catch let error as IMAPError {
            throw .imap(error)
        } catch let error as PollFailure {
            throw error
        } catch {
            throw .other(ErrorCause.of(error))
        }
        return report
    }

    /// Expunges processed copies received before `now - purge_processed_after` and returns how
    /// many; with `dryRun`, only counts them. `serve` runs it on every poll, `ticketd sweep` once.
    static func purge(_ session: IMAPSession, imap: Configuration.IMAP, now: Date, dryRun: Bool = false) throws(IMAPError) -> Int {
        guard let cutoff = imap.purgeProcessedAfter.subtracted(from: now, in: RetentionSchedule.calendar) else { return 0 }
        let old = try session.uidsReceived(before: cutoff, in: imap.processedMailbox)
        if !old.isEmpty, !dryRun { try session.delete(uids: old, in: imap.processedMailbox) }
        return old.count
    }
}

/// Why a poll cycle failed, for the log line and the retry.
package enum PollFailure: Error, Sendable, CustomStringConvertible {
    case notConfigured
    case imap(IMAPError)
    case store(StoreError)
    case operatorError(OperatorError)
    case other(String)

    package var description: String {
        switch self {
        case .notConfigured: "the configuration has no [imap] section: add one (Config/ticketd.example.toml) to poll a mailbox"
        case .imap(let error): error.description
        case .store(let error): error.description
        case .operatorError(let error): error.description
        case .other(let text): text
        }
    }
}
