package import Foundation
import GRDB

/// A copy a partner received of a ticket whose subject is being erased: what an Art. 19 notice
/// names so that the partner can find and erase it. Nothing in it is personal: our Message-ID
/// of the copy, when the partner's server accepted it, and the partner's name from the register.
package struct RecalledCopy: Sendable, Hashable {
    /// The transfer log's row.
    package var transfer: Int64
    /// The partner's name in the configuration.
    package var partner: String
    /// The address the copy went to (a configured partner address, not personal).
    package var recipient: String
    /// The copy's Message-ID, as the partner's mail system shows it.
    package var messageID: String
    /// When the partner's server accepted the copy.
    package var sentAt: Date

    /// Describes a recalled copy.
    package init(transfer: Int64, partner: String, recipient: String, messageID: String, sentAt: Date) {
        self.transfer = transfer
        self.partner = partner
        self.recipient = recipient
        self.messageID = messageID
        self.sentAt = sentAt
    }
}

/// The notice to one partner, composed by the use case: the store queues it in the erasure's
/// transaction, so that an erasure is never committed without its notices.
package struct ErasureNoticeDraft: Sendable {
    /// The partner's name in the configuration.
    package var partner: String
    /// The envelope recipient (the partner's address).
    package var recipient: String
    /// The notice's own Message-ID.
    package var messageID: String
    /// The composed message; it holds no personal value, so it is kept unsealed.
    package var payload: [UInt8]
    /// The transfers it recalls.
    package var transfers: [Int64]

    /// Describes the notice.
    package init(partner: String, recipient: String, messageID: String, payload: [UInt8], transfers: [Int64]) {
        self.partner = partner
        self.recipient = recipient
        self.messageID = messageID
        self.payload = payload
        self.transfers = transfers
    }
}

/// The outbox kind of an Art. 19 notice.
package let erasureNoticeKind = "erasure_notice"

extension TicketDatabase {
    /// The delivered partner copies of these tickets, by partner and then oldest first.
    func copiesToRecall(tickets: [Int64], in db: Database) throws -> [RecalledCopy] {
        guard !tickets.isEmpty else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT id, partner, recipient, message_id, at FROM transfers
            WHERE ticket_id IN (\(tickets.map(String.init).joined(separator: ","))) AND status = 'delivered' AND message_id IS NOT NULL
            ORDER BY partner, at, id
            """).map { row in
            RecalledCopy(transfer: row["id"], partner: row["partner"], recipient: row["recipient"], messageID: row["message_id"],
                         sentAt: Self.date(row["at"]))
        }
    }

    /// Queues the notices and links each recalled transfer to its notice.
    func queueErasureNotices(_ notices: [ErasureNoticeDraft], at: Int64, in db: Database) throws -> Int {
        for notice in notices {
            try db.execute(sql: """
                INSERT INTO outbox (ticket_id, subject_id, recipient_kind, recipient_name, message_id, payload, payload_sealed, state,
                                    attempts, created_at, kind, recipient_address)
                VALUES (NULL, NULL, 'partner', ?, ?, ?, 0, 'pending', 0, ?, ?, ?)
                """, arguments: [notice.partner, notice.messageID, Data(notice.payload), at, erasureNoticeKind, notice.recipient])
            let outbox = db.lastInsertedRowID
            guard !notice.transfers.isEmpty else { continue }
            try db.execute(sql: """
                UPDATE transfers SET erasure_notice_outbox_id = ? WHERE id IN (\(notice.transfers.map(String.init).joined(separator: ",")))
                """, arguments: [outbox])
        }
        return notices.count
    }
}
