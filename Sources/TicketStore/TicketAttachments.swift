import Foundation
import GRDB
import Privacy

/// An attachment of a ticket as the store keeps it: type and size in the clear, the name and
/// the bytes opened from their seal (nil once the person they belong to is erased).
package struct StoredAttachment: Sendable, Hashable {
    /// 1-based, in the order the mails came in and the files stood in each: the number an agent
    /// passes to `ticket attachment` and `ticket forward --attach`.
    package var index: Int
    /// The media type as the sender declared it (it may lie: it is a label, not a verdict).
    package var mimeType: String
    /// The size in bytes.
    package var size: Int
    /// The sender's file name, if the part named one. Personal data: never a path, never in a
    /// log, error or audit event.
    package var filename: String?
    /// The bytes; nil when they were erased.
    package var data: [UInt8]?
}

extension TicketRepository {
    /// The ticket's attachments in order, without opening anything: what roles other than the
    /// agents may learn (how many, which media types).
    package func attachmentTypes(ofTicket ticket: Int64) throws(StoreError) -> [(index: Int, mimeType: String)] {
        try database.read { db in
            try Row.fetchAll(db, sql: Self.attachmentsSQL(columns: "a.mime_type"), arguments: [ticket]).enumerated().map { offset, row in
                (index: offset + 1, mimeType: row["mime_type"] as String)
            }
        }
    }

    /// The ticket's attachments in order with their names and bytes opened (for the agent).
    package func attachments(ofTicket ticket: Int64) throws(StoreError) -> [StoredAttachment] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: Self.attachmentsSQL(columns: "a.id, a.mime_type, a.size, a.sealed_filename, a.sealed_data, s.id AS sid, s.pseudonym"),
                                        arguments: [ticket])
            return try rows.enumerated().map { offset, row in
                var attachment = StoredAttachment(index: offset + 1, mimeType: row["mime_type"], size: Int(row["size"] as Int64))
                // The seal binds the row id and the owner: bytes moved to another row do not open.
                if let sid = row["sid"] as Int64?, let pseudonym = Pseudonym(rawValue: row["pseudonym"]) {
                    let key = try database.subjectKey(subjectID: sid, pseudonym: pseudonym, in: db)
                    let id: Int64 = row["id"]
                    if let sealed = row["sealed_filename"] as Data? {
                        let opened = try Sealing.open(sealed, with: key, context: Self.attachmentContext(id: id, field: "filename", pseudonym))
                        attachment.filename = String(decoding: opened, as: UTF8.self)
                    }
                    if let sealed = row["sealed_data"] as Data? {
                        attachment.data = Array(try Sealing.open(sealed, with: key, context: Self.attachmentContext(id: id, field: "data", pseudonym)))
                    }
                }
                return attachment
            }
        }
    }

    /// The attachments of all the ticket's messages, in the order of the messages and of the
    /// files within each (the ingest inserts them in document order).
    static func attachmentsSQL(columns: String) -> String {
        """
        SELECT \(columns) FROM attachments a JOIN messages m ON m.id = a.message_id LEFT JOIN subjects s ON s.id = m.subject_id
        WHERE m.ticket_id = ? ORDER BY m.at, m.id, a.id
        """
    }

    /// The seal's context, as ``TicketDatabase`` uses it when the mail is taken in.
    static func attachmentContext(id: Int64, field: String, _ pseudonym: Pseudonym) -> SealContext {
        SealContext(record: "attachment/\(id)", field: field, owner: pseudonym.rawValue)
    }
}
