import Foundation
import GRDB
package import MailFormat
package import Tickets
import Privacy

extension SubjectRepository {
    /// Records a consent the person gives themselves (issue 18: the marketing switch in the privacy
    /// portal), as a new consent record with `mechanism` as its evidence, so that the history keeps
    /// every earlier answer and withdrawal. For marketing it also takes the address off the
    /// suppression list: the list honours a withdrawal or objection, and this is the person's own,
    /// later and explicit wish. Idempotent: a purpose already given and in force is left alone.
    ///
    /// Returns whether a record was added.
    package func giveConsent(purpose: String, subject: SubjectRecord, email: EmailAddress, mechanism: String, actor: Actor) throws(StoreError) -> Bool {
        try database.write { db in
            let inForce = try Bool.fetchOne(db, sql: """
                SELECT granted = 1 AND withdrawn_at IS NULL FROM consents WHERE subject_id = ? AND purpose = ? ORDER BY at DESC, id DESC LIMIT 1
                """, arguments: [subject.id, purpose]) ?? false
            guard !inForce else { return false }
            let now = database.nowMilliseconds()
            try db.execute(sql: "INSERT INTO consents (subject_id, ticket_id, purpose, granted, at, mechanism) VALUES (?, NULL, ?, 1, ?, ?)",
                           arguments: [subject.id, purpose, now, mechanism])
            var lifted = false
            if purpose == "marketing" {
                try db.execute(sql: "DELETE FROM marketing_suppressions WHERE lookup = ?", arguments: [database.suppressionKey.digest(of: email)])
                lifted = db.changesCount > 0
            }
            try database.appendAudit(AuditDraft(
                actor: actor, action: "consent.given", subject: subject.pseudonym.rawValue,
                details: ["purpose": purpose, "mechanism": mechanism, "suppression_lifted": "\(lifted)"]
            ), in: db)
            return true
        }
    }
}
