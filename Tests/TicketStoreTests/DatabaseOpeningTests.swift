import Foundation
import GRDB
import Privacy
import TestSupport
import Testing
import TicketStore
import Tickets

@Suite("Opening the database fails clearly and leaves nothing half-written")
struct DatabaseOpeningTests {
    @Test("a new database is WAL, secure_delete, foreign keys, owner-only")
    func pragmas() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        _ = try database.subjects.create(MadeUpPeople.max, email: nil, actor: .system("ingest"))
        let queue = try DatabaseQueue(path: fixture.path)
        let mode = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        var status = stat()
        stat(fixture.path, &status)
        #expect(status.st_mode & 0o077 == 0)
    }

    @Test("a missing directory is named, and nothing is created")
    func missingDirectory() throws {
        let fixture = StoreFixture()
        let path = fixture.directory.file("does-not-exist/ticketd.sqlite3")
        #expect(throws: StoreError.directoryMissing(directory: fixture.directory.file("does-not-exist"), database: path)) {
            try fixture.open(at: path)
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.file("does-not-exist")))
        let message = StoreError.directoryMissing(directory: "/x", database: "/x/db").description
        #expect(message.contains("does not exist") && message.contains("create the directory"))
    }

    @Test("a read-only database is refused before anything is written")
    func readOnly() throws {
        let fixture = StoreFixture()
        do {
            let database = try fixture.open()
            _ = try database.subjects.create(MadeUpPeople.max, email: nil, actor: .system("ingest"))
            try database.checkpointTruncatingWAL()
        }
        for suffix in ["-wal", "-shm"] { unlink(fixture.path + suffix) }
        chmod(fixture.path, 0o400)
        let before = FileBytes.snapshot(fixture.path)
        #expect(throws: StoreError.readOnly(fixture.path)) { try fixture.open() }
        #expect(FileBytes.snapshot(fixture.path) == before)
        #expect(!FileManager.default.fileExists(atPath: fixture.path + "-wal"))
        #expect(StoreError.readOnly(fixture.path).description.contains("chmod 600"))
    }

    @Test("a read-only directory is refused")
    func readOnlyDirectory() throws {
        let fixture = StoreFixture()
        let directory = fixture.directory.makeDirectory("locked")
        chmod(directory, 0o500)
        #expect(throws: StoreError.directoryNotWritable(directory: directory)) { try fixture.open(at: directory + "/ticketd.sqlite3") }
        #expect(!FileManager.default.fileExists(atPath: directory + "/ticketd.sqlite3"))
    }

    @Test("a directory in place of the database file is refused")
    func pathIsDirectory() throws {
        let fixture = StoreFixture()
        let directory = fixture.directory.makeDirectory("a-directory")
        #expect(throws: StoreError.pathIsDirectory(directory)) { try fixture.open(at: directory) }
    }

    @Test("a file that is not a database is refused and left as it was")
    func notADatabase() throws {
        let fixture = StoreFixture()
        let path = fixture.directory.write("notes.txt", String(repeating: "These are an operator's notes, not a database.\n", count: 200))
        let before = FileBytes.snapshot(path)
        #expect(throws: StoreError.notADatabase(path)) { try fixture.open(at: path) }
        #expect(FileBytes.snapshot(path) == before)
    }

    @Test("the wrong master key is refused at once")
    func wrongMasterKey() throws {
        let fixture = StoreFixture()
        let original = try fixture.open()
        let expected = fixture.masterKey.fingerprint
        _ = original
        let other = try MasterKey(bytes: Data(repeating: 0xAB, count: 32))
        #expect(throws: StoreError.masterKeyMismatch(database: fixture.path, expected: expected, found: other.fingerprint)) {
            try fixture.open(key: other)
        }
    }

    @Test("a database from a newer ticketd is refused")
    func newerSchema() throws {
        let fixture = StoreFixture()
        _ = try fixture.open()
        try DatabaseQueue(path: fixture.path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.schemaTooNew(fixture.path)) { try fixture.open() }
    }

    @Test("reopening keeps the data")
    func reopen() throws {
        let fixture = StoreFixture()
        let pseudonym = try fixture.open().subjects.create(MadeUpPeople.max, email: nil, actor: .system("ingest")).pseudonym
        #expect(try fixture.open().subjects.personalData(of: pseudonym) == MadeUpPeople.max)
    }
}
