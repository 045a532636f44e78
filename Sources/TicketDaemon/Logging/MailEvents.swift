import Logging
import MailFormat
import Privacy
import Tickets
import TicketStore

/// The log lines of a mail's life, from fetch to sending, with stable event names and the join
/// keys `ticket` (the ticket's number) and `subject` (the data subject's pseudonym); a mail that
/// came over IMAP carries its `uid` until it has a ticket. README.md, "Logs", lists them.
///
/// Only ids, pseudonyms, names from the configuration, counts, reasons and the values of fixed
/// vocabularies go into these lines (DESIGN §3, invariant 3): nothing read from a mail that a
/// person wrote.
enum MailEvents {
    /// `mail.fetched` (debug): the bytes of one mail came from the server.
    static func fetched(uid: UInt32, bytes: Int, mailbox: String, logger: Logger) {
        logger.debug("mail.fetched", metadata: [
            "uid": .stringConvertible(uid), "mailbox": .string(mailbox), "bytes": .stringConvertible(bytes),
        ])
    }

    /// What became of one mail once it is committed: `ticket.created` (with `consent.recorded`
    /// for a contact form), `mail.quarantined`, `mail.duplicate` or `ticket.reply_received`.
    static func ingested(_ outcome: IngestOutcome, decision: IngestDecision, source: String, uid: UInt32?, runtime: Runtime) {
        let logger = runtime.logger
        var metadata: Logger.Metadata = ["source": .string(source)]
        if let uid { metadata["uid"] = .stringConvertible(uid) }
        switch outcome {
        case .ticket(let id, let subject, let newSubject):
            metadata["ticket"] = .stringConvertible(id)
            metadata["subject"] = .string(subject.rawValue)
            metadata["new_subject"] = .stringConvertible(newSubject)
            guard case .ticket(let plan) = decision else {
                logger.info("ticket.created", metadata: metadata)
                return
            }
            if plan.restricted { metadata["restricted"] = .stringConvertible(true) }
            if let form = plan.form { metadata["form"] = .string(form.profile) }
            logger.info("ticket.created", metadata: metadata)
            if let form = plan.form { consentRecorded(form, ticket: id, subject: subject, logger: logger) }
        case .quarantined(let id, let reason):
            metadata["quarantine"] = .stringConvertible(id)
            metadata["reason"] = .string(reason.rawValue)
            logger.notice("mail.quarantined", metadata: metadata)
        case .duplicate(let ticket, let quarantine):
            if let ticket {
                metadata["ticket"] = .stringConvertible(ticket)
                if let subject = subject(runtime, ticket: ticket) { metadata["subject"] = .string(subject) }
            }
            if let quarantine { metadata["quarantine"] = .stringConvertible(quarantine) }
            logger.info("mail.duplicate", metadata: metadata)
        case .threaded(let ticket):
            metadata["ticket"] = .stringConvertible(ticket)
            if let subject = subject(runtime, ticket: ticket) { metadata["subject"] = .string(subject) }
            if case .threaded(let reply) = decision {
                metadata["from_role"] = .string(reply.fromRole)
                metadata["automatic"] = .stringConvertible(reply.isAutomatic)
            }
            logger.info("ticket.reply_received", metadata: metadata)
        case .request(let id):
            // Logged with its kinds by `requestReceived`; here only that the mail opened no ticket.
            if let id { metadata["request"] = .stringConvertible(id) }
            logger.info("mail.request_only", metadata: metadata)
        case .confirmed(let request):
            metadata["request"] = .stringConvertible(request)
            logger.notice("request.confirmed", metadata: metadata)
        }
        if case .quarantined(_, .unverifiedConfirmation) = outcome {
            // Which check failed is in the audit trail (`request.confirmation_refused`).
            logger.warning("request.confirmation_refused", metadata: metadata)
        }
    }

