package import Foundation
package import Privacy
import GRDB

/// The SQLite database that holds tickets, sealed personal data, the register and the audit trail.
///
/// Opening it checks everything an operator can get wrong before anything is written (a missing
/// or read-only directory, a read-only file, a file that is not a database, a database from a
/// newer ticketd, the wrong master key) and fails with a ``StoreError`` that says what to do.
/// Every connection runs in WAL mode with `secure_delete=ON`, foreign keys on and a busy timeout.
///
/// Blocking SQLite work runs on GRDB's own dispatch queues, never on Swift's cooperative pool
/// when called through the `async` methods.
package final class TicketDatabase: Sendable {
    /// The database file.
    package let path: String
    let pool: DatabasePool
    let masterKey: MasterKey
    let lookupKey: EmailLookupKey
    let suppressionKey: EmailLookupKey
    /// The store's clock (tests pass a fixed one).
    package let now: @Sendable () -> Date

    /// Opens (creating it when missing) the database at `path`.
    ///
    /// - Parameters:
    ///   - path: the database file; its directory must exist.
    ///   - masterKey: wraps the subject keys; the database remembers its fingerprint.
    ///   - busyTimeout: how long a write waits for another writer before failing.
    ///   - now: the clock for audit events and record times (tests pass a fixed one).
    package init(
        path: String,
        masterKey: MasterKey,
        busyTimeout: TimeInterval = 5,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(StoreError) {
        let existed = try DatabaseFile.preflight(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "ticketd"
        configuration.prepareDatabase { db in
            // Freed pages and cells are overwritten with zeros, so erased data does not linger
            // in the file's free space.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // Every commit reaches the disk before it returns: a fetched mail is moved away on the
            // server only after its ticket is committed, so a commit lost to a power cut would be
            // a lost mail. (WAL with NORMAL survives a process crash, not a power cut.)
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // The WAL is cut back to this size after each checkpoint rather than left at its peak.
            try db.execute(sql: "PRAGMA journal_size_limit = 4194304")
            guard try Int.fetchOne(db, sql: "PRAGMA secure_delete") == 1 else {
                throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "secure_delete could not be turned on")
            }
        }
        do {
            self.pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            if !existed { DatabaseFile.removeCreated(path) }
            throw StoreError(error, path: path)
        }
        self.path = path
        self.masterKey = masterKey
        self.lookupKey = EmailLookupKey(master: masterKey)
        self.suppressionKey = .marketingSuppression(master: masterKey)
        self.now = now
        do {
            let migrator = Schema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) { throw StoreError.schemaTooNew(path) }
            try migrator.migrate(pool)
            try pool.write { db in
                try Self.checkFingerprint(db, masterKey: masterKey, path: path)
                // A new database holds nothing an older redactor made.
                if !existed { try Self.setMeta(Self.redactionVersionKey, String(Redactor.version), in: db) }
            }
        } catch {
            throw StoreError(error, path: path)
        }
        if !existed { DatabaseFile.restrictPermissions(path) }
    }

    /// Checkpoints the WAL into the database and truncates it to zero bytes.
    ///
    /// After an erasure this is what makes the erased pages leave the WAL. It returns false when
    /// a reader kept the checkpoint from completing (the next one will).
    @discardableResult
    package func checkpointTruncatingWAL() throws(StoreError) -> Bool {
        do {
            return try pool.writeWithoutTransaction { db in
                let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                return (row?[0] as Int?) == 0
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// Runs a write transaction and maps every failure to a ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// Runs a read and maps every failure to a ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// The current time in the store's milliseconds.
    func nowMilliseconds() -> Int64 { Self.milliseconds(now()) }

    private static func checkFingerprint(_ db: Database, masterKey: MasterKey, path: String) throws {
        let found = masterKey.fingerprint
        if let expected = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'master_key_fingerprint'") {
            if expected != found {
                throw StoreError.masterKeyMismatch(database: path, expected: expected, found: found)
            }
        } else {
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('master_key_fingerprint', ?)", arguments: [found])
        }
    }
}

extension StoreError {
    /// Maps a GRDB or SQLite failure to the operator's terms.
    init(_ error: any Error, path: String) {
        if let storeError = error as? StoreError {
            self = storeError
            return
        }
        guard let databaseError = error as? DatabaseError else {
            self = .sqlite(code: -1, message: ErrorCause.of(error))
            return
        }
        switch databaseError.resultCode {
        case .SQLITE_READONLY: self = .readOnly(path)
        case .SQLITE_NOTADB: self = .notADatabase(path)
        case .SQLITE_CORRUPT: self = .corrupt(path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path)
        case .SQLITE_CANTOPEN: self = .readOnly(path)
        default:
            // SQLite's own message can quote a statement or name what it choked on; the result
            // code's fixed text (sqlite3_errstr) names the cause without any of it.
            self = .sqlite(code: databaseError.resultCode.rawValue, message: Self.cause(databaseError.extendedResultCode, path: path))
        }
    }

    /// A SQLite result code with its fixed text and what the operator can do about it.
    static func cause(_ code: ResultCode, path: String) -> String {
        let fix = switch code.primaryResultCode {
        case .SQLITE_FULL: "the disk that holds \(path) is full: free space there and run the command again"
        case .SQLITE_IOERR: "the disk reported an input/output error: check the file system that holds \(path) (dmesg), and restore the last backup if the database is damaged"
        case .SQLITE_CONSTRAINT: "a change broke a rule of the database schema, which is a bug in ticketd: the change was not made; report this code"
        case .SQLITE_NOMEM: "SQLite ran out of memory: give the ticketd service more memory (MemoryMax=) and run the command again"
        default: "run `sqlite3 \(path) 'PRAGMA integrity_check'`; if it answers ok, run the command again and report this code if it recurs"
        }
        return "result code \(code): \(fix)"
    }
}

extension Database {
    /// Runs one statement through the connection's statement cache: the ingest path runs the same
    /// few statements for every mail, and compiling them again each time was a third of the store's work.
    /// Only for SQL whose text never changes (no interpolated lists), or the cache grows without bound.
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
