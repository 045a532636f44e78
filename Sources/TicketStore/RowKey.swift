import Foundation
import GRDB
import Privacy

/// A key that belongs to one row (a quarantined mail, a queue of server erasures, a request),
/// wrapped by the master key and stored in that row: deleting the row shreds what it sealed.
struct RowKey {
    /// The name bound into the wrapping and into every seal, unique in its table (`Q-…`, `E-…`, `R-…`).
    var owner: String
    var key: SubjectKey
    var wrapped: Data

    /// A fresh key for a new row of `table`, whose `key_owner` column must stay unique.
    static func make(prefix: String, table: String, masterKey: MasterKey, in db: Database) throws -> RowKey {
        var generator = SystemRandomNumberGenerator()
        var owner = prefix + "-" + Pseudonym.random(using: &generator).rawValue.dropFirst(2)
        while try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE key_owner = ?", arguments: [owner]) == true {
            owner = prefix + "-" + Pseudonym.random(using: &generator).rawValue.dropFirst(2)
        }
        let key = SubjectKey.generate(using: &generator)
        return RowKey(owner: owner, key: key, wrapped: try key.wrapped(by: masterKey, owner: owner, using: &generator))
    }

    /// Seals `plaintext` under the row's key, bound to `record` and `field`.
    func seal(_ plaintext: some DataProtocol, record: String, field: String) throws -> Data {
        var generator = SystemRandomNumberGenerator()
        return try Sealing.seal(plaintext, with: key, context: SealContext(record: record, field: field, owner: owner), using: &generator)
    }

    /// Opens what ``seal(_:record:field:)`` sealed with the same record and field.
    func open(_ sealed: Data, record: String, field: String) throws -> Data {
        try Sealing.open(sealed, with: key, context: SealContext(record: record, field: field, owner: owner))
    }
}

extension RowKey {
    /// The key of a stored row, from its `key_owner` and `wrapped_key` columns; nil once the key
    /// is shredded (an empty `wrapped_key`).
    init?(stored row: Row, masterKey: MasterKey) throws {
        let wrapped: Data = row["wrapped_key"]
        guard !wrapped.isEmpty else { return nil }
        let owner: String = row["key_owner"]
        self.init(owner: owner, key: try SubjectKey(unwrapping: wrapped, with: masterKey, owner: owner), wrapped: wrapped)
    }
}
