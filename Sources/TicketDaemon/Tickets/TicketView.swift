import Foundation
import MailFormat
import Privacy
package import Tickets
import TicketStore

/// `ticketd ticket show` and `ticketd tickets`: a ticket as one role may see it (DESIGN §5).
///
/// The agent sees the customer and the full text; every other role sees the pseudonym and the
/// redacted text, never a name, address or phone number. A restricted ticket (no processing
/// consent) is for agents only; marketing sees only tickets whose marketing consent was given.
package enum TicketView {
    /// The JSON shape of one ticket (`messages` omitted in lists).
    struct Document: Encodable {
        struct Customer: Encodable {
            var name: String?
            var email: String?
            var phone: String?
        }
        struct Consent: Encodable {
            var processing: Bool?
            var marketing: Bool?
            var form: String?
            var form_version: String?
            var source_message_id: String?
            var at: String?
        }
        struct Message: Encodable {
            var direction: String
            var from_role: String
            var at: String
            var text: String
        }
        struct Transfer: Encodable {
            var partner: String
            var at: String
            var message_id: String?
        }
        var id: Int64
        var state: String
        var queue: String?
        var created_at: String
        var closed_at: String?
        var subject: String?
        var title: String
        var restricted: Bool
        var customer: Customer?
        var consent: Consent
        var sensitive: [String]
        var retention_class: String?
        var retention_due: String?
        /// The agent's commercial-letter marker (it decides the class).
        var commercial_letter: Bool
        var hold: String?
        var messages: [Message]?
        /// Only in `ticket show` (a list does not open every file).
        var attachments: [Attachment]?
        var transfers: [Transfer]

        func encode(to encoder: any Encoder) throws {
            // Absent keys stay absent (customer for non-agents), present nulls are written as null.
            enum Key: String, CodingKey {
                case id, state, queue, created_at, closed_at, subject, title, restricted, customer, consent, sensitive, retention_class, retention_due, commercial_letter, hold, messages, attachments, transfers
            }
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(id, forKey: .id)
            try container.encode(state, forKey: .state)
            try container.encode(queue, forKey: .queue)
            try container.encode(created_at, forKey: .created_at)
            try container.encode(closed_at, forKey: .closed_at)
            try container.encode(subject, forKey: .subject)
            try container.encode(title, forKey: .title)
            try container.encode(restricted, forKey: .restricted)
            try container.encodeIfPresent(customer, forKey: .customer)
            try container.encode(consent, forKey: .consent)
            try container.encode(sensitive, forKey: .sensitive)
            try container.encode(retention_class, forKey: .retention_class)
            try container.encode(retention_due, forKey: .retention_due)
            try container.encode(commercial_letter, forKey: .commercial_letter)
            try container.encode(hold, forKey: .hold)
            try container.encodeIfPresent(messages, forKey: .messages)
            try container.encodeIfPresent(attachments, forKey: .attachments)
            try container.encode(transfers, forKey: .transfers)
        }
    }

    /// One ticket for a role, as text or JSON.
    /// With `archive`, the agents' view of restricted (Art. 18) and archived tickets, which no
    /// other view shows.
    package static func show(_ runtime: Runtime, id: Int64, role: Role, json: Bool, archive: Bool = false) throws(OperatorError) -> String {
        let document = try document(runtime, id: id, role: role, withMessages: true, archive: archive)
        return json ? encodeJSON(document) : text(document)
    }

    /// Tickets, filtered, as a table or a JSON list (without messages): for the agent, or in
    /// another role's `view` (a ticket that view may not show is left out, as the marketing view
    /// leaves out every ticket without a standing marketing consent); `within` narrows the list to
    /// an account's queues (nil: every ticket).
    package static func list(
        _ runtime: Runtime, state: String?, queue: String?, json: Bool, view: Role = .agent, within queues: [String]? = nil
    ) throws(OperatorError) -> String {
        var wanted: TicketState?
        if let state {
            guard let known = TicketState(rawValue: state) else { throw .argument(.notATicketState(state)) }
            wanted = known
        }
        let records: [TicketRecord]
        do {
            records = try runtime.database.tickets.list(state: wanted, queue: queue).filter { record in
                !record.isArchiveOnly && (queues.map { list in record.queue.map(list.contains) ?? false } ?? true)
            }
        } catch { throw .store(error) }
        var documents: [Document] = []
        for record in records {
            do throws(OperatorError) {
                documents.append(try document(runtime, record: record, role: view, withMessages: false))
            } catch {
                // Another role's view refuses some tickets by rule (no marketing consent, special
                // categories): they are not theirs to list.
                guard view != .agent, case .refused = error else { throw error }
            }
        }
        if json { return encodeJSON(documents) }
        if documents.isEmpty { return "no tickets" + (state.map { " in state \($0)" } ?? "") + (queue.map { " in queue \($0)" } ?? "") }
        var lines = ["ID\tSTATE\tQUEUE\tCREATED\tSUBJECT\tCONSENT\tSENSITIVE\tTITLE"]
        for document in documents {
            lines.append([
                "\(document.id)", document.state, document.queue ?? "-", String(document.created_at.prefix(16)), document.subject ?? "-",
                consentSummary(document.consent) + (document.restricted ? " RESTRICTED" : ""),
                document.sensitive.isEmpty ? "-" : document.sensitive.joined(separator: ","), document.title,
            ].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n")
    }

    static func document(_ runtime: Runtime, id: Int64, role: Role, withMessages: Bool, archive: Bool = false) throws(OperatorError) -> Document {
        let record: TicketRecord?
        do { record = try runtime.database.tickets.find(id) } catch { throw .store(error) }
        guard let record else { throw .noSuchTicket(id) }
        return try document(runtime, record: record, role: role, withMessages: withMessages, archive: archive)
    }

    static func document(_ runtime: Runtime, record: TicketRecord, role: Role, withMessages: Bool, archive: Bool = false) throws(OperatorError) -> Document {
        let standing = try TicketStanding.of(record, in: runtime, forMarketing: role == .marketing)
        do throws(HandOffRefusal) { try HandOffRules.view(standing, as: role, archive: archive) } catch { throw .refused(error) }
        let processing = record.consents.first { $0.purpose == "processing" }
        let marketing = record.consents.first { $0.purpose == "marketing" }
        var customer: Document.Customer?
        var messages: [Document.Message]?
        var attachments: [Document.Attachment]?
        do {
            // The agent reads the title as the customer wrote it; everyone else the redacted one.
            var title = record.redactedSubject
            if role == .agent, let data = try runtime.database.tickets.customer(ofTicket: record.id) {
                customer = Document.Customer(name: data.name, email: data.email, phone: data.phone)
                title = try runtime.database.tickets.originalSubjectLine(ofTicket: record.id) ?? title
            }
            if withMessages {
                messages = try runtime.database.tickets.messages(ofTicket: record.id).map { message in
                    Document.Message(
                        direction: message.direction, from_role: message.fromRole, at: JSONLogHandler.timestamp(message.at),
                        text: role == .agent ? (message.text ?? message.redactedText) : message.redactedText
                    )
                }
                attachments = try Self.attachments(runtime, ticket: record.id, role: role)
            }
            let transfers = try runtime.database.tickets.transfers(ofTicket: record.id).map {
                Document.Transfer(partner: $0.partner, at: JSONLogHandler.timestamp($0.at), message_id: $0.messageID)
            }
            let evidence = processing ?? marketing
            return Document(
                id: record.id, state: record.state.rawValue, queue: record.queue, created_at: JSONLogHandler.timestamp(record.createdAt),
                closed_at: record.closedAt.map(JSONLogHandler.timestamp), subject: record.subject?.rawValue,
                title: title, restricted: record.restricted, customer: customer,
                consent: Document.Consent(
                    processing: processing.flatMap { $0.withdrawnAt == nil ? $0.granted : false },
                    marketing: marketing.flatMap { $0.withdrawnAt == nil ? $0.granted : false },
                    form: evidence?.form ?? record.form, form_version: evidence?.formVersion ?? record.formVersion,
                    source_message_id: evidence?.sourceMessageID, at: evidence.map { JSONLogHandler.timestamp($0.at) }
                ),
                sensitive: record.sensitive, retention_class: record.retentionClass,
                retention_due: record.retentionDue.map(JSONLogHandler.timestamp), commercial_letter: record.commercialLetter,
                hold: record.holdReason, messages: messages, attachments: attachments, transfers: transfers
            )
        } catch {
            throw .store(error)
        }
    }

    static func consentSummary(_ consent: Document.Consent) -> String {
        func flag(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "-" }
        return "p:\(flag(consent.processing)) m:\(flag(consent.marketing))"
    }

    static func text(_ document: Document) -> String {
        var lines = ["Ticket \(document.id) · \(document.state) · queue \(document.queue ?? "-") · created \(document.created_at)"
            + (document.closed_at.map { " · closed \($0)" } ?? "")]
        lines.append("Title:      \(document.title)")
        lines.append("Subject:    \(document.subject ?? "(anonymized)")")
        if let customer = document.customer {
            lines.append("Customer:   \([customer.name, customer.email, customer.phone].compactMap { $0 }.joined(separator: " · "))")
        }
        var consent = "Consent:    processing \(document.consent.processing.map { $0 ? "yes" : "no" } ?? "not given"), "
            + "marketing \(document.consent.marketing.map { $0 ? "yes" : "no" } ?? "not given")"
        if let form = document.consent.form {
            consent += " (form \(form)\(document.consent.form_version.map { " version \($0)" } ?? "")"
            consent += document.consent.at.map { ", \($0)" } ?? ""
            consent += document.consent.source_message_id.map { ", mail <\($0)>" } ?? ""
            consent += ")"
        }
        lines.append(consent)
        if document.restricted { lines.append("Restricted: only agents may see this ticket (no processing consent)") }
        lines.append("Sensitive:  \(document.sensitive.isEmpty ? "none found" : document.sensitive.joined(separator: ", "))")
        lines.append("Retention:  class \(document.retention_class ?? "-"), " + (document.retention_due.map { "due \($0)" } ?? "nothing due")
            + (document.commercial_letter ? ", marked as a commercial letter" : "") + (document.hold.map { ", on legal hold: \($0)" } ?? ""))
        for message in document.messages ?? [] {
            lines.append("")
            lines.append("--- \(message.direction) from \(message.from_role), \(message.at)")
            lines.append(message.text)
        }
        lines.append("")
        lines.append(contentsOf: attachmentLines(document.attachments))
        lines.append(document.transfers.isEmpty ? "Transfers:  none"
            : "Transfers:  " + document.transfers.map { "\($0.partner) at \($0.at)" }.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}
