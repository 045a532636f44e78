import Foundation
import GRDB
package import Privacy
package import Tickets

extension TicketDatabase {
    /// Corrects a subject's sealed personal data (Art. 16) with the values the person gave and
    /// returns the fields that changed. The address is not among them: it is what the person is
    /// recognised and verified by, so a new one comes with a request from that address.
    package func rectify(_ subject: SubjectRecord, with values: RectificationValues, actor: Actor) throws(StoreError) -> [PersonalField] {
        try write { db in
            guard let sealed = try Data.fetchOne(db, sql: "SELECT personal_data FROM subjects WHERE id = ?", arguments: [subject.id]) else {
                throw StoreError.subjectNotFound(subject.pseudonym.rawValue)
            }
            let key = try subjectKey(subjectID: subject.id, pseudonym: subject.pseudonym, in: db)
            let context = Self.personalDataContext(subject.pseudonym)
            let before = try JSONDecoder().decode(PersonalData.self, from: Sealing.open(sealed, with: key, context: context))
            var correctable = values
            correctable.values[.email] = nil
            let after = correctable.applied(to: before)
            var changed: [PersonalField] = []
            if after.name != before.name { changed.append(.name) }
            if after.phone != before.phone { changed.append(.phone) }
            if after.postalAddress != before.postalAddress { changed.append(.postalAddress) }
            guard !changed.isEmpty else { return [] }
            var generator = SystemRandomNumberGenerator()
            let resealed = try Sealing.seal(JSONEncoder.sorted.encode(after), with: key, context: context, using: &generator)
            try db.execute(sql: "UPDATE subjects SET personal_data = ?, updated_at = ? WHERE id = ?", arguments: [resealed, nowMilliseconds(), subject.id])
            try appendAudit(AuditDraft(actor: actor, action: "subject.rectified", subject: subject.pseudonym.rawValue, fields: changed.map(\.rawValue)), in: db)
            return changed
        }
    }
}
