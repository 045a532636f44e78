import Foundation
import Privacy
import Tickets
import TicketStore

/// The Art. 15/20 export of one person: a JSON document (machine-readable, Art. 20) and its
/// Markdown rendering (readable, Art. 15). An address ticketd knows nothing about gets the same
/// document with nothing in it.
package struct SubjectExportDocument: Sendable, Encodable {
    package struct Controller: Sendable, Encodable {
        var name: String
        var dpo: String
        var supervisoryAuthority: String?
        enum CodingKeys: String, CodingKey { case name, dpo, supervisoryAuthority = "supervisory_authority" }
    }

    package struct Person: Sendable, Encodable {
        var pseudonym: String
        var since: String
        var restrictedSince: String?
        var name: String?
        var email: String?
        var phone: String?
        var postalAddress: String?
        var marketingSuppressed: Bool
        enum CodingKeys: String, CodingKey {
            case pseudonym, since, name, email, phone
            case restrictedSince = "restricted_since", postalAddress = "postal_address", marketingSuppressed = "marketing_suppressed"
        }
    }

    package struct Retention: Sendable, Encodable {
        var retentionClass: String?
        var start: String?
        var period: String?
        var action: String?
        var due: String?
        var legalHold: String?
        var archived: String?
        enum CodingKeys: String, CodingKey {
            case start, period, action, due, archived
            case retentionClass = "class", legalHold = "legal_hold"
        }
    }

    package struct Message: Sendable, Encodable {
        var direction: String
        var fromRole: String
        var at: String
        var subject: String?
        var text: String?
        enum CodingKeys: String, CodingKey { case direction, at, subject, text, fromRole = "from_role" }
    }

    package struct Ticket: Sendable, Encodable {
        var id: Int64
        var state: String
        var queue: String?
        var createdAt: String
        var closedAt: String?
        var restricted: Bool
        var sensitive: [String]
        var retention: Retention
        var messages: [Message]
        enum CodingKeys: String, CodingKey {
            case id, state, queue, restricted, sensitive, retention, messages
            case createdAt = "created_at", closedAt = "closed_at"
        }
    }

    package struct Consent: Sendable, Encodable {
        var purpose: String
        var granted: Bool?
        var at: String
        var ticket: Int64?
        var form: String?
        var formVersion: String?
        var sourceMessageID: String?
        var mechanism: String
        var withdrawnAt: String?
        enum CodingKeys: String, CodingKey {
            case purpose, granted, at, ticket, form, mechanism
            case formVersion = "form_version", sourceMessageID = "source_message_id", withdrawnAt = "withdrawn_at"
        }
    }

    package struct Transfer: Sendable, Encodable {
        var ticket: Int64?
        var recipient: String
        var address: String
        var at: String
        var purpose: String
        var legalBasis: String
        var dataCategories: [String]
        var thirdCountry: Bool
        var status: String
        var messageID: String?
        enum CodingKeys: String, CodingKey {
            case ticket, recipient, address, at, purpose, status
            case legalBasis = "legal_basis", dataCategories = "data_categories", thirdCountry = "third_country", messageID = "message_id"
        }
    }

    package struct Quarantined: Sendable, Encodable {
        var id: Int64
        var reason: String
        var receivedAt: String
        enum CodingKeys: String, CodingKey { case id, reason, receivedAt = "received_at" }
    }

    package struct Right: Sendable, Encodable {
        var article: String
        var right: String
        var how: String
    }

    var format = "ticketd-subject-export/1"
    var generatedAt: String
    var controller: Controller
    /// Whether ticketd holds anything about the address.
    package var found: Bool
    var person: Person?
    package var tickets: [Ticket]
    package var consents: [Consent]
    package var transfers: [Transfer]
    /// Mails from the address that were kept in quarantine instead of becoming tickets.
    package var quarantined: [Quarantined]
    var rights: [Right]

    enum CodingKeys: String, CodingKey {
        case format, controller, found, person, tickets, consents, transfers, quarantined, rights
        case generatedAt = "generated_at"
    }
}

