import Foundation
import GRDB
package import Privacy
package import Tickets

extension TicketDatabase {
    /// Opens a subject's sealed personal data, lets `change` edit it (returning the fields it
    /// changed), and seals it again with an audit event naming those fields; nothing is written
    /// when no field changed.
    @discardableResult
    func amendPersonalData(
        of subject: SubjectRecord, action: String, actor: Actor, in db: Database, _ change: (inout PersonalData) -> [PersonalField]
    ) throws -> [PersonalField] {
        guard let sealed = try Data.fetchOne(db, sql: "SELECT personal_data FROM subjects WHERE id = ?", arguments: [subject.id]) else {
            throw StoreError.subjectNotFound(subject.pseudonym.rawValue)
        }
        let key = try subjectKey(subjectID: subject.id, pseudonym: subject.pseudonym, in: db)
        let context = Self.personalDataContext(subject.pseudonym)
        var data = try JSONDecoder().decode(PersonalData.self, from: Sealing.open(sealed, with: key, context: context))
        let changed = change(&data)
        guard !changed.isEmpty else { return [] }
        var generator = SystemRandomNumberGenerator()
        let resealed = try Sealing.seal(JSONEncoder.sorted.encode(data), with: key, context: context, using: &generator)
        try db.execute(sql: "UPDATE subjects SET personal_data = ?, updated_at = ? WHERE id = ?", arguments: [resealed, nowMilliseconds(), subject.id])
        try appendAudit(AuditDraft(actor: actor, action: action, subject: subject.pseudonym.rawValue, fields: changed.map(\.rawValue)), in: db)
        return changed
    }
}

extension SubjectRepository {
    /// Corrects a subject's sealed personal data (Art. 16) with the values the person gave and
    /// returns the fields that changed. The address is not among them: it is what the person is
    /// recognised and verified by, so a new one comes with a request from that address.
    package func rectify(_ subject: SubjectRecord, with values: RectificationValues, actor: Actor) throws(StoreError) -> [PersonalField] {
        try database.write { db in
            try database.amendPersonalData(of: subject, action: "subject.rectified", actor: actor, in: db) { data in
                var correctable = values
                correctable.values[.email] = nil
                let before = data
                data = correctable.applied(to: data)
                var changed: [PersonalField] = []
                if data.name != before.name { changed.append(.name) }
                if data.phone != before.phone { changed.append(.phone) }
                if data.postalAddress != before.postalAddress { changed.append(.postalAddress) }
                return changed
            }
        }
    }
}
