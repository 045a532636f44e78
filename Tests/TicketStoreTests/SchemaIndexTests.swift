import Foundation
import GRDB
import Testing

/// Erasure must cost what is erased, not what is stored (Benchmarks/sweep.sh): deleting a
/// ticket, subject, outbox item or quarantined mail makes SQLite look up every row that refers to
/// it, and without an index on the referring column that lookup is a scan of the whole table.
@Suite("Schema indexes")
struct SchemaIndexTests {
    @Test("every foreign-key column leads some index, so no ON DELETE action scans a table")
    func foreignKeysAreIndexed() throws {
        let fixture = StoreFixture()
        _ = try fixture.open()
        let queue = try DatabaseQueue(path: fixture.path)
        let unindexed = try queue.read { db in
            var missing: [String] = []
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
            for table in tables {
                let leading = Set(try String.fetchAll(db, sql: "SELECT name FROM pragma_index_list(?)", arguments: [table]).compactMap { index in
                    try String.fetchOne(db, sql: "SELECT name FROM pragma_index_info(?) WHERE seqno = 0", arguments: [index])
                })
                let primaryKey = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) WHERE pk = 1", arguments: [table])
                for column in try String.fetchAll(db, sql: "SELECT \"from\" FROM pragma_foreign_key_list(?)", arguments: [table])
                where !leading.contains(column) && !primaryKey.contains(column) {
                    missing.append("\(table).\(column)")
                }
            }
            return missing
        }
        #expect(unindexed.isEmpty, "foreign-key columns without an index: \(unindexed)")
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0 } > 10, "the check saw the schema")
    }
}
