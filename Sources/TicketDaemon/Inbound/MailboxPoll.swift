package import Foundation
import Logging
import MailFormat
package import MailTransport
import Privacy
import Tickets
import TicketStore

/// One poll cycle of the support mailbox: fetch what is new, commit each mail with the
/// checkpoint in one transaction, and only then move it to the processed mailbox (DESIGN §3,
/// invariant 6). Processed copies older than `purge_processed_after` are expunged.
///
/// Every step is safe to repeat: a crash before the commit leaves the old checkpoint (the mail
/// is fetched again, and the dedupe key recognises it if it was committed after all); a crash
/// after the commit but before the move leaves a committed mail in the inbox, which the next
/// cycle moves without taking it in again.
///
/// The server is a generic parameter, not an existential: the ingest path is held to an
/// instruction budget, and the compiler specialises it for ``IMAPSession``.
package enum MailboxPoll {
    /// The checkpoint's name: server, account and mailbox (no personal data).
    package static func checkpointName(_ imap: Configuration.IMAP) -> String {
        "\(imap.url)/\(imap.username)/\(imap.mailbox)"
    }

    /// Runs one cycle. `progress` is called after every fetched mail (a sign of life for the
    /// watchdog); `shouldStop` is asked between mails; the mail in hand is always finished.
    package static func cycle<Server: MailboxIntake & MailboxCleanup>(
        _ runtime: Runtime, session: Server, now: Date = Date(), progress: () -> Void = {}, shouldStop: () -> Bool = { false }
    ) throws(PollFailure) -> PollReport {
        guard let imap = runtime.configuration.imap else { throw .notConfigured }
        var report = PollReport()
        try onServer { () throws(IMAPError) in try session.createMailbox(imap.processedMailbox) }
        let status = try onServer { () throws(IMAPError) in try session.status(of: imap.mailbox) }
        let lastCommitted = try lastCommittedUID(runtime, imap: imap, status: status)
        let uids = try onServer { () throws(IMAPError) in try session.uids(in: imap.mailbox, above: 0) }.sorted()
        report.newInMailbox = uids.count(where: { $0 > lastCommitted })
        // Committed by an earlier cycle that ended before its move: moved now, not taken in again.
        let late = uids.filter { $0 <= lastCommitted }
        if !late.isEmpty {
            let results = try onServer { () throws(IMAPError) in try session.move(uids: late, from: imap.mailbox, to: imap.processedMailbox) }
            report.movedLate = results.values.filter { $0 != .notFound }.count
        }
        try takeIn(uids.filter { $0 > lastCommitted }, from: session, runtime: runtime, imap: imap, uidValidity: status.uidValidity,
                   report: &report, progress: progress, shouldStop: shouldStop)
        if !report.stoppedEarly {
            // Confirmed requests are carried out before the server erasures, so that the copies
            // an erasure by mail queues go in the same poll.
            report.requestsCarriedOut = RequestFulfilment.runPending(runtime)
            report.purged = try onServer { () throws(IMAPError) in try purge(session, imap: imap, now: now) }
            report.erasedCopies = try ServerCopyErasure.run(runtime, session: session)
        }
        return report
    }

    /// Expunges processed copies received before `now - purge_processed_after` and returns how
    /// many; with `dryRun`, only counts them. `serve` runs it on every poll, `ticketd sweep` once.
    static func purge(_ session: some MailboxCleanup, imap: Configuration.IMAP, now: Date, dryRun: Bool = false) throws(IMAPError) -> Int {
        guard let cutoff = imap.purgeProcessedAfter.subtracted(from: now, in: RetentionSchedule.calendar) else { return 0 }
        let old = try session.uidsReceived(before: cutoff, in: imap.processedMailbox)
        if !old.isEmpty, !dryRun { try session.delete(uids: old, in: imap.processedMailbox) }
        return old.count
    }

    /// The last UID committed from the mailbox; 0 without a checkpoint, or when the server
    /// renumbered the mailbox (a new UIDVALIDITY): then it is all read again, and the dedupe keys
    /// keep it exactly-once.
    static func lastCommittedUID(_ runtime: Runtime, imap: Configuration.IMAP, status: MailboxStatus) throws(PollFailure) -> UInt32 {
        let checkpoint: (uidValidity: UInt32, lastUID: UInt32)?
        do { checkpoint = try runtime.database.intake.checkpoint(checkpointName(imap)) } catch { throw .store(error) }
        guard let checkpoint else { return 0 }
        if checkpoint.uidValidity == status.uidValidity { return checkpoint.lastUID }
        runtime.logger.warning("mailbox.uidvalidity_changed", metadata: [
            "mailbox": .string(imap.mailbox), "old": .stringConvertible(checkpoint.uidValidity), "new": .stringConvertible(status.uidValidity),
        ])
        return 0
    }

    /// Group commit: a batch of mails in one transaction with the checkpoint of its last UID, and
    /// only then are its mails moved on the server. A crash before the move leaves committed mails
    /// in the inbox at or below the checkpoint, which the next cycle moves (`movedLate`). The next
    /// mails are fetched meanwhile, on the same connection.
    private static func takeIn<Server: MailboxIntake>(
        _ uids: [UInt32], from session: Server, runtime: Runtime, imap: Configuration.IMAP, uidValidity: UInt32,
        report: inout PollReport, progress: () -> Void, shouldStop: () -> Bool
    ) throws(PollFailure) {
        let logger = runtime.logger
        let name = checkpointName(imap)
        let limit = runtime.configuration.limits.maxMessageBytes
        let intake = MailIngest.Intake(runtime, source: "imap")
        var batch = IngestBatch(runtime.configuration.limits)
        let fetcher = FetchAhead(session: session, uids: uids, mailbox: imap.mailbox, target: imap.processedMailbox,
                                 capacity: 2 * batch.capacity, byteBudget: IngestBatch.byteBudget)
        defer { _ = fetcher.finish() }
        func commitBatch() throws(PollFailure) {
            guard !batch.isEmpty else { return }
            let mails = batch.take()
            let outcomes: [IngestOutcome]
            do { outcomes = try MailIngest.takeIn(mails, intake) } catch { throw .operatorError(error) }
            for outcome in outcomes { report.count(outcome) }
            let committed = mails.prefix(outcomes.count).compactMap(\.position?.uid)
            let results = try onServer { () throws(IMAPError) in try fetcher.move(committed) }
            for uid in committed where results[uid] == .notFound {
                logger.warning("mail.move_not_found", metadata: ["uid": .stringConvertible(uid), "mailbox": .string(imap.mailbox)])
            }
        }
        fetching: while true {
            if shouldStop() { report.stoppedEarly = true; break }
            let fetched: FetchAhead<Server>.Fetched
            switch fetcher.next(until: batch.deadline) {
            case .fetched(let next): fetched = next
            case .timedOut: try commitBatch(); continue fetching
            case .finished: break fetching
            }
            progress()
            switch fetched {
            case .failed(_, let error):
                // What was fetched before the failure goes in; the failed mail is fetched again next time.
                try commitBatch()
                throw .imap(error)
            case .mail(let uid, var bytes):
                report.fetched += 1
                MailEvents.fetched(uid: uid, bytes: bytes.count, mailbox: imap.mailbox, logger: logger)
                let truncated = bytes.count > limit
                if truncated { bytes = Array(bytes.prefix(limit)) }
                batch.append(PendingMail(bytes: bytes, truncated: truncated,
                                         position: MailboxPosition(mailbox: name, uidValidity: uidValidity, uid: uid)))
            }
            if batch.isDue { try commitBatch() }
        }
        try commitBatch()
    }

    /// Runs IMAP commands; their failure is the poll's.
    static func onServer<Result>(_ commands: () throws(IMAPError) -> Result) throws(PollFailure) -> Result {
        do { return try commands() } catch { throw .imap(error) }
    }
}
