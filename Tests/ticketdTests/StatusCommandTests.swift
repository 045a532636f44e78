import Foundation
import TestSupport
import Testing

/// `ticketd status` through the binary, without mail servers: on a fresh database, and after the
/// sample mails were taken in with `ticketd ingest`.
@Suite("ticketd status on the command line")
struct StatusCommandTests {
    static func run(_ arguments: [String], _ fixture: ConfigFixture) throws -> CommandResult {
        try CommandRunner.ticketd(arguments + ["--config", fixture.configPath], environment: ["TICKETD_ACTOR": "agent.anna"])
    }

    static func json(_ fixture: ConfigFixture) throws -> [String: Any] {
        let result = try run(["status", "--json"], fixture)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
    }

    @Test("a fresh database: nothing polled, nothing waiting, a sweep due; exit 0, text and JSON")
    func fresh() throws {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig)
        let text = try Self.run(["status"], fixture)
        #expect(text.status == 0, "\(text.stderr)")
        for line in ["last poll        never: `ticketd serve` has not polled yet", "backlog          unknown (no poll yet)",
                     "outbox           0 pending, 0 held, 0 failed, 0 sent", "quarantine       0 mails",
                     "tickets          0 open, 0 waiting, 0 closed (0 archived)", "legal holds      0 in force",
                     "restricted       0 data subjects (Art. 18)", "next sweep       due now", "server erasures  none pending",
                     "metrics          none (no [metrics] section)"] {
            #expect(text.stdout.contains(line), "'\(line)' missing from:\n\(text.stdout)")
        }
        #expect(text.stderr.isEmpty, "a status run logs nothing: \(text.stderr)")
        let document = try Self.json(fixture)
        #expect(document["last_poll"] is NSNull)
        #expect(document["backlog"] is NSNull)
        #expect(document["poll_interval_seconds"] as? Int == 5)
        #expect(document["stale"] as? Bool == false)
        #expect(document["quarantine"] as? Int == 0)
        #expect((document["outbox"] as? [String: Any])?["pending"] as? Int == 0)
        #expect((document["tickets"] as? [String: Any])?["open"] as? Int == 0)
        #expect((document["sweep"] as? [String: Any])?["due"] as? Bool == true)
        #expect((document["server_erasures"] as? [String: Any])?["pending"] as? Int == 0)
    }

    @Test("after the samples: tickets, quarantine, a queued copy, a hold and a restriction are counted; no personal value is shown")
    func afterSamples() throws {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig)
        let samples = try ExpectedSample.load()
        let ingest = try Self.run(["ingest", (RepositoryPaths.root as NSString).appendingPathComponent("Samples/mail")], fixture)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let tickets = samples.filter { $0.outcome == "ticket" }.count
        let quarantined = samples.count - tickets
        #expect(try Self.run(["ticket", "assign", "1", "--queue", "tv"], fixture).status == 0)
        #expect(try Self.run(["ticket", "close", "2"], fixture).status == 0)
        #expect(try Self.run(["ticket", "hold", "3", "--reason", "Rechtsstreit"], fixture).status == 0)
        let restricted = try #require(samples.first { $0.file.hasPrefix("04-") }?.customer?.email)
        #expect(try Self.run(["subject", "restrict", "--email", restricted], fixture).status == 0)

        let text = try Self.run(["status"], fixture)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("quarantine       \(quarantined) mails"), "\(text.stdout)")
        #expect(text.stdout.contains("outbox           1 pending, 0 held, 0 failed, 0 sent; the oldest pending was queued "), "\(text.stdout)")
        #expect(text.stdout.contains("legal holds      1 in force"))
        #expect(text.stdout.contains("restricted       1 data subject (Art. 18)"))
        let document = try Self.json(fixture)
        let states = try #require(document["tickets"] as? [String: Any])
        #expect(states["open"] as? Int == tickets - 1)
        #expect(states["closed"] as? Int == 1)
        #expect(document["quarantine"] as? Int == quarantined)
        #expect(document["legal_holds"] as? Int == 1)
        #expect(document["restricted_subjects"] as? Int == 1)
        #expect((document["outbox"] as? [String: Any])?["oldest_pending_age_seconds"] as? Int ?? -1 >= 0)
        let shown = text.stdout + (try Self.run(["status", "--json"], fixture).stdout)
        for value in samples.flatMap(\.personal_values) {
            #expect(!shown.contains(value), "status shows a personal value")
        }
    }

    @Test("a configuration it cannot use is an error on standard error that names the fix, exit 1")
    func brokenConfiguration() throws {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig) { $0 + "\n[metrics]\ntextfile = \"nowhere/ticketd.prom\"\n" }
        let result = try Self.run(["status"], fixture)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("metrics.textfile: the directory"), "\(result.stderr)")
        #expect(result.stderr.contains("Fix: create it"))
    }
}
