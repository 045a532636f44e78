import MailFormat
import Tickets
import TicketStore

extension TicketView.Document {
    /// One attachment in `ticket show`: for the agent with its name, size and SHA-256; for every
    /// other role only its number and media type (the name is personal, and the bytes never
    /// leave the agents).
    struct Attachment: Encodable {
        var index: Int
        var media_type: String
        /// The agent's fields; nil for other roles, and then absent from the JSON.
        var detail: Detail?

        struct Detail {
            var file_name: String?
            var size: Int
            /// nil once the bytes are erased.
            var sha256: String?
        }

        func encode(to encoder: any Encoder) throws {
            enum Key: String, CodingKey { case index, file_name, media_type, size, sha256 }
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(index, forKey: .index)
            if let detail { try container.encode(detail.file_name, forKey: .file_name) }
            try container.encode(media_type, forKey: .media_type)
            if let detail {
                try container.encode(detail.size, forKey: .size)
                try container.encode(detail.sha256, forKey: .sha256)
            }
        }
    }
}

extension TicketView {
    /// The ticket's attachments as `role` may see them.
    static func attachments(_ runtime: Runtime, ticket: Int64, role: Role) throws(StoreError) -> [Document.Attachment] {
        guard role == .agent else {
            return try runtime.database.tickets.attachmentTypes(ofTicket: ticket).map { Document.Attachment(index: $0.index, media_type: $0.mimeType) }
        }
        return try runtime.database.tickets.attachments(ofTicket: ticket).map { stored in
            Document.Attachment(index: stored.index, media_type: stored.mimeType, detail: .init(
                file_name: stored.filename, size: stored.size, sha256: stored.data.map(TicketAttachments.sha256)
            ))
        }
    }

    /// The text lines: for the agent one line per file, its name escaped so that no control or
    /// bidi character reaches the terminal; for others the count and the media types.
    static func attachmentLines(_ attachments: [Document.Attachment]?) -> [String] {
        guard let attachments, !attachments.isEmpty else { return attachments == nil ? [] : ["Attachments: none"] }
        guard attachments.contains(where: { $0.detail != nil }) else {
            return ["Attachments: \(attachments.count) (\(attachments.map(\.media_type).joined(separator: ", ")))"]
        }
        return ["Attachments: \(attachments.count) (`ticketd ticket attachment ID N --out PATH` writes one)"] + attachments.map { attachment in
            let detail = attachment.detail
            let name = detail?.file_name.map { "\"\(AttachmentFileName.displayed($0))\"" } ?? "(no name)"
            return "  \(attachment.index)  \(name)  \(attachment.media_type)  \(detail?.size ?? 0) bytes  "
                + (detail?.sha256.map { "sha256 \($0)" } ?? "(erased)")
        }
    }
}