extension SubjectExportDocument {
    /// Builds the document from a dossier (nil: nothing held).
    init(_ dossier: SubjectDossier?, quarantined: [QuarantineRecord], suppressed: Bool, runtime: Runtime, now: Date) {
        let register = runtime.configuration.register
        let stamp = JSONLogHandler.timestamp
        generatedAt = stamp(now)
        controller = Controller(name: register.controller, dpo: register.dpo, supervisoryAuthority: register.supervisoryAuthority)
        rights = Self.rights
        self.quarantined = quarantined.map { Quarantined(id: $0.id, reason: $0.reason, receivedAt: stamp($0.receivedAt)) }
        guard let dossier else {
            found = !quarantined.isEmpty
            person = nil
            tickets = []
            consents = []
            transfers = []
            return
        }
        found = true
        let data = dossier.personalData
        person = Person(pseudonym: dossier.pseudonym.rawValue, since: stamp(dossier.createdAt), restrictedSince: dossier.restrictedAt.map(stamp),
                        name: data.name, email: data.email, phone: data.phone, postalAddress: data.postalAddress, marketingSuppressed: suppressed)
        tickets = dossier.tickets.map { ticket in
            let record = ticket.record
            let retentionClass = RetentionSchedule.retentionClass(runtime, named: record.retentionClass)
            return Ticket(
                id: record.id, state: record.state.rawValue, queue: record.queue, createdAt: stamp(record.createdAt), closedAt: record.closedAt.map(stamp),
                restricted: record.restricted, sensitive: record.sensitive,
                retention: Retention(
                    retentionClass: retentionClass?.name, start: retentionClass?.start.rawValue, period: retentionClass?.period.description,
                    action: retentionClass?.action.rawValue, due: record.retentionDue.map(stamp),
                    legalHold: record.holdReason.map { reason in reason + (ticket.holdUntil.map { " (until \(stamp($0)))" } ?? "") },
                    archived: record.archivedAt.map(stamp)
                ),
                messages: ticket.messages.map {
                    Message(direction: $0.direction, fromRole: $0.fromRole, at: stamp($0.at), subject: $0.subjectLine, text: $0.text ?? $0.redactedText)
                }
            )
        }
        consents = dossier.consents.map {
            Consent(purpose: $0.record.purpose, granted: $0.record.granted, at: stamp($0.record.at), ticket: $0.ticket, form: $0.record.form,
                    formVersion: $0.record.formVersion, sourceMessageID: $0.record.sourceMessageID, mechanism: $0.record.mechanism,
                    withdrawnAt: $0.record.withdrawnAt.map(stamp))
        }
        transfers = dossier.transfers.map {
            Transfer(ticket: $0.ticket, recipient: $0.partner, address: $0.recipient, at: stamp($0.at), purpose: $0.purpose, legalBasis: $0.legalBasis,
                     dataCategories: $0.dataCategories, thirdCountry: $0.thirdCountry, status: $0.status, messageID: $0.messageID)
        }
    }

    static let rights: [Right] = [
        Right(article: "Art. 15 GDPR", right: "access: a copy of the data held about you, as in this document", how: "write to the controller (address above)"),
        Right(article: "Art. 16 GDPR", right: "rectification of inaccurate data", how: "tell us the corrected values"),
        Right(article: "Art. 17 GDPR", right: "erasure, unless a legal duty to keep the data applies (then it is restricted instead)", how: "ask for erasure"),
        Right(article: "Art. 18 GDPR", right: "restriction of processing: the data is kept but no longer used", how: "ask for restriction"),
        Right(article: "Art. 20 GDPR", right: "data portability: this document in a machine-readable format (JSON)", how: "ask for an export"),
        Right(article: "Art. 21 GDPR", right: "objection to processing, and to direct marketing at any time", how: "object in writing"),
        Right(article: "Art. 7(3) GDPR", right: "withdrawal of a consent at any time, for the future", how: "say which consent you withdraw"),
        Right(article: "Art. 77 GDPR", right: "lodging a complaint with a supervisory authority", how: "contact the supervisory authority named above or the one where you live or work"),
    ]