    /// `request.received` (notice) with the kinds and whether the address is known, or
    /// `request.rate_limited` (warning) when the address asked too often.
    static func requestReceived(_ request: IncomingSubjectRequest, intake: RequestIntake, runtime: Runtime) {
        var metadata: Logger.Metadata = [
            "kinds": .string(request.kinds.map(\.rawValue).joined(separator: ",")), "explicit": .stringConvertible(request.explicit),
            "via": .string(request.via),
        ]
        switch intake {
        case .recorded(let id):
            metadata["request"] = .stringConvertible(id)
            metadata["confirmation_queued"] = .stringConvertible(request.confirmation != nil)
            runtime.logger.notice("request.received", metadata: metadata)
        case .rateLimited:
            metadata["limit"] = .stringConvertible(request.limit)
            runtime.logger.warning("request.rate_limited", metadata: metadata)
        }
    }

    /// `consent.recorded` (info): the consents a contact form gave, as the evidence stores them.
    static func consentRecorded(_ form: FormSubmission, ticket: Int64, subject: Pseudonym, logger: Logger) {
        var metadata: Logger.Metadata = [
            "ticket": .stringConvertible(ticket), "subject": .string(subject.rawValue), "form": .string(form.profile),
        ]
        // The version is read from the mail: logged only when it looks like one, so that a form
        // filled in with something else cannot carry it into the log.
        if let version = form.version, isVersionLike(version) { metadata["form_version"] = .string(version) }
        for purpose in FormProfile.ConsentPurpose.allCases {
            metadata[purpose.rawValue] = .string(form.consents[purpose]?.rawValue ?? "absent")
        }
        logger.info("consent.recorded", metadata: metadata)
    }

    /// `outbox.queued` (info): an action put a mail into the outbox.
    static func queued(_ runtime: Runtime, outbox: Int64, ticket: Int64, subject: Pseudonym?, draft: OutboxDraft) {
        var metadata: Logger.Metadata = [
            "outbox": .stringConvertible(outbox), "ticket": .stringConvertible(ticket), "kind": .string(draft.kind),
            "recipient_kind": .string(draft.recipientKind.rawValue), "held": .stringConvertible(draft.holdReason != nil),
        ]
        if let subject { metadata["subject"] = .string(subject.rawValue) }
        // A queue's or partner's configured name; a customer is named by the kind alone.
        if let name = draft.recipientName { metadata["recipient"] = .string(name) }
        runtime.logger.info("outbox.queued", metadata: metadata)
    }

    /// `ticket.closed` (info): the retention clock of the ticket started.
    static func closed(_ runtime: Runtime, ticket: Int64, subject: Pseudonym?, retention: RetentionPlacement?) {
        var metadata: Logger.Metadata = ["ticket": .stringConvertible(ticket)]
        if let subject { metadata["subject"] = .string(subject.rawValue) }
        for (key, value) in RetentionSchedule.auditDetails(retention) { metadata[key] = .string(value) }
        runtime.logger.info("ticket.closed", metadata: metadata)
    }

    /// The keys of `mail.sent`, `transfer.sent`, `mail.deferred` and `mail.failed`: which item,
    /// for which ticket and person, to whom (by kind and configured name), which attempt.
    static func outboxMetadata(_ runtime: Runtime, _ item: OutboxRecord) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "outbox": .stringConvertible(item.id), "kind": .string(item.kind), "recipient_kind": .string(item.recipientKind.rawValue),
            "attempt": .stringConvertible(item.attempts + 1),
        ]
        if let ticket = item.ticket {
            metadata["ticket"] = .stringConvertible(ticket)
            if let subject = subject(runtime, ticket: ticket) { metadata["subject"] = .string(subject) }
        }
        if let name = item.recipientName { metadata["recipient"] = .string(name) }
        if let request = item.request { metadata["request"] = .stringConvertible(request) }
        return metadata
    }

    /// The pseudonym of a ticket's data subject; nil once anonymized or erased.
    static func subject(_ runtime: Runtime, ticket: Int64) -> String? {
        ((try? runtime.database.tickets.find(ticket)) ?? nil)?.subject?.rawValue
    }

    /// A short token of letters, digits, '.', '-' and '_', as form versions are.
    static func isVersionLike(_ text: String) -> Bool {
        (1...32).contains(text.count) && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_"
        }
    }
}
