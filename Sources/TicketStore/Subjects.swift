import Foundation
package import MailFormat
package import Privacy
package import Tickets
import GRDB

extension TicketDatabase {
    func insertSubject(_ personalData: PersonalData, email: EmailAddress?, actor: Actor, in db: Database) throws -> SubjectRecord {
        var generator = SystemRandomNumberGenerator()
        var pseudonym = Pseudonym.random(using: &generator)
        while try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM subjects WHERE pseudonym = ?"), arguments: [pseudonym.rawValue]) == true {
            pseudonym = Pseudonym.random(using: &generator)
        }
        let key = SubjectKey.generate(using: &generator)
        let wrapped = try key.wrapped(by: masterKey, owner: pseudonym.rawValue, using: &generator)
        let plaintext = try JSONEncoder.sorted.encode(personalData)
        let sealed = try Sealing.seal(plaintext, with: key, context: Self.personalDataContext(pseudonym), using: &generator)
        let at = nowMilliseconds()
        try db.executeCached(
            sql: """
            INSERT INTO subjects (pseudonym, email_lookup, personal_data, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?)
            """,
            arguments: [pseudonym.rawValue, email.map { lookupKey.digest(of: $0) }, sealed, at, at]
        )
        let id = db.lastInsertedRowID
        try db.executeCached(
            sql: "INSERT INTO subject_keys (subject_id, wrapped_key, created_at) VALUES (?, ?, ?)",
            arguments: [id, wrapped, at]
        )
        try appendAudit(
            AuditDraft(actor: actor, action: "subject.created", subject: pseudonym.rawValue,
                       fields: personalData.presentFields.map(\.rawValue)),
            in: db
        )
        return SubjectRecord(id: id, pseudonym: pseudonym, isRestricted: false)
    }

    func subjectKey(subjectID: Int64, pseudonym: Pseudonym, in db: Database) throws -> SubjectKey {
        guard let wrapped = try Data.fetchOne(db.cachedStatement(sql: "SELECT wrapped_key FROM subject_keys WHERE subject_id = ?"), arguments: [subjectID]) else {
            throw StoreError.subjectKeyMissing(pseudonym.rawValue)
        }
        do {
            return try SubjectKey(unwrapping: wrapped, with: masterKey, owner: pseudonym.rawValue)
        } catch {
            throw StoreError.sealedDataUnreadable(what: "key of \(pseudonym)", reason: error.description)
        }
    }

    static func personalDataContext(_ pseudonym: Pseudonym) -> SealContext {
        SealContext(record: "subject", field: "personal_data", owner: pseudonym.rawValue)
    }

    static func subjectRecord(_ row: Row) -> SubjectRecord? {
        guard let pseudonym = Pseudonym(rawValue: row["pseudonym"]) else { return nil }
        return SubjectRecord(id: row["id"], pseudonym: pseudonym, isRestricted: row["restricted_at"] as Int64? != nil)
    }
}

extension SubjectRepository {
    /// Creates a data subject: a fresh key wrapped by the master key, the personal data sealed
    /// under it, a keyed lookup hash of the address, and an audit event naming the fields.
    package func create(
        _ personalData: PersonalData,
        email: EmailAddress?,
        actor: Actor
    ) throws(StoreError) -> SubjectRecord {
        try database.write { db in try database.insertSubject(personalData, email: email, actor: actor, in: db) }
    }

    /// Finds a subject by e-mail address through the keyed lookup hash.
    package func find(email: EmailAddress) throws(StoreError) -> SubjectRecord? {
        let digest = database.lookupKey.digest(of: email)
        return try database.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT id, pseudonym, restricted_at FROM subjects WHERE email_lookup = ?"), arguments: [digest])
                .flatMap(TicketDatabase.subjectRecord)
        }
    }

    /// Finds a subject by pseudonym.
    package func find(pseudonym: Pseudonym) throws(StoreError) -> SubjectRecord? {
        try database.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT id, pseudonym, restricted_at FROM subjects WHERE pseudonym = ?"), arguments: [pseudonym.rawValue])
                .flatMap(TicketDatabase.subjectRecord)
        }
    }

    /// Opens a subject's sealed personal data.
    ///
    /// Throws ``StoreError/subjectKeyMissing(_:)`` once the subject is erased: without its key
    /// nothing sealed for it can be read, wherever a copy of the ciphertext survives.
    package func personalData(of pseudonym: Pseudonym) throws(StoreError) -> PersonalData {
        let (key, sealed) = try database.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, personal_data FROM subjects WHERE pseudonym = ?"), arguments: [pseudonym.rawValue]) else {
                throw StoreError.subjectKeyMissing(pseudonym.rawValue)
            }
            let key = try database.subjectKey(subjectID: row["id"], pseudonym: pseudonym, in: db)
            return (key, row["personal_data"] as Data)
        }
        do {
            let plaintext = try Sealing.open(sealed, with: key, context: TicketDatabase.personalDataContext(pseudonym))
            return try JSONDecoder().decode(PersonalData.self, from: plaintext)
        } catch {
            throw StoreError.sealedDataUnreadable(what: "personal data of \(pseudonym)", reason: ErrorCause.of(error))
        }
    }
}
