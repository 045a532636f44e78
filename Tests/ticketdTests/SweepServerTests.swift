import Foundation
import TestSupport
import Testing

extension ServeIntegrationTests {
    /// `ticketd sweep` against the real local Dovecot: the processed copies older than
    /// `purge_processed_after` go, through the same code as in every poll of `serve`. Nested here
    /// because it shares the serve-test mailbox with the other tests of the suite, one at a time.
    @Suite("sweep expunges old processed copies on the server", .serialized)
    struct SweepServerTests {
        @Test("old processed copies: counted by a dry run and left, expunged by the sweep, younger ones kept")
        func expungesOldCopies() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            let user = "serve-test@example.com"
            servers.reset(user)
            try servers.drop((1...3).map { ServeIntegrationTests.numberedMail($0) }, into: user, tag: "sweepold", ageDays: 30)
            try servers.drop((4...5).map { ServeIntegrationTests.numberedMail($0) }, into: user, tag: "sweepnew")
            #expect(waitFor(30) { servers.count(user, mailbox: "INBOX") == 5 })
            // The poll keeps copies for 60 days, so all five stay in Processed after it.
            let fixture = try ServeIntegrationTests.fixture(user: user, servers: servers) {
                $0.replacingOccurrences(of: "purge_processed_after = \"P7D\"", with: "purge_processed_after = \"P60D\"")
            }
            let serve = try CommandRunner.ticketd(["serve", "--once", "--config", fixture.configPath])
            #expect(serve.status == 0, "\(serve.stdout)")
            #expect(serve.stdout.contains("\"purged\":0"))
            #expect(servers.count(user, mailbox: "Processed") == 5)

            // Now a week: three copies are 30 days old.
            fixture.rewrite { $0.replacingOccurrences(of: "purge_processed_after = \"P60D\"", with: "purge_processed_after = \"P7D\"") }
            let dry = try CommandRunner.ticketd(["sweep", "--dry-run", "--config", fixture.configPath])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("3 processed copies would be expunged from the IMAP server"), "\(dry.stdout)")
            #expect(servers.count(user, mailbox: "Processed") == 5, "a dry run expunged something")

            let sweep = try CommandRunner.ticketd(["sweep", "--config", fixture.configPath])
            #expect(sweep.status == 0, "\(sweep.stderr)")
            #expect(sweep.stdout.contains("3 processed copies expunged from the IMAP server"), "\(sweep.stdout)")
            #expect(servers.count(user, mailbox: "Processed") == 2)
            #expect(servers.count(user, mailbox: "INBOX") == 0)
            #expect(try ServeIntegrationTests.jsonList(["tickets"], fixture).count == 5, "the tickets stay; only the server's copies go")

            let log = try CommandRunner.ticketd(["audit", "log", "--json", "--config", fixture.configPath])
            let entries = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]] ?? []
            let finished = entries.filter { $0["action"] as? String == "sweep.finished" }.compactMap { $0["details"] as? [String: String] }
            #expect(finished.last?["processed_copies_expunged"] == "3", "\(finished)")

            let again = try CommandRunner.ticketd(["sweep", "--config", fixture.configPath])
            #expect(again.status == 0 && again.stdout.contains("0 processed copies expunged"), "\(again.stdout)")
            #expect(servers.count(user, mailbox: "Processed") == 2)
        }
    }
}

/// `ticketd sweep` when the IMAP server cannot be reached: no mail server is needed for that.
@Suite("sweep with an unreachable IMAP server")
struct SweepUnreachableServerTests {
    @Test("the database part is done, the failure is logged and reported with its fix, and the command fails")
    func unreachable() throws {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig) {
            // Port 9 (discard) is closed on this machine: connection refused.
            $0.replacingOccurrences(of: "imaps://127.0.0.1:10993", with: "imaps://127.0.0.1:9")
        }
        func run(_ arguments: [String]) throws -> CommandResult {
            try CommandRunner.ticketd(arguments + ["--config", fixture.configPath], environment: ["TICKETD_ACTOR": "agent.anna"])
        }
        #expect(try run(["ingest", RepositoryPaths.sample("01-")]).status == 0)
        #expect(try run(["ticket", "close", "1"]).status == 0)
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(400 * 86_400))

        let dry = try run(["sweep", "--dry-run", "--now", later])
        #expect(dry.status != 0)
        #expect(dry.stdout.contains("1 ticket due") && dry.stdout.contains("NOT counted"), "\(dry.stdout)")

        let sweep = try run(["sweep", "--now", later])
        #expect(sweep.status != 0)
        #expect(sweep.stdout.contains("ticket_personal_data/anonymize 1") && sweep.stdout.contains("NOT expunged"), "\(sweep.stdout)")
        let error = sweep.stderr.split(separator: "\n").first { $0.hasPrefix("error: ") } ?? ""
        for words in ["database part of the sweep is done", "IMAP connection failed", "127.0.0.1", "Check imap.url", "run `ticketd sweep` again"] {
            #expect(error.contains(words), "'\(words)' missing from \(error)")
        }
        #expect(sweep.stderr.contains("\"event\":\"sweep.processed_copies_failed\""), "\(sweep.stderr)")

        let ticket = try JSONSerialization.jsonObject(with: Data(try run(["ticket", "show", "1", "--json"]).stdout.utf8)) as? [String: Any]
        #expect(ticket?["customer"] == nil, "the database part was not done")
        let log = try run(["audit", "log"]).stdout
        #expect(log.contains("sweep.finished") && log.contains("processed_copies=failed"))
        for value in ["Testmann", "joerg.testmann", "55501001"] { #expect(!(sweep.stdout + sweep.stderr + log).contains(value)) }
    }
}
