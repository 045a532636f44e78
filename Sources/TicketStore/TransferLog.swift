package import Foundation
import GRDB
import Privacy
import MailFormat
import Tickets

/// A registered transfer: what the Art. 30 log records once the partner's server said 250.
package struct TransferDraft: Sendable {
    package var partner: String
    package var recipient: String
    package var purpose: String
    package var legalBasis: String
    package var dataCategories: [String]
    package var thirdCountry: Bool
    package var pseudonym: String

    /// Describes the transfer.
    package init(partner: String, recipient: String, purpose: String, legalBasis: String, dataCategories: [String], thirdCountry: Bool, pseudonym: String) {
        self.partner = partner
        self.recipient = recipient
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.dataCategories = dataCategories
        self.thirdCountry = thirdCountry
        self.pseudonym = pseudonym
    }
}

/// One line of the transfer log.
package struct TransferLogEntry: Sendable, Hashable {
    package var ticket: Int64?
    package var partner: String
    package var recipient: String
    package var at: Date
    package var purpose: String
    package var legalBasis: String
    package var dataCategories: [String]
    package var thirdCountry: Bool
    package var pseudonym: String?
    package var messageID: String?
    package var payloadSHA256: String?
    package var status: String
    /// Its subject was erased and the partner is asked to erase the copy (Art. 19): queued, or
    /// sent at this time.
    package var erasureNotice: ErasureNoticeState?
}

/// Where an Art. 19 notice about a transfer stands.
package enum ErasureNoticeState: Sendable, Hashable {
    /// Queued in the outbox, not yet accepted by the partner's server.
    case queued
    /// The partner's server accepted it at this time.
    case sent(Date)
}

extension TransferRegister {
    /// The Art. 30 transfer log, oldest first; with `deliveredOnly`, failed transfers are left out;
    /// with `tickets`, only the transfers of those tickets (one person's, read by its index).
    package func log(deliveredOnly: Bool, tickets: [Int64]? = nil) throws(StoreError) -> [TransferLogEntry] {
        var conditions = deliveredOnly ? ["status = 'delivered'"] : []
        if let tickets { conditions.append("ticket_id IN (\(tickets.isEmpty ? "NULL" : tickets.map(String.init).joined(separator: ",")))") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM transfers \(filter) ORDER BY at, id").map { row in
                let categoriesText: String = row["data_categories"]
                return TransferLogEntry(
                    ticket: row["ticket_id"], partner: row["partner"], recipient: row["recipient"], at: TicketDatabase.date(row["at"]),
                    purpose: row["purpose"], legalBasis: row["legal_basis"],
                    dataCategories: (try? JSONDecoder().decode([String].self, from: Data(categoriesText.utf8))) ?? [],
                    thirdCountry: (row["third_country"] as Int64) == 1, pseudonym: row["subject_pseudonym"], messageID: row["message_id"], payloadSHA256: row["payload_sha256"], status: row["status"],
                    erasureNotice: (row["erasure_notified_at"] as Int64?).map { .sent(TicketDatabase.date($0)) }
                        ?? ((row["erasure_notice_outbox_id"] as Int64?) == nil ? nil : .queued)
                )
            }
        }
    }
}