    /// The document as JSON (sorted keys, pretty-printed).
    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The readable rendering.
    package var markdown: String {
        var lines = ["# Data held about you", "", "Generated \(generatedAt) by \(controller.name.isEmpty ? "the controller" : controller.name).", ""]
        if !controller.dpo.isEmpty { lines.append("Data protection officer: \(controller.dpo)") }
        if let authority = controller.supervisoryAuthority { lines.append("Supervisory authority: \(authority)") }
        lines.append("")
        guard let person else {
            lines += [quarantined.isEmpty ? "We hold no personal data about this address." : "We hold no ticket about this address.", ""]
            lines += renderedQuarantine
            lines += renderedRights
            return lines.joined(separator: "\n") + "\n"
        }
        lines += ["## Your personal data", "", "| Field | Value |", "|---|---|"]
        for (label, value) in [("Name", person.name), ("E-mail", person.email), ("Phone", person.phone), ("Postal address", person.postalAddress)] {
            lines.append("| \(label) | \(Self.cell(value ?? "—")) |")
        }
        lines.append("| Reference | \(person.pseudonym) |")
        lines.append("| Held since | \(person.since) |")
        if let restricted = person.restrictedSince { lines.append("| Processing restricted since | \(restricted) |") }
        if person.marketingSuppressed { lines.append("| Marketing | never (on the suppression list) |") }
        lines += ["", "## Tickets", ""]
        if tickets.isEmpty { lines.append("None.") }
        for ticket in tickets {
            lines.append("### Ticket \(ticket.id) (\(ticket.state)\(ticket.queue.map { ", queue \($0)" } ?? ""))")
            lines.append("")
            lines.append("Opened \(ticket.createdAt)" + (ticket.closedAt.map { ", closed \($0)" } ?? "") + (ticket.restricted ? "; processing restricted" : ""))
            if !ticket.sensitive.isEmpty { lines.append("Special categories noticed: \(ticket.sensitive.joined(separator: ", "))") }
            let retention = ticket.retention
            var kept = "Retention: class \(retention.retentionClass ?? "—")"
            if let action = retention.action, let period = retention.period, let start = retention.start { kept += " (\(action) \(period) after \(start.replacingOccurrences(of: "_", with: " ")))" }
            kept += retention.due.map { ", due \($0)" } ?? ", not yet due"
            if let hold = retention.legalHold { kept += "; kept under a legal hold: \(hold)" }
            if let archived = retention.archived { kept += "; archived \(archived)" }
            lines += [kept, ""]
            for message in ticket.messages {
                lines.append("**\(message.at) — \(message.direction) (\(message.fromRole))**" + (message.subject.map { ": \(Self.cell($0))" } ?? ""))
                lines.append("")
                lines += (message.text ?? "").split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }
                lines.append("")
            }
        }
        lines += ["## Consents", ""]
        if consents.isEmpty { lines.append("None recorded.") } else {
            lines += ["| Purpose | Answer | When | Evidence | Withdrawn |", "|---|---|---|---|---|"]
            for consent in consents {
                let answer = consent.granted.map { $0 ? "given" : "refused" } ?? "not given"
                let evidence = [consent.mechanism, consent.form.map { "form \($0)" + (consent.formVersion.map { " version \($0)" } ?? "") },
                                consent.sourceMessageID.map { "mail <\($0)>" }, consent.ticket.map { "ticket \($0)" }].compactMap { $0 }.joined(separator: "; ")
                lines.append("| \(consent.purpose) | \(answer) | \(consent.at) | \(Self.cell(evidence)) | \(consent.withdrawnAt ?? "—") |")
            }
        }
        lines += ["", "## Recipients of your data", ""]
        if transfers.isEmpty { lines.append("None: your data was not passed to anyone outside our support team.") } else {
            lines += ["| Recipient | When | Purpose | Legal basis | Data | Outside the EU/EEA | Status |", "|---|---|---|---|---|---|---|"]
            for transfer in transfers {
                lines.append("| \(transfer.recipient) (\(transfer.address)) | \(transfer.at) | \(Self.cell(transfer.purpose)) | \(transfer.legalBasis) | "
                             + "\(transfer.dataCategories.joined(separator: ", ")) | \(transfer.thirdCountry ? "yes" : "no") | \(transfer.status) |")
            }
        }
        lines.append("")
        lines += renderedQuarantine
        lines += renderedRights
        return lines.joined(separator: "\n") + "\n"
    }

    private var renderedQuarantine: [String] {
        guard !quarantined.isEmpty else { return [] }
        return ["## Mails kept aside", "", "These mails from your address did not become tickets and are kept sealed:", ""]
            + quarantined.map { "- received \($0.receivedAt): \($0.reason.replacingOccurrences(of: "_", with: " "))" } + [""]
    }

    private var renderedRights: [String] {
        ["## Your rights", ""] + rights.map { "- \($0.article): \($0.right) — \($0.how)." }
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
