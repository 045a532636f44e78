package import Foundation
import GRDB
package import Privacy

/// Everything ticketd holds about one person, opened: the content of an Art. 15/20 export.
package struct SubjectDossier: Sendable {
    package var pseudonym: Pseudonym
    package var createdAt: Date
    /// Set while processing is restricted (Art. 18).
    package var restrictedAt: Date?
    package var personalData: PersonalData
    package var tickets: [DossierTicket]
    /// Every consent record with its evidence, withdrawn ones included (the history).
    package var consents: [DossierConsent]
    /// Every transfer of one of the person's tickets, delivered or failed.
    package var transfers: [TransferLogEntry]
}

/// One of the person's tickets with its messages opened.
package struct DossierTicket: Sendable {
    package var record: TicketRecord
    package var messages: [StoredMessage]
    /// Until when a legal hold lasts (nil: until released, or no hold).
    package var holdUntil: Date?
}

/// A consent record as evidence (Art. 7(1)).
package struct DossierConsent: Sendable, Hashable {
    package var ticket: Int64?
    package var record: ConsentRecord
}

extension SubjectRepository {
    /// Everything held about the subject, opened with its key.
    ///
    /// Throws ``StoreError/subjectKeyMissing(_:)`` when the subject is erased. Without `messages`
    /// the tickets come without their messages (the privacy portal's overview, which lists them
    /// but opens no text: every text opened is a decryption).
    package func dossier(of subject: SubjectRecord, messages: Bool = true) throws(StoreError) -> SubjectDossier {
        let personalData = try personalData(of: subject.pseudonym)
        let (row, ticketRows, consents) = try database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT created_at, restricted_at FROM subjects WHERE id = ?", arguments: [subject.id])
            let tickets = try Row.fetchAll(db, sql: """
                SELECT t.*, s.pseudonym, s.restricted_at AS subject_restricted_at FROM tickets t JOIN subjects s ON s.id = t.subject_id WHERE t.subject_id = ? ORDER BY t.id
                """, arguments: [subject.id]).map { (try database.ticketRecord($0, in: db), $0["hold_until"] as Int64?) }
            let consents = try Row.fetchAll(db, sql: "SELECT * FROM consents WHERE subject_id = ? ORDER BY at, id", arguments: [subject.id]).map {
                DossierConsent(ticket: $0["ticket_id"], record: TicketDatabase.consentRecord($0))
            }
            return (row, tickets, consents)
        }
        guard let row else { throw StoreError.subjectNotFound(subject.pseudonym.rawValue) }
        var tickets: [DossierTicket] = []
        for (record, holdUntil) in ticketRows {
            tickets.append(DossierTicket(record: record, messages: messages ? try database.tickets.messages(ofTicket: record.id) : [],
                                         holdUntil: holdUntil.map(TicketDatabase.date)))
        }
        let ids = Set(tickets.map(\.record.id))
        return SubjectDossier(
            pseudonym: subject.pseudonym, createdAt: TicketDatabase.date(row["created_at"]), restrictedAt: (row["restricted_at"] as Int64?).map(TicketDatabase.date),
            personalData: personalData, tickets: tickets, consents: consents,
            transfers: try database.register.log(deliveredOnly: false, tickets: tickets.map(\.record.id)).filter { $0.ticket.map(ids.contains) ?? false }
        )
    }
}

extension TicketDatabase {
    /// A consent row as the store reads it.
    static func consentRecord(_ row: Row) -> ConsentRecord {
        ConsentRecord(
            purpose: row["purpose"], granted: (row["granted"] as Int64?).map { $0 == 1 }, at: date(row["at"]),
            sourceMessageID: row["source_message_id"], form: row["form_name"], formVersion: row["form_version"],
            mechanism: row["mechanism"], withdrawnAt: (row["withdrawn_at"] as Int64?).map(date)
        )
    }
}
