import Foundation
import GRDB
package import MailFormat
import Privacy
package import Tickets

/// What a consent withdrawal changed (Art. 7(3)).
package struct ConsentWithdrawal: Sendable, Hashable {
    /// Consent records marked withdrawn now (0 when none was in force: the call is idempotent).
    package var withdrawn: Int
    /// Open tickets restricted because processing consent was withdrawn.
    package var ticketsRestricted: [Int64]
    /// Whether the address was added to the marketing suppression list now (false if it was on it).
    package var suppressionAdded: Bool
}

extension TicketDatabase {
    static let restrictionHoldReason = "the customer's data is restricted (Art. 18 GDPR)"
    static let withdrawalHoldReason = "the customer withdrew the processing consent (Art. 7(3) GDPR)"

    /// Holds the pending outgoing mail about a subject; returns how many items.
    @discardableResult
    func holdPendingMail(subject: Int64, reason: String, tickets: [Int64]? = nil, in db: Database) throws -> Int {
        let scope = tickets.map { "ticket_id IN (\($0.isEmpty ? "-1" : $0.map(String.init).joined(separator: ",")))" }
            ?? "(subject_id = \(subject) OR ticket_id IN (SELECT id FROM tickets WHERE subject_id = \(subject)))"
        try db.execute(sql: "UPDATE outbox SET state = 'held', hold_reason = ? WHERE state = 'pending' AND \(scope)", arguments: [reason])
        return db.changesCount
    }
}

extension SubjectRepository {
    /// Restricts (Art. 18) or lifts the restriction of a subject. Restricted data appears in no
    /// list and no view but the agent's archive view, and in no outgoing copy: pending mail about
    /// the person is held, and released again when the restriction is lifted.
    ///
    /// Returns whether anything changed; either way the request is recorded in the audit trail.
    package func setRestriction(of subject: SubjectRecord, restricted: Bool, actor: Actor) throws(StoreError) -> Bool {
        try database.write { db in
            let now = database.nowMilliseconds()
            if restricted {
                try db.execute(sql: "UPDATE subjects SET restricted_at = ?, updated_at = ? WHERE id = ? AND restricted_at IS NULL", arguments: [now, now, subject.id])
            } else {
                try db.execute(sql: "UPDATE subjects SET restricted_at = NULL, updated_at = ? WHERE id = ? AND restricted_at IS NOT NULL", arguments: [now, subject.id])
            }
            let changed = db.changesCount == 1
            var mail = 0
            if restricted {
                mail = try database.holdPendingMail(subject: subject.id, reason: TicketDatabase.restrictionHoldReason, in: db)
            } else if changed {
                try db.execute(sql: """
                    UPDATE outbox SET state = 'pending', hold_reason = NULL
                    WHERE state = 'held' AND hold_reason = ? AND (subject_id = ? OR ticket_id IN (SELECT id FROM tickets WHERE subject_id = ?))
                    """, arguments: [TicketDatabase.restrictionHoldReason, subject.id, subject.id])
                mail = db.changesCount
            }
            try database.appendAudit(AuditDraft(
                actor: actor, action: restricted ? "subject.restricted" : "subject.unrestricted", subject: subject.pseudonym.rawValue,
                details: ["changed": "\(changed)", restricted ? "mail_held" : "mail_released": "\(mail)"]
            ), in: db)
            return changed
        }
    }

    /// Withdraws a consent (Art. 7(3)), effective at once.
    ///
    /// - processing: the person's open tickets are restricted (agents only, no copies) and their
    ///   pending copies held.
    /// - marketing: the address also goes on the suppression list, which outlives the person's
    ///   erasure, so that it is never used for marketing again.
    ///
    /// `subject` is nil when ticketd holds nothing about the address; a marketing withdrawal still
    /// suppresses it. Idempotent: a second call changes nothing and says so in the audit trail.
    package func withdrawConsent(purpose: String, subject: SubjectRecord?, email: EmailAddress, actor: Actor) throws(StoreError) -> ConsentWithdrawal {
        try database.write { db in
            let now = database.nowMilliseconds()
            var withdrawal = ConsentWithdrawal(withdrawn: 0, ticketsRestricted: [], suppressionAdded: false)
            if let subject {
                try db.execute(sql: """
                    UPDATE consents SET withdrawn_at = ? WHERE subject_id = ? AND purpose = ? AND granted = 1 AND withdrawn_at IS NULL
                    """, arguments: [now, subject.id, purpose])
                withdrawal.withdrawn = db.changesCount
                if purpose == "processing" {
                    withdrawal.ticketsRestricted = try Int64.fetchAll(db, sql: """
                        SELECT id FROM tickets WHERE subject_id = ? AND state <> 'closed' AND restricted = 0 ORDER BY id
                        """, arguments: [subject.id])
                    if !withdrawal.ticketsRestricted.isEmpty {
                        try db.execute(sql: "UPDATE tickets SET restricted = 1 WHERE id IN (\(withdrawal.ticketsRestricted.map(String.init).joined(separator: ",")))")
                        try database.holdPendingMail(subject: subject.id, reason: TicketDatabase.withdrawalHoldReason, tickets: withdrawal.ticketsRestricted, in: db)
                    }
                }
            }
            if purpose == "marketing" {
                try db.execute(sql: "INSERT OR IGNORE INTO marketing_suppressions (lookup, at) VALUES (?, ?)",
                               arguments: [database.suppressionKey.digest(of: email), now])
                withdrawal.suppressionAdded = db.changesCount == 1
            }
            try database.appendAudit(AuditDraft(
                actor: actor, action: "consent.withdrawn", subject: subject?.pseudonym.rawValue,
                details: ["purpose": purpose, "known": "\(subject != nil)", "withdrawn": "\(withdrawal.withdrawn)",
                          "tickets_restricted": withdrawal.ticketsRestricted.map(String.init).joined(separator: ","),
                          "suppression_added": "\(withdrawal.suppressionAdded)"]
            ), in: db)
            return withdrawal
        }
    }

    /// Whether an address is on the marketing suppression list.
    package func isSuppressedForMarketing(_ email: EmailAddress) throws(StoreError) -> Bool {
        let digest = database.suppressionKey.digest(of: email)
        return try database.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM marketing_suppressions WHERE lookup = ?", arguments: [digest]) ?? false }
    }
}
