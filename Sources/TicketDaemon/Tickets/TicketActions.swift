import Foundation
import MailFormat
import Privacy
package import Tickets
import TicketStore

/// `ticket assign`, `ticket forward`, `ticket reply`, `ticket close`: each writes its outgoing
/// mail to the outbox in the same transaction as the change it makes and its audit event; the
/// daemon sends it. Copies for queues and partners are built from an allow-list (DESIGN §3,
/// invariant 4); the customer's answer goes to their own address only.
package enum TicketActions {
    /// Hands the ticket to a queue, which receives a pseudonymized copy.
    /// With `preview`, nothing is queued: the copy is printed as it would leave.
    package static func assign(_ runtime: Runtime, ticket id: Int64, queue name: String, actor: Actor, preview: Bool = false) throws(OperatorError) -> String {
        let queue: Queue
        do throws(HandOffRefusal) { queue = try HandOffRules.queue(named: name, among: runtime.configuration.queues) } catch { throw .refused(error) }
        let record = try ticketRecord(runtime, id)
        let standing = try TicketStanding.of(record, in: runtime, forMarketing: queue.role == .marketing)
        do throws(HandOffRefusal) { try HandOffRules.assign(standing, to: queue) } catch { throw .refused(error) }
        let copy = try pseudonymizedCopy(runtime, record: record, recipient: queue.address, note: nil,
                                         purpose: "Handled by the \(queue.name) team (\(queue.role.rawValue))")
        if preview { return previewText(runtime, record: record, to: queue.address, copy: copy) }
        let outbox = try queueCopy(runtime, record: record, kind: "assign", recipientKind: .queue, name: queue.name, address: queue.address, copy: copy)
        // The queue may decide the class; assigning reopens a closed ticket, so a class that
        // counts from closing has no due date until the ticket is closed again.
        let retention = RetentionSchedule.placement(runtime, record: record, queue: queue.name, commercialLetter: record.commercialLetter, closed: nil)
        do {
            let queued = try runtime.database.outbox.enqueue(outbox, ticket: id, update: .assign(queue: queue.name, retention: retention), audit: AuditDraft(
                actor: actor, action: "ticket.assigned", ticketID: id, subject: record.subject?.rawValue,
                details: ["queue": queue.name, "replaced": copy.replaced.sorted().map(\.rawValue).joined(separator: ",")]
                    .merging(RetentionSchedule.auditDetails(retention)) { $1 }
            ))
            MailEvents.queued(runtime, outbox: queued, ticket: id, subject: record.subject, draft: outbox)
        } catch { throw .store(error) }
        return "ticket \(id) assigned to \(queue.name); a pseudonymized copy to \(queue.address) is in the outbox\(outbox.holdReason.map { " (held: \($0))" } ?? "")"
    }

    /// Sends a pseudonymized copy to a registered partner; the transfer enters the register once
    /// delivered. `attach` (1-based numbers) releases attachments with the copy, for the recorded
    /// `attachReason`; they enter the audit event and the transfer log by type and SHA-256.
    package static func forward(
        _ runtime: Runtime, ticket id: Int64, partner name: String, note: String?, allowSensitive: String?, actor: Actor, preview: Bool = false,
        attach: [Int] = [], attachReason: String? = nil
    ) throws(OperatorError) -> String {
        let partner: Partner
        do throws(HandOffRefusal) { partner = try HandOffRules.partner(named: name, among: runtime.configuration.partners) } catch { throw .refused(error) }
        let record = try ticketRecord(runtime, id)
        let available: Int
        let customer: PersonalData?
        do {
            available = try runtime.database.tickets.attachmentCount(ofTicket: id)
            customer = try runtime.database.tickets.customer(ofTicket: id)
        } catch { throw .store(error) }
        do throws(HandOffRefusal) {
            // The attachment rule first: its refusal says what a file needs besides the copy's own.
            try HandOffRules.releaseAttachments(attach, of: TicketStanding(record), available: available, reason: attachReason, sensitiveReason: allowSensitive)
            try HandOffRules.forward(TicketStanding(record), sensitiveReason: allowSensitive)
        } catch { throw .refused(error) }
        let release = try TicketAttachments.release(runtime, record: record, indices: attach, customer: customer)
        let copy = try pseudonymizedCopy(runtime, record: record, recipient: partner.address, note: note, purpose: partner.purpose, released: release.files.count)
        if preview {
            return previewText(runtime, record: record, to: partner.address, copy: copy)
                + release.files.map { "\nattached: \(AttachmentFileName.displayed($0.filename)) (\($0.mimeType), \($0.data.count) bytes)" }.joined()
        }
        var outbox = try queueCopy(runtime, record: record, kind: "forward", recipientKind: .partner, name: partner.name, address: partner.address, copy: copy,
                                   attachments: release.files)
        outbox.extraDataCategories = release.dataCategories
        var details = ["partner": partner.name, "replaced": copy.replaced.sorted().map(\.rawValue).joined(separator: ",")]
        if let allowSensitive { details["allow_sensitive"] = allowSensitive }
        if !release.files.isEmpty {
            details["attachments"] = release.auditDetail
            details["attach_reason"] = attachReason
        }
        do {
            let queued = try runtime.database.outbox.enqueue(outbox, ticket: id, update: .state(.waiting, retention: RetentionSchedule.onReopen(runtime, record: record)), audit: AuditDraft(
                actor: actor, action: "ticket.forwarded", ticketID: id, subject: record.subject?.rawValue, details: details
            ))
            MailEvents.queued(runtime, outbox: queued, ticket: id, subject: record.subject, draft: outbox)
        } catch { throw .store(error) }
        return "ticket \(id) forwarded to \(partner.name) <\(partner.address)>: the pseudonymized copy"
            + (release.files.isEmpty ? "" : " with \(release.files.count) attachment\(release.files.count == 1 ? "" : "s")") + " is in the outbox"
            + (outbox.holdReason.map { " but held: \($0)" } ?? "; the transfer enters the register when the partner's server accepts it")
    }

    /// Answers the customer at their own address with the text of a file.
    package static func reply(_ runtime: Runtime, ticket id: Int64, file: String, actor: Actor) throws(OperatorError) -> String {
        try reply(runtime, ticket: id, text: answer(file: file), source: file, actor: actor)
    }

    /// The answer in `file`, read where the command runs (through the daemon, the command reads
    /// it as the caller and sends the text: the daemon never opens a member of staff's files).
    package static func answer(file: String) throws(OperatorError) -> String {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw .argument(.unreadableAnswer(file))
        }
        return text
    }

    /// Answers the customer with `text`; `source` names where the text came from in an error.
    package static func reply(_ runtime: Runtime, ticket id: Int64, text: String, source: String, actor: Actor) throws(OperatorError) -> String {
        guard let smtp = runtime.configuration.smtp else { throw .notConfigured(section: "smtp", consequence: "nothing can be sent") }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .argument(.emptyAnswer(source)) }
        let record = try ticketRecord(runtime, id)
        let customer: PersonalData?
        let messages: [StoredMessage]
        do {
            customer = try runtime.database.tickets.customer(ofTicket: id)
            messages = try runtime.database.tickets.messages(ofTicket: id)
        } catch { throw .store(error) }
        guard let customer, let emailText = customer.email, let address = try? EmailAddress(parsing: emailText) else {
            throw .noCustomerAddress(ticket: id)
        }
        var generator = SystemRandomNumberGenerator()
        let token = ReplyToken.random(using: &generator)
        let messageID = newMessageID(prefix: "t\(id)", domain: smtp.replyDomain, using: &generator)
        let original = messages.first { $0.direction == "inbound" }
        let subjectLine = (original?.subjectLine ?? record.redactedSubject)
        let usableReference = original?.messageID.flatMap { MailComposer.isUsableReference($0) ? $0 : nil }
        let mail = OutgoingMail(
            from: smtp.from, to: [Mailbox(displayName: customer.name, address: address)],
            replyTo: replyAddress(smtp, token: token), subject: "Re: \(subjectLine) \(token.subjectTag)", date: runtime.database.now(),
            // A customer's Message-ID may be odd enough that the composer refuses it; then the answer
            // goes out without threading headers rather than not at all.
            messageID: messageID, inReplyTo: usableReference, references: usableReference.map { [$0] } ?? [],
            extraHeaders: [(name: "X-Ticketd-Reference", value: "T-\(id)")], body: text
        )
        let bytes: [UInt8]
        do { bytes = try MailComposer.compose(mail) } catch { throw .composition(what: "the answer", cause: error) }
        let draft = OutboxDraft(kind: "reply", recipientKind: .customer, recipientName: nil, recipientAddress: address.description,
                                messageID: messageID, payload: bytes, historyText: text,
                                redactedHistoryText: Redactor.redact(text, known: PersonalData()).text, replyTokenHash: token.hash, holdReason: nil)
        do {
            let queued = try runtime.database.outbox.enqueue(draft, ticket: id, update: .state(.waiting, retention: RetentionSchedule.onReopen(runtime, record: record)), audit: AuditDraft(
                actor: actor, action: "ticket.replied", ticketID: id, subject: record.subject?.rawValue, fields: [PersonalField.messageText.rawValue]
            ))
            MailEvents.queued(runtime, outbox: queued, ticket: id, subject: record.subject, draft: draft)
        } catch { throw .store(error) }
        return "answer to the customer of ticket \(id) is in the outbox"
    }

    /// Closes the ticket: the retention clock starts.
    package static func close(_ runtime: Runtime, ticket id: Int64, actor: Actor) throws(OperatorError) -> String {
        let record = try ticketRecord(runtime, id, closing: true)
        if record.state == .closed { return "ticket \(id) is already closed" }
        let retention = RetentionSchedule.onClose(runtime, record: record)
        do {
            try runtime.database.tickets.update(ticket: id, .close(retention: retention), audit: AuditDraft(
                actor: actor, action: "ticket.closed", ticketID: id, subject: record.subject?.rawValue,
                details: RetentionSchedule.auditDetails(retention)
            ))
        } catch { throw .store(error) }
        MailEvents.closed(runtime, ticket: id, subject: record.subject, retention: retention)
        return "ticket \(id) closed; its retention period (\(retention?.retentionClass ?? runtime.configuration.retention.defaultClass)) starts now"
    }

    // MARK: - Building the copies

    /// The ticket an action works on. Restricted (Art. 18) or archived data is not processed
    /// further: only closing (which starts its retention clock) is allowed.
    static func ticketRecord(_ runtime: Runtime, _ id: Int64, closing: Bool = false) throws(OperatorError) -> TicketRecord {
        let record: TicketRecord?
        do { record = try runtime.database.tickets.find(id) } catch { throw .store(error) }
        guard let record else { throw .noSuchTicket(id) }
        if !closing {
            do throws(HandOffRefusal) { try HandOffRules.process(TicketStanding(record), .process) } catch { throw .refused(error) }
        }
        return record
    }

    static func pseudonymizedCopy(
        _ runtime: Runtime, record: TicketRecord, recipient: EmailAddress, note: String?, purpose: String, released: Int = 0
    ) throws(OperatorError) -> RecipientCopy {
        let customer: PersonalData?
        let messages: [StoredMessage]
        do {
            customer = try runtime.database.tickets.customer(ofTicket: record.id)
            messages = try runtime.database.tickets.messages(ofTicket: record.id)
        } catch { throw .store(error) }
        let original = messages.first { $0.direction == "inbound" }
        let pseudonym = record.subject.map { RecipientPseudonymKey(master: runtime.masterKey).pseudonym(for: $0, domain: recipient.normalizedDomain) } ?? "(anonymized)"
        let attachments = (try? runtime.database.tickets.attachmentCount(ofTicket: record.id)) ?? 0
        return RecipientCopy(
            reference: "T-\(record.id)", pseudonym: pseudonym, subject: original?.subjectLine ?? record.redactedSubject,
            text: original?.text ?? original?.redactedText ?? "", note: note, known: customer ?? PersonalData(),
            withheldAttachments: max(0, attachments - released), purpose: purpose
        )
    }

    static func queueCopy(
        _ runtime: Runtime, record: TicketRecord, kind: String, recipientKind: RecipientKind, name: String, address: EmailAddress, copy: RecipientCopy,
        attachments: [OutgoingAttachment] = []
    ) throws(OperatorError) -> OutboxDraft {
        guard let smtp = runtime.configuration.smtp else { throw .notConfigured(section: "smtp", consequence: "nothing can be sent") }
        var generator = SystemRandomNumberGenerator()
        let token = ReplyToken.random(using: &generator)
        let messageID = newMessageID(prefix: "t\(record.id)", domain: smtp.replyDomain, using: &generator)
        let mail = OutgoingMail(
            from: smtp.from, to: [Mailbox(displayName: nil, address: address)], replyTo: replyAddress(smtp, token: token),
            subject: "\(copy.subject) \(token.subjectTag)", date: runtime.database.now(), messageID: messageID,
            extraHeaders: [(name: "X-Ticketd-Reference", value: "T-\(record.id)")], body: copy.body, attachments: attachments
        )
        let bytes: [UInt8]
        do { bytes = try MailComposer.compose(mail) } catch { throw .composition(what: "the copy", cause: error) }
        do throws(HandOffRefusal) { try HandOffRules.copySize(bytes.count, ticket: record.id, limit: runtime.configuration.limits.maxMessageBytes) } catch {
            throw .refused(error)
        }
        let hold = holdReason(runtime, record: record, copy: copy)
        return OutboxDraft(kind: kind, recipientKind: recipientKind, recipientName: name, recipientAddress: address.description,
                           messageID: messageID, payload: bytes, historyText: copy.body, redactedHistoryText: copy.body,
                           replyTokenHash: token.hash, holdReason: hold)
    }

    /// Why a copy waits for an agent before it leaves, or nil: the original mail could not be read
    /// cleanly, or the copy's residual risk reaches `[redaction] hold_risk_at`.
    static func holdReason(_ runtime: Runtime, record: TicketRecord, copy: RecipientCopy) -> String? {
        if record.redactionUncertain {
            return "the original mail could not be read cleanly, so the redaction is not trusted: check the copy before it goes out"
        }
        let threshold = runtime.configuration.redaction.holdRiskAt
        guard threshold > 0, copy.risk.score >= threshold else { return nil }
        return "residual risk \(copy.risk.score) (\(copy.risk.summary)) reaches [redaction] hold_risk_at = \(threshold): "
            + "read the copy with `ticketd ticket forward|assign \(record.id) ... --preview`, then `ticketd outbox --release ID` sends it as it is"
    }

    /// The copy as it would leave: recipient, subject, body, and what the residual-risk check says.
    static func previewText(_ runtime: Runtime, record: TicketRecord, to address: EmailAddress, copy: RecipientCopy) -> String {
        let hold = holdReason(runtime, record: record, copy: copy)
        return """
            To: \(address)
            Subject: \(copy.subject)

            \(copy.body)

            -- preview: nothing was queued; residual risk \(copy.risk.score) (\(copy.risk.summary)); \(hold == nil ? "the copy would be sent" : "the copy would be held for an agent")
            """
    }

    /// `support+TOKEN@reply_domain`: answers come back to the support mailbox and carry the token
    /// (`support+confirm-TOKEN@…` for the confirmation of a data-subject request).
    static func replyAddress(_ smtp: Configuration.SMTP, token: ReplyToken, confirmation: Bool = false) -> Mailbox {
        let base = smtp.from.address.localPart
        let localPart = confirmation ? token.confirmationLocalPart(base: base) : "\(base)+\(token.value)"
        let address = try! EmailAddress(parsing: "\(localPart)@\(smtp.replyDomain)")
        return Mailbox(displayName: smtp.from.displayName, address: address)
    }

    /// `t12.9f3a…@reply_domain` (`prefix` `t12` for ticket 12, `r` for a mail to a requester):
    /// unique, and says nothing about the person.
    static func newMessageID(prefix: String, domain: String, using generator: inout some RandomNumberGenerator) -> String {
        let random = (0..<2).map { _ in String(generator.next(), radix: 16) }.joined()
        return "\(prefix).\(random)@\(domain)"
    }
}
