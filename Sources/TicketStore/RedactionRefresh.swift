import Foundation
import GRDB
import Privacy
package import Tickets

/// What one run of ``TicketDatabase/refreshRedactions(version:batch:actor:)`` did (counts only).
package struct RedactionRefreshReport: Sendable, Hashable {
    /// Inbound messages whose redacted text and subject were computed again.
    package var messages = 0
    /// Of these, the ones whose redacted text or subject came out different.
    package var changed = 0
    /// Pseudonymized copies still waiting in the outbox that were held, since an older redactor built them.
    package var heldCopies = 0
    /// Whether every message is now redacted by `version` (false: run again to go on).
    package var finished = false

    package init(messages: Int = 0, changed: Int = 0, heldCopies: Int = 0, finished: Bool = false) {
        self.messages = messages
        self.changed = changed
        self.heldCopies = heldCopies
        self.finished = finished
    }
}

extension TicketDatabase {
    static let redactionVersionKey = "redaction.version"
    static let redactionCursorKey = "redaction.cursor"

    /// Holds the copies for queues and partners that wait in the outbox: an older redactor built
    /// them. The agent reads the new copy with `--preview` and releases or sends anew.
    func holdCopiesOfOlderRedactor(in db: Database) throws -> Int {
        try db.execute(sql: """
            UPDATE outbox SET state = 'held', hold_reason = ?
            WHERE state = 'pending' AND recipient_kind IN ('queue', 'partner')
            """, arguments: ["built by an earlier redactor than the one now installed: compare it with `ticketd ticket forward|assign ID ... --preview`, then `ticketd outbox --release ID` or forward anew"])
        return db.changesCount
    }
}

extension RedactionVersions {
    /// The redactor version the stored redacted texts were made with (1 before versions were kept).
    package func storedVersion() throws(StoreError) -> Int {
        try database.read { db in Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [TicketDatabase.redactionVersionKey]) ?? "") ?? 1 }
    }

    /// Computes the redacted text and subject of every stored inbound message again with the
    /// current redactor, which other roles read instead of the sealed original, so that tickets
    /// taken in before a better redactor benefit from it.
    ///
    /// In batches of `batch` messages, each in a transaction of its own with the position reached
    /// (`meta` `redaction.cursor`), so an interrupted run goes on where it stopped; at most
    /// `limit` batches per call (nil: all). Each batch is audited with its counts
    /// (`redaction.refreshed`). When the last batch is done, `version` is recorded, and
    /// pseudonymized copies for queues and partners still waiting in the outbox — built by the
    /// older redactor — are held for an agent (`redaction.copies_held`). A message of an erased
    /// person (no subject any more) keeps its redacted text, which held no value of theirs to begin with.
    package func refresh(version: Int, batch: Int = 500, limit: Int? = nil, actor: Actor) throws(StoreError) -> RedactionRefreshReport {
        var report = RedactionRefreshReport()
        guard try storedVersion() < version else {
            report.finished = true
            return report
        }
        var batches = 0
        while limit.map({ batches < $0 }) ?? true {
            let (done, counted, changed) = try database.write { db -> (Bool, Int, Int) in
                let cursor = Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [TicketDatabase.redactionCursorKey]) ?? "") ?? 0
                let rows = try Row.fetchAll(db, sql: """
                    SELECT m.id, m.sealed_text, m.sealed_subject, m.redacted_text, m.redacted_subject, s.id AS sid, s.pseudonym, s.personal_data
                    FROM messages m JOIN subjects s ON s.id = m.subject_id
                    WHERE m.id > ? AND m.direction = 'inbound' AND m.sealed_text IS NOT NULL ORDER BY m.id LIMIT ?
                    """, arguments: [cursor, batch])
                var changed = 0
                for row in rows {
                    guard let pseudonym = Pseudonym(rawValue: row["pseudonym"]) else { continue }
                    let id: Int64 = row["id"]
                    let key = try database.subjectKey(subjectID: row["sid"], pseudonym: pseudonym, in: db)
                    let known = try JSONDecoder().decode(PersonalData.self, from: Sealing.open(row["personal_data"], with: key, context: TicketDatabase.personalDataContext(pseudonym)))
                    let text = String(decoding: try Sealing.open(row["sealed_text"], with: key, context: TicketDatabase.messageContext(id: id, field: "text", pseudonym)), as: UTF8.self)
                    let subject = try (row["sealed_subject"] as Data?).map {
                        String(decoding: try Sealing.open($0, with: key, context: TicketDatabase.messageContext(id: id, field: "subject", pseudonym)), as: UTF8.self)
                    } ?? ""
                    let redacted = Redactor.redact([subject, text], known: Redactor.Known(known))
                    if redacted[1].text != row["redacted_text"] || redacted[0].text != row["redacted_subject"] {
                        changed += 1
                        try db.execute(sql: "UPDATE messages SET redacted_text = ?, redacted_subject = ? WHERE id = ?",
                                       arguments: [redacted[1].text, redacted[0].text, id])
                    }
                }
                let finished = rows.count < batch
                if let last = rows.last { try TicketDatabase.setMeta(TicketDatabase.redactionCursorKey, String(last["id"] as Int64), in: db) }
                if !rows.isEmpty {
                    try database.appendAudit(AuditDraft(actor: actor, action: "redaction.refreshed", details: [
                        "messages": "\(rows.count)", "changed": "\(changed)", "version": "\(version)",
                    ]), in: db)
                }
                if finished {
                    try TicketDatabase.setMeta(TicketDatabase.redactionVersionKey, String(version), in: db)
                    try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [TicketDatabase.redactionCursorKey])
                    let held = try database.holdCopiesOfOlderRedactor(in: db)
                    report.heldCopies = held
                    if held > 0 {
                        try database.appendAudit(AuditDraft(actor: actor, action: "redaction.copies_held", details: ["copies": "\(held)", "version": "\(version)"]), in: db)
                    }
                }
                return (finished, rows.count, changed)
            }
            report.messages += counted
            report.changed += changed
            batches += 1
            if done {
                report.finished = true
                break
            }
        }
        return report
    }
}
