import Foundation
import GRDB
import TestSupport
import Testing

/// Group commit in `ticketd ingest`: batches of `[limits] ingest_batch` mails in one transaction,
/// and what happens when the database refuses one mail of a batch. The refusal is a real SQLite
/// error, raised by a trigger the test adds to the real database file.
@Suite("Group commit: batches, and a mail the store refuses", .serialized)
struct GroupCommitTests {
    /// Twelve numbered mails in a directory, with files named in their order.
    static func corpus(_ directory: TemporaryDirectory, count: Int = 12) -> String {
        let folder = directory.file("mails")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for number in 1...count {
            let path = (folder as NSString).appendingPathComponent(String(format: "%03d.eml", number))
            _ = FileManager.default.createFile(atPath: path, contents: Data(ServeIntegrationTests.numberedMail(number)))
        }
        return folder
    }

    @Test("a batch the store refuses is taken mail by mail: the refused mail waits sealed as store_refused, the others become tickets")
    func refusedMail() throws {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig)
        fixture.rewrite { $0.replacingOccurrences(of: "[limits]\n", with: "[limits]\ningest_batch = 5\n") }
        let mails = Self.corpus(fixture.directory)
        // The database is made by a first run on nothing; then mail 7's message row is refused.
        let empty = fixture.directory.file("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, empty]).status == 0)
        try DatabaseQueue(path: fixture.databasePath).write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_mail_7 BEFORE INSERT ON messages WHEN NEW.message_id = 'crash-7@example.org'
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                """)
        }

        let first = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, mails])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("12 mails: 11 tickets, 1 quarantined (store_refused 1), 0 duplicates, 0 failed"), "\(first.stdout)")
        // The batch of mails 6-10 failed as a whole and was taken again one by one.
        #expect(first.stderr.contains("\"event\":\"ingest.batch_failed\""), "\(first.stderr)")
        #expect(first.stderr.contains("\"event\":\"ingest.mail_refused\""), "\(first.stderr)")
        #expect(!first.stderr.contains("Kunde Nummer"), "a log line names the sender")

        let tickets = try ServeIntegrationTests.jsonList(["tickets"], fixture)
        let numbers = tickets.compactMap { ($0["title"] as? String)?.split(separator: "#").last.flatMap { Int($0) } }
        #expect(numbers.sorted() == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12], "tickets in the order of the mails: \(numbers)")
        let quarantine = try ServeIntegrationTests.jsonList(["quarantine"], fixture)
        #expect(quarantine.compactMap { $0["reason"] as? String } == ["store_refused"])

        // Taken in again, every mail is known, the refused one too.
        let second = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, mails])
        #expect(second.stdout.contains("12 mails: 0 tickets, 0 quarantined, 12 duplicates"), "\(second.stdout)")
        let verify = try CommandRunner.ticketd(["audit", "verify", "--config", fixture.configPath])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("batch sizes do not change what is stored: 1, 5 and 100 mails per transaction give the same tickets in the same order")
    func batchSizes() throws {
        var results: [[String]] = []
        for size in [1, 5, 100] {
            let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig)
            fixture.rewrite { $0.replacingOccurrences(of: "[limits]\n", with: "[limits]\ningest_batch = \(size)\n") }
            let result = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, Self.corpus(fixture.directory, count: 23)])
            #expect(result.stdout.contains("23 mails: 23 tickets"), "batch \(size): \(result.stdout)")
            let tickets = try ServeIntegrationTests.jsonList(["tickets"], fixture)
            results.append(tickets.map { "\($0["id"] ?? "") \($0["title"] ?? "")" })
        }
        #expect(results[0].count == 23)
        #expect(results[0] == results[1] && results[1] == results[2])
    }
}
