package import Foundation
import Privacy
import Tickets
import GRDB

/// A message as it enters a ticket: the full content is sealed, the redacted text is kept clear.
package struct NewMessage: Sendable {
    /// Whether the mail came in, went out, or is an agent's note.
    package enum Direction: String, Sendable { case inbound, outbound, note }

    package var direction: Direction
    package var fromRole: String
    package var messageID: String?
    package var raw: Data?
    package var text: String
    package var redactedText: String

    /// Describes a message; `raw` and `text` are personal data and will be sealed.
    package init(direction: Direction, fromRole: String, messageID: String?, raw: Data?, text: String, redactedText: String) {
        self.direction = direction
        self.fromRole = fromRole
        self.messageID = messageID
        self.raw = raw
        self.text = text
        self.redactedText = redactedText
    }
}

/// A message read back for the agent: the sealed text opened, or nil when the subject was erased.
package struct StoredMessage: Sendable, Hashable {
    package var id: Int64
    package var direction: String
    package var fromRole: String
    package var at: Date
    package var text: String?
    package var redactedText: String
    /// The subject line, opened; nil when the subject was erased or the message has none.
    package var subjectLine: String?
    /// The message's Message-ID (without brackets).
    package var messageID: String?
}

extension TicketDatabase {
    /// Inserts a message and returns the names of the personal fields it sealed.
    func insertMessage(_ message: NewMessage, ticket: Int64, subject: SubjectRecord, at: Int64, in db: Database) throws -> [String] {
        try db.executeCached(
            sql: """
            INSERT INTO messages (ticket_id, subject_id, direction, from_role, at, message_id, redacted_text)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            arguments: [ticket, subject.id, message.direction.rawValue, message.fromRole, at, message.messageID, message.redactedText]
        )
        let id = db.lastInsertedRowID
        // The row id is bound into the seal, so a sealed text cannot be moved to another message.
        var generator = SystemRandomNumberGenerator()
        let key = try subjectKey(subjectID: subject.id, pseudonym: subject.pseudonym, in: db)
        let text = try Sealing.seal(Data(message.text.utf8), with: key, context: Self.messageContext(id: id, field: "text", subject.pseudonym), using: &generator)
        var raw: Data?
        if let bytes = message.raw {
            raw = try Sealing.seal(bytes, with: key, context: Self.messageContext(id: id, field: "raw", subject.pseudonym), using: &generator)
        }
        try db.executeCached(sql: "UPDATE messages SET sealed_text = ?, sealed_raw = ? WHERE id = ?", arguments: [text, raw, id])
        return raw == nil ? [PersonalField.messageText.rawValue] : [PersonalField.rawMail.rawValue, PersonalField.messageText.rawValue]
    }

    static func messageContext(id: Int64, field: String, _ pseudonym: Pseudonym) -> SealContext {
        SealContext(record: "message/\(id)", field: field, owner: pseudonym.rawValue)
    }
}

extension TicketRepository {
    /// The messages of a ticket in order, with their sealed text opened where the key still exists.
    package func messages(ofTicket ticket: Int64) throws(StoreError) -> [StoredMessage] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT m.id, m.direction, m.from_role, m.at, m.sealed_text, m.sealed_subject, m.redacted_text, m.message_id, s.id AS sid, s.pseudonym
                FROM messages m LEFT JOIN subjects s ON s.id = m.subject_id
                WHERE m.ticket_id = ? ORDER BY m.at, m.id
                """, arguments: [ticket])
            return try rows.map { row in
                var text: String?
                var subjectLine: String?
                if let sealed = row["sealed_text"] as Data?, let sid = row["sid"] as Int64?,
                   let pseudonym = Pseudonym(rawValue: row["pseudonym"]) {
                    let key = try database.subjectKey(subjectID: sid, pseudonym: pseudonym, in: db)
                    let id: Int64 = row["id"]
                    let plaintext = try Sealing.open(sealed, with: key, context: TicketDatabase.messageContext(id: id, field: "text", pseudonym))
                    text = String(decoding: plaintext, as: UTF8.self)
                    if let sealedSubject = row["sealed_subject"] as Data? {
                        let opened = try Sealing.open(sealedSubject, with: key, context: TicketDatabase.messageContext(id: id, field: "subject", pseudonym))
                        subjectLine = String(decoding: opened, as: UTF8.self)
                    }
                }
                return StoredMessage(
                    id: row["id"], direction: row["direction"], fromRole: row["from_role"],
                    at: TicketDatabase.date(row["at"]),
                    text: text, redactedText: row["redacted_text"], subjectLine: subjectLine, messageID: row["message_id"]
                )
            }
        }
    }

    /// The subject line of the ticket's first message as the customer wrote it, opened; nil when
    /// the customer's data is erased or the message had no subject sealed.
    package func originalSubjectLine(ofTicket ticket: Int64) throws(StoreError) -> String? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT m.id, m.sealed_subject, s.id AS sid, s.pseudonym
                FROM messages m JOIN subjects s ON s.id = m.subject_id
                WHERE m.ticket_id = ? ORDER BY m.at, m.id LIMIT 1
                """, arguments: [ticket]),
                let sealed = row["sealed_subject"] as Data?, let sid = row["sid"] as Int64?,
                let pseudonym = Pseudonym(rawValue: row["pseudonym"]) else { return nil }
            let key = try database.subjectKey(subjectID: sid, pseudonym: pseudonym, in: db)
            let opened = try Sealing.open(sealed, with: key, context: TicketDatabase.messageContext(id: row["id"], field: "subject", pseudonym))
            return String(decoding: opened, as: UTF8.self)
        }
    }

    /// How many attachments the ticket's messages carry (they stay behind in every copy).
    package func attachmentCount(ofTicket ticket: Int64) throws(StoreError) -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.ticket_id = ?", arguments: [ticket]) ?? 0
        }
    }
}
