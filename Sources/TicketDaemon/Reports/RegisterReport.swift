import Foundation
import MailFormat
import Tickets
import TicketStore

/// `ticketd register --format md|json|csv`: the Art. 30 record of processing activities as a
/// data-protection officer files it: the controller, one activity per partner from the
/// configuration, and the log of delivered transfers.
package enum RegisterReport {
    /// The output formats.
    package enum Format: String, CaseIterable, Sendable {
        case md, json, csv
    }

    /// Reads the delivered transfers and renders the register.
    package static func render(_ runtime: Runtime, format: Format) throws(OperatorError) -> String {
        let log: [TransferLogEntry]
        do { log = try runtime.database.register.log(deliveredOnly: true) } catch { throw .store(error) }
        return render(log: log, configuration: runtime.configuration, format: format)
    }

    /// The register of `configuration`'s partners with the transfer log; reads nothing.
    static func render(log: [TransferLogEntry], configuration: Configuration, format: Format) -> String {
        let retention = configuration.retention.classes.map { "\($0.name): \($0.action.rawValue) \($0.period) after \($0.start.rawValue)" }
        switch format {
        case .json:
            struct Activity: Encodable {
                var name: String
                var purpose: String
                var legal_basis: String
                var data_categories: [String]
                var recipient: String
                var third_country: Bool
                var safeguards: String?
                var retention: [String]
            }
            struct Transfer: Encodable {
                var ticket: Int64?
                var partner: String
                var recipient: String
                var at: String
                var purpose: String
                var legal_basis: String
                var data_categories: [String]
                var pseudonym: String?
                var message_id: String?
                var payload_sha256: String?
                /// Art. 19: `queued` or `sent` once the subject was erased; absent otherwise.
                var erasure_notice: String?
                var erasure_notified_at: String?
            }
            struct Document: Encodable {
                var controller: String
                var dpo: String
                var supervisory_authority: String?
                var activities: [Activity]
                var transfers: [Transfer]
            }
            return encodeJSON(Document(
                controller: configuration.register.controller, dpo: configuration.register.dpo,
                supervisory_authority: configuration.register.supervisoryAuthority,
                activities: configuration.partners.map {
                    Activity(name: "Transfer to \($0.name)", purpose: $0.purpose, legal_basis: $0.legalBasis, data_categories: $0.dataCategories,
                             recipient: $0.address.description, third_country: $0.thirdCountry, safeguards: $0.safeguards, retention: retention)
                },
                transfers: log.map {
                    Transfer(ticket: $0.ticket, partner: $0.partner, recipient: $0.recipient, at: JSONLogHandler.timestamp($0.at), purpose: $0.purpose,
                             legal_basis: $0.legalBasis, data_categories: $0.dataCategories, pseudonym: $0.pseudonym, message_id: $0.messageID,
                             payload_sha256: $0.payloadSHA256, erasure_notice: $0.erasureNotice.map(noticeState),
                             erasure_notified_at: $0.erasureNotice.flatMap(noticeTime))
                }
            ))
        case .csv:
            var lines = ["ticket,partner,recipient,at,purpose,legal_basis,data_categories,pseudonym,message_id,payload_sha256,erasure_notice,erasure_notified_at"]
            for entry in log {
                lines.append([
                    entry.ticket.map(String.init) ?? "", entry.partner, entry.recipient, JSONLogHandler.timestamp(entry.at), entry.purpose,
                    entry.legalBasis, entry.dataCategories.joined(separator: "; "), entry.pseudonym ?? "", entry.messageID ?? "", entry.payloadSHA256 ?? "",
                    entry.erasureNotice.map(noticeState) ?? "", entry.erasureNotice.flatMap(noticeTime) ?? "",
                ].map(csvField).joined(separator: ","))
            }
            return lines.joined(separator: "\n")
        case .md:
            var lines = ["# Record of processing activities (Art. 30 GDPR)", ""]
            lines.append("- Controller: \(configuration.register.controller)")
            lines.append("- Data-protection officer: \(configuration.register.dpo)")
            if let authority = configuration.register.supervisoryAuthority { lines.append("- Supervisory authority: \(authority)") }
            lines.append("- Retention: " + retention.joined(separator: "; "))
            lines.append("")
            lines.append("## Recipients")
            for partner in configuration.partners {
                lines.append("")
                lines.append("### \(partner.name) <\(partner.address)>")
                lines.append("- Purpose: \(partner.purpose)")
                lines.append("- Legal basis: \(partner.legalBasis)")
                lines.append("- Data categories: \(partner.dataCategories.joined(separator: ", ")) (pseudonymized; name, address and phone are never sent)")
                lines.append("- Third country: \(partner.thirdCountry ? "yes — safeguards: \(partner.safeguards ?? "none named")" : "no")")
            }
            lines.append("")
            lines.append("## Transfer log (delivered)")
            lines.append("")
            if log.isEmpty {
                lines.append("No transfers yet.")
            } else {
                lines.append("| ticket | partner | time | data categories | pseudonym | Message-ID | payload SHA-256 | erasure notice (Art. 19) |")
                lines.append("|---|---|---|---|---|---|---|---|")
                for entry in log {
                    lines.append("| \(entry.ticket.map(String.init) ?? "-") | \(entry.partner) | \(JSONLogHandler.timestamp(entry.at)) | \(entry.dataCategories.joined(separator: ", ")) | \(entry.pseudonym ?? "-") | \(entry.messageID ?? "-") | \(entry.payloadSHA256.map { String($0.prefix(16)) + "…" } ?? "-") | \(entry.erasureNotice.map { noticeTime($0) ?? noticeState($0) } ?? "-") |")
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// An Art. 19 notice's state as the register writes it.
    static func noticeState(_ notice: ErasureNoticeState) -> String {
        switch notice {
        case .queued: "queued"
        case .sent: "sent"
        }
    }

    /// When the partner's server accepted the notice, if it did.
    static func noticeTime(_ notice: ErasureNoticeState) -> String? {
        if case .sent(let at) = notice { JSONLogHandler.timestamp(at) } else { nil }
    }

    /// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
    static func csvField(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
