import Foundation
import Logging
import MailFormat
import Privacy
import Tickets
import TicketStore
#if canImport(Glibc)
import Glibc
#endif

/// What one `ingest` run did, in counts.
package struct IngestSummary: Sendable, Equatable {
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

    /// The data-subject request a person's mail makes (Art. 15-21, 7(3)), if any, and whether
    /// the mail says more than the request: only mail from a person (a new ticket, a customer's
    /// reply, a form kept for lack of consent), never an automatic answer or a partner's. The
    /// requester is the form's address or the sender; the confirmation mail that verifies them
    /// is composed here, before the transaction that queues it.
    static func subjectRequest(
        in message: Message, mail: IncomingMail, decision: IngestDecision, senders: [EmailAddress], runtime: Runtime
    ) throws(OperatorError) -> (request: IncomingSubjectRequest, saysMore: Bool)? {
        let requester: EmailAddress?
        switch decision {
        case .ticket(let plan): requester = plan.customerAddress
        case .threaded(let reply): requester = reply.fromRole == "customer" && !reply.isAutomatic ? message.from.first?.address : nil
        case .quarantine(.noProcessingConsent): requester = senders.last
        case .quarantine, .request, .confirmation: requester = nil
        }
        guard let requester else { return nil }
        let settings = runtime.configuration.subjectRights
        let recognition = settings.recognizer.recognize(subject: message.subject ?? "", body: readableText(message))
        guard !recognition.kinds.isEmpty else { return nil }
        let via = settings.address.map { address in mail.recipients.contains { $0.lookupForm == address.lookupForm } } == true ? "subject_rights" : "support"
        let now = runtime.database.now()
        var confirmation: RequestMailDraft?
        if let smtp = runtime.configuration.smtp {
            var generator = SystemRandomNumberGenerator()
            let token = ReplyToken.random(using: &generator)
            let expires = settings.confirmationValid.added(to: now, in: RetentionSchedule.calendar) ?? now.addingTimeInterval(7 * 86_400)
            confirmation = try RequestLetters.confirmation(runtime, smtp: smtp, to: requester, kinds: recognition.kinds, token: token, expires: expires)
        }
        let windowStart = settings.requestWindow.subtracted(from: now, in: RetentionSchedule.calendar) ?? now.addingTimeInterval(-86_400)
        let request = IncomingSubjectRequest(kinds: recognition.kinds, requester: requester, explicit: recognition.isExplicit, via: via,
                                             messageID: message.messageID, confirmation: confirmation, limit: settings.requestsPerAddress,
                                             windowStart: windowStart)
        return (request, recognition.saysMore)
    }

    /// An answer to a request's confirmation mail: it carries a `[ticketd-confirm:…]` tag or is
    /// written to `support+confirm-…`. Automatic mail (an out-of-office answer to the confirmation)
    /// never confirms anything: it goes the way of every automatic mail.
    static func confirmation(in message: Message, mail: IncomingMail, runtime: Runtime) -> RequestConfirmation? {
        guard let sender = mail.from?.address, MailKind.of(mail) == .person else { return nil }
        let base = (runtime.configuration.smtp?.from.address.localPart ?? "support").lowercased()
        var tokens: [ReplyToken] = []
        var marked = mail.subject.lowercased().contains("[ticketd-confirm:")
        for recipient in mail.recipients where recipient.localPart.lowercased().hasPrefix(base + "+confirm-") {
            marked = true
            if let token = ReplyToken.confirmationToken(inAddress: recipient.localPart, base: base) { tokens.append(token) }
        }
        tokens += ReplyToken.confirmationTokens(inSubject: mail.subject)
        guard marked else { return nil }
        // A marker without a readable token is an attempt with an unknown one: refused, like a wrong token.
        return RequestConfirmation(tokenHash: tokens.first?.hash ?? Data(), sender: sender,
                                   rectification: RectificationValues.parse(mail.text), messageID: message.messageID)
    }

    /// A bounce of a mail ticketd sent marks that outbox item (and its transfer) failed.
    static func noteBounce(_ message: Message, runtime: Runtime) throws(OperatorError) {
        guard let id = ThreadMatcher.bouncedMessageID(message) else { return }
        do {
            guard let item = try runtime.database.outbox.item(messageID: id), item.state != "failed" else { return }
            try runtime.database.outbox.markFailed(item.id, error: "bounced: the recipient's mail server returned the message", actor: .system("ingest"))
            var metadata = MailEvents.outboxMetadata(runtime, item)
            metadata["attempt"] = nil   // the bounce is about the attempt that was made, not a new one
            runtime.logger.warning("mail.bounced", metadata: metadata)
        } catch {
            throw .store(error)
        }
    }

    /// The header section of a raw mail, with the blank line that ends it; the whole mail when
    /// there is none.
    static func headerSection(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes[..<MessageParser.bodyStart(of: bytes)])
    }

    /// The parser with the configured limits.
    static func messageParser(_ limits: Configuration.Limits) -> MessageParser {
        MessageParser(limits: MessageLimits(maxMessageBytes: limits.maxMessageBytes, maxDepth: limits.maxMIMEDepth, maxParts: limits.maxMIMEParts))
    }

    static func reason(_ rejection: MessageRejection) -> QuarantineReason {
        switch rejection {
        case .tooLarge: .tooLarge
        case .tooDeep: .tooDeep
        case .tooManyParts: .tooManyParts
        }
    }

    /// The identity of a mail without a Message-ID: its From, Date and Subject headers as sent.
    static func fallbackIdentity(_ message: Message) -> String {
        ["From", "Date", "Subject"].map { name in
            String(decoding: message.header.first(name)?.rawValue ?? [], as: UTF8.self)
        }.joined(separator: "\u{0}")
    }

    /// The parts of a parsed message the ticket rules look at.
    static func incomingMail(_ message: Message) -> IncomingMail {
        var recipients = (message.to + message.cc).map(\.address)
        for name in ["Delivered-To", "X-Original-To", "Envelope-To"] {
            for field in message.header.all(name) {
                recipients += AddressListParser.parse(field.undecodedValue).map(\.address)
            }
        }
        return IncomingMail(
            messageID: message.messageID, subject: message.subject ?? "", from: message.from.first, recipients: recipients,
            headers: message.header.fields.map { (name: $0.name, value: $0.value) },
            contentType: message.root.contentType.mimeType, reportType: message.root.contentType.parameters["report-type"],
            text: readableText(message), attachments: attachments(message).map { (filename: $0.filename, mimeType: $0.mimeType, size: $0.size) }
        )
    }

    /// The body text; for an app form that sends a bare JSON body, that JSON as text.
    static func readableText(_ message: Message) -> String {
        if !message.text.isEmpty { return message.text }
        return jsonBody(message)?.text ?? ""
    }

    /// The attachments, without a JSON body that serves as the text.
    static func attachments(_ message: Message) -> [Attachment] {
        guard message.text.isEmpty, jsonBody(message) != nil else { return message.attachments }
        return message.attachments.filter { !($0.mimeType == "application/json" && $0.filename == nil) }
    }

    /// A JSON part that is the message body rather than an attached file.
    static func jsonBody(_ message: Message) -> MIMEPart? {
        message.root.allParts.first {
            $0.children.isEmpty && $0.contentType.mimeType == "application/json" && $0.disposition != "attachment" && $0.filename == nil
        }
    }
}
