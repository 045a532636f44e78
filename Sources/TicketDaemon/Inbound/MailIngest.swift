import Foundation
import Logging
import MailFormat
import Privacy
import Tickets
import TicketStore
#if canImport(Glibc)
import Glibc
#endif

/// `ticketd ingest PATH...`: takes in `.eml` files, directories of them, or Maildirs, as if fetched.
///
/// Mails are committed in batches (`[limits] ingest_batch`), each batch in one transaction with
/// the tickets or quarantine entries and dedupe records of all its mails, so an interrupted run
/// leaves every mail either fully in or not in at all, and running it again adds nothing twice.
package enum MailIngest {
    /// Ingests every mail under `paths`; `progress` receives a line now and then on large runs.
    package static func run(
        _ runtime: Runtime, paths: [String], progress: (String) -> Void = { _ in }
    ) throws(OperatorError) -> IngestSummary {
        let started = Date()
        var summary = IngestSummary()
        var lastProgress = started
        let files = MailSource.files(paths) { problem in
            summary.failed += 1
            runtime.logger.error("ingest.path_unusable", metadata: ["reason": .string(problem)])
            progress("ingest: \(problem)")
        }
        let limits = runtime.configuration.limits
        let intake = Intake(runtime, source: "file")
        // Files are read until a batch is full (by count or bytes), prepared on every core and
        // committed in one transaction; a batch is prepared while the one before it is committed.
        var batch = IngestBatch(limits)
        var preparing: ParallelPreparation.Running?
        func commitBatch() throws(OperatorError) {
            let next = batch.isEmpty ? nil : startPreparing(batch.take(), intake)
            if let previous = preparing {
                preparing = nil
                for outcome in try commit(prepared: previous.wait(), runtime: runtime) { summary.count(outcome) }
            }
            preparing = next
        }
        for (index, file) in files.enumerated() {
            guard let (bytes, truncated) = MailSource.read(file, limit: limits.maxMessageBytes) else {
                summary.failed += 1
                runtime.logger.error("ingest.unreadable", metadata: ["file_index": .stringConvertible(index)])
                progress("ingest: cannot read \(file): check its permissions")
                continue
            }
            summary.read += 1
            batch.append(PendingMail(bytes: bytes, truncated: truncated, position: nil))
            if batch.isFull { try commitBatch() }
            if Date().timeIntervalSince(lastProgress) >= 2 || (index + 1) % 1000 == 0 {
                lastProgress = Date()
                let rate = Double(index + 1) / max(Date().timeIntervalSince(started), 0.001)
                progress(String(format: "ingest: %d/%d mails (%.0f/s)", index + 1, files.count, rate))
            }
        }
        try commitBatch()
        try commitBatch()   // the last batch, prepared meanwhile
        RequestFulfilment.runPending(runtime)
        summary.seconds = Date().timeIntervalSince(started)
        runtime.logger.info("ingest.finished", metadata: [
            "read": .stringConvertible(summary.read), "tickets": .stringConvertible(summary.tickets),
            "quarantined": .stringConvertible(summary.quarantinedTotal), "duplicates": .stringConvertible(summary.duplicates),
            "failed": .stringConvertible(summary.failed), "seconds": .stringConvertible(summary.seconds),
        ])
        return summary
    }

    /// Takes in one mail sent to the daemon (`ingest` through the staff API: the command reads the
    /// files as the caller and sends them one by one). `truncated`: the sender read only the first
    /// `max_message_size` bytes, so the mail is quarantined as oversize like a file would be.
    package static func take(_ runtime: Runtime, mail bytes: [UInt8], truncated: Bool) throws(OperatorError) -> IngestSummary {
        let started = Date()
        var summary = IngestSummary()
        summary.read = 1
        var batch = IngestBatch(runtime.configuration.limits)
        batch.append(PendingMail(bytes: bytes, truncated: truncated, position: nil))
        let preparing = startPreparing(batch.take(), Intake(runtime, source: "file"))
        for outcome in try commit(prepared: preparing.wait(), runtime: runtime) { summary.count(outcome) }
        RequestFulfilment.runPending(runtime)
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Reads and decides one mail, ready for its batch's transaction: everything but the commit.
    ///
    /// What it decides depends on the database only through reply tokens and the Message-IDs of
    /// mail ticketd sent, which no mail of a batch creates, so mails can be prepared before the
    /// ones ahead of them are committed.
    static func prepare(
        _ bytes: [UInt8], truncated: Bool, parser: MessageParser, keyer: DedupeKeyer, runtime: Runtime,
        source: String, position: MailboxPosition?
    ) throws(OperatorError) -> IngestItem {
        var decision: IngestDecision
        var messageID: String?
        var fallback = ""
        var attachments: [(filename: String?, mimeType: String, data: [UInt8])] = []
        var sentAt: Date?
        var senders: [EmailAddress] = []
        var subjectRequest: IncomingSubjectRequest?
        var parseProblems = false
        if truncated {
            // Only the first `limit` bytes were read: enough to recognise the mail again, never more.
            // Its header section alone is parsed (the body would only be decoded to be thrown away).
            let header = headerSection(bytes)
            let head = (try? MessageParser(limits: MessageLimits(maxMessageBytes: header.count + 1)).parse(header))
            messageID = head?.messageID
            fallback = head.map(fallbackIdentity) ?? ""
            senders = head.map { ($0.from + $0.replyTo).map(\.address) } ?? []
            decision = .quarantine(.tooLarge)
        } else {
            do {
                let message = try parser.parse(bytes)
                messageID = message.messageID
                fallback = fallbackIdentity(message)
                sentAt = message.date
                senders = (message.from + message.replyTo).map(\.address)
                parseProblems = !message.notes.isEmpty
                let incoming = incomingMail(message)
                if MailKind.of(incoming) == .bounce { try noteBounce(message, runtime: runtime) }
                if let confirmation = confirmation(in: message, mail: incoming, runtime: runtime) {
                    decision = .confirmation(confirmation)
                } else if let reply = try ThreadMatcher.reply(to: message, mail: incoming, runtime: runtime) {
                    decision = .threaded(reply)
                } else {
                    decision = IngestPolicy.decide(incoming, forms: runtime.configuration.forms)
                    if case .quarantine = decision, let address = IngestPolicy.formAddress(incoming, forms: runtime.configuration.forms) {
                        senders.append(address)
                    }
                }
                attachments = Self.attachments(message).map { ($0.filename, $0.mimeType, $0.data) }
                if let found = try Self.subjectRequest(in: message, mail: incoming, decision: decision, senders: senders, runtime: runtime) {
                    subjectRequest = found.request
                    // A plain mail that is nothing but the request opens no ticket (a form always does:
                    // it records consents).
                    if case .ticket(let plan) = decision, plan.form == nil, !found.saysMore { decision = .request }
                }
            } catch let rejection as MessageRejection {
                decision = .quarantine(reason(rejection))
            } catch let error as OperatorError {
                throw error
            } catch {
                throw .failed(cause: "a mail could not be read, so it was not taken in: \(ErrorCause.of(error))")
            }
        }
        // An over-size mail is known by its headers alone: where it was cut depends on headers a
        // server added, so its body bytes would not recognise it again.
        let dedupeKey = keyer.key(raw: truncated ? [] : bytes, messageID: messageID, fallbackIdentity: fallback)
        var mail = ReceivedMail(
            raw: bytes, dedupeKey: dedupeKey,
            messageID: messageID, source: source, attachments: attachments, sentAt: sentAt
        )
        mail.hadParseProblems = parseProblems
        mail.senders = senders
        mail.subjectRequest = subjectRequest
        mail.retentionDue = RetentionSchedule.dueOnReceipt(runtime)
        return IngestItem(mail: mail, decision: decision, position: position)
    }
}
