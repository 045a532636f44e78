import Crypto
import Foundation
import MailFormat
import Privacy
package import Tickets
import TicketStore

/// The attachments of a ticket: opened for an agent (`ticket attachment ID N --out PATH`) and
/// released with a partner's copy (`ticket forward --attach N --attach-reason TEXT`).
///
/// A file name is personal data and a sender's word, never a path: the agent chooses where a
/// file goes, a copy carries the name sanitized (or a neutral one when it names the customer),
/// and logs, errors and the audit trail know an attachment by its number, media type, size and
/// SHA-256 only.
package enum TicketAttachments {
    /// What a partner's copy carries: the files, and how the audit trail and the register name them.
    struct Release {
        var files: [OutgoingAttachment] = []
        /// `1:application/pdf:<sha256>,2:…` for the `ticket.forwarded` event.
        var auditDetail = ""
        /// `attachment: application/pdf`, one per media type, for the transfer log.
        var dataCategories: [String] = []
    }

    /// Writes attachment `index` of the ticket to `path` for an agent: a new file readable by
    /// its owner only, never over an existing one, never anywhere but `path`; audited
    /// `attachment.opened`.
    package static func extract(_ runtime: Runtime, ticket id: Int64, index: Int, out path: String, actor: Actor) throws(OperatorError) -> String {
        let record = try TicketActions.ticketRecord(runtime, id)
        let attachment = try attachment(runtime, ticket: record.id, index: index)
        guard let data = attachment.data else { throw .refused(.attachmentErased(ticket: id, index: index)) }
        try PrivateFile.writeNew(data, to: path)
        let opened = Opened(ticket: id, index: index, mediaType: attachment.mimeType, data: data)
        do throws(StoreError) { try runtime.database.audit.record(opened.audit(actor: actor, subject: record.subject?.rawValue)) } catch {
            // Unaudited access is not allowed to stand: the file goes again.
            unlink(path)
            throw .store(error)
        }
        return opened.written(to: path)
    }

    /// `ticket attachment` through the daemon: the bytes, handed out only once the access is in
    /// the audit trail; the command writes them as the caller.
    package static func open(_ runtime: Runtime, ticket id: Int64, index: Int, actor: Actor) throws(OperatorError) -> Opened {
        let record = try TicketActions.ticketRecord(runtime, id)
        let attachment = try attachment(runtime, ticket: record.id, index: index)
        guard let data = attachment.data else { throw .refused(.attachmentErased(ticket: id, index: index)) }
        let opened = Opened(ticket: id, index: index, mediaType: attachment.mimeType, data: data)
        do throws(StoreError) { try runtime.database.audit.record(opened.audit(actor: actor, subject: record.subject?.rawValue)) } catch { throw .store(error) }
        return opened
    }

    /// One attachment taken out of a ticket, with what the audit trail and the summary say of it.
    package struct Opened: Sendable {
        package var ticket: Int64
        package var index: Int
        package var mediaType: String
        package var data: [UInt8]

        /// Describes an attachment taken out.
        package init(ticket: Int64, index: Int, mediaType: String, data: [UInt8]) {
            self.ticket = ticket
            self.index = index
            self.mediaType = mediaType
            self.data = data
        }

        /// The SHA-256 of the bytes, in hex: the audit trail's proof of which file went out.
        package var digest: String { TicketAttachments.sha256(data) }

        func audit(actor: Actor, subject: String?) -> AuditDraft {
            AuditDraft(actor: actor, action: "attachment.opened", ticketID: ticket, subject: subject, fields: ["attachments"],
                       details: ["index": "\(index)", "media_type": mediaType, "size": "\(data.count)", "sha256": digest])
        }

        /// Writes the bytes to a new owner-only file and answers the summary to print.
        package func write(to path: String) throws(OperatorError) -> String {
            try PrivateFile.writeNew(data, to: path)
            return written(to: path)
        }

        func written(to path: String) -> String {
            "attachment \(index) of ticket \(ticket) (\(mediaType), \(data.count) bytes, SHA-256 \(digest)) written to \(path), "
                + "readable by its owner only. It holds personal data: delete it when done"
        }
    }

    /// The attachments `indices` ready to go with a partner's copy, after the hand-off rules
    /// allowed them.
    static func release(_ runtime: Runtime, record: TicketRecord, indices: [Int], customer: PersonalData?) throws(OperatorError) -> Release {
        var release = Release()
        guard !indices.isEmpty else { return release }
        let stored: [StoredAttachment]
        do { stored = try runtime.database.tickets.attachments(ofTicket: record.id) } catch { throw .store(error) }
        let known = Redactor.Known(customer ?? PersonalData())
        let words = personalWords(customer)
        var details: [String] = []
        for index in indices {
            guard let attachment = stored.first(where: { $0.index == index }) else {
                throw .refused(.noSuchAttachment(ticket: record.id, index: index, count: stored.count))
            }
            guard let data = attachment.data else { throw .refused(.attachmentErased(ticket: record.id, index: index)) }
            if details.contains(where: { $0.hasPrefix("\(index):") }) { continue }
            release.files.append(OutgoingAttachment(filename: copyName(attachment.filename, index: index, known: known, words: words),
                                                    mimeType: sendableType(attachment.mimeType), data: data))
            details.append("\(index):\(attachment.mimeType):\(sha256(data))")
            let category = "attachment: \(attachment.mimeType)"
            if !release.dataCategories.contains(category) { release.dataCategories.append(category) }
        }
        release.auditDetail = details.joined(separator: ",")
        return release
    }

    /// The name a copy gives the file: the sender's, sanitized, unless it holds a personal value
    /// of the customer (in any spelling the redactor knows, or any pattern it finds), in which
    /// case `attachment-N.<ext>`.
    static func copyName(_ original: String?, index: Int, known: Redactor.Known, words personal: [String]) -> String {
        let neutral = "attachment-\(index)" + (original.flatMap(AttachmentFileName.plainExtension).map { ".\($0)" } ?? "")
        guard let original else { return neutral }
        let safe = AttachmentFileName.sanitized(original, fallback: neutral)
        // File systems join words with _ - . and +: the redactor reads words.
        let words = String(safe.map { "_-.+()[]".contains($0) ? " " : $0 })
        // The redactor finds a value where it stands as a word of a text; a file name glues
        // words together (`Mueller_Ausweis`), so each word of the customer's values is looked
        // for inside the name as well, ignoring case and accents.
        let folded = safe.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        if personal.contains(where: { folded.contains($0) }) { return neutral }
        let redacted = Redactor.redact(words, known: known)
        return redacted.replaced.isEmpty && redacted.text == words ? safe : neutral
    }

    /// The words of the customer's name, address, e-mail address and phone number long enough
    /// to identify (three characters or more), folded for comparison.
    static func personalWords(_ customer: PersonalData?) -> [String] {
        guard let customer else { return [] }
        let values = [customer.name, customer.email, customer.phone, customer.postalAddress].compactMap { $0 }
        let words = values.flatMap { $0.split { !$0.isLetter && !$0.isNumber } }.filter { $0.count >= 3 }
        return Array(Set(words.map { String($0).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) })).sorted()
    }

    /// The type a copy declares: the stored one, unless the composer may not send it in base64
    /// (`multipart/*`, `message/*`), which goes as `application/octet-stream`.
    static func sendableType(_ mimeType: String) -> String {
        let parts = mimeType.split(separator: "/", omittingEmptySubsequences: false)
        let token = { (part: Substring) in !part.isEmpty && part.count <= OutgoingAttachment.maxTypeNameLength
            && part.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && !"()<>@,;:\\\"/[]?=".unicodeScalars.contains($0) } }
        guard parts.count == 2, token(parts[0]), token(parts[1]), !["multipart", "message"].contains(parts[0].lowercased()) else {
            return "application/octet-stream"
        }
        return mimeType
    }

    static func attachment(_ runtime: Runtime, ticket id: Int64, index: Int) throws(OperatorError) -> StoredAttachment {
        let stored: [StoredAttachment]
        do { stored = try runtime.database.tickets.attachments(ofTicket: id) } catch { throw .store(error) }
        guard let attachment = stored.first(where: { $0.index == index }) else {
            throw .refused(.noSuchAttachment(ticket: id, index: index, count: stored.count))
        }
        return attachment
    }

    /// Lower-case hex SHA-256.
    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
