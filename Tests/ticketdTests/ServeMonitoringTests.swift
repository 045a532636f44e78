import Foundation
import TestSupport
import Testing

extension ServeIntegrationTests {
    /// What an operator sees of `serve` besides the log, against the real local Dovecot: the
    /// metrics file for node_exporter and `ticketd status`.
    @Suite("serve writes the metrics file and the status", .serialized)
    struct ServeMonitoringTests {
        /// The samples of a metrics file, by series (`name{labels}`); nil when a line breaks the format.
        static func samples(_ text: String) -> [String: Double]? {
            var samples: [String: Double] = [:]
            var described: Set<String> = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) {
                if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                    let parts = line.split(separator: " ", maxSplits: 3)
                    guard parts.count >= 4 else { return nil }
                    if line.hasPrefix("# TYPE "), !["counter", "gauge"].contains(parts[3]) { return nil }
                    described.insert("\(parts[1]) \(parts[2])")
                    continue
                }
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...].replacingOccurrences(of: "+Inf", with: "inf")) else { return nil }
                let series = String(line[..<space])
                let name = String(series.prefix { $0 != "{" })
                // Every sample follows its family's HELP and TYPE lines.
                guard name.range(of: "^[a-zA-Z_:][a-zA-Z0-9_:]*$", options: .regularExpression) != nil,
                      described.contains("HELP \(name)"), described.contains("TYPE \(name)") else { return nil }
                if series.contains("{"), series.range(of: #"^[a-zA-Z_:][a-zA-Z0-9_:]*\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)+\}$"#, options: .regularExpression) == nil {
                    return nil
                }
                samples[series] = value
            }
            return text.hasSuffix("\n") ? samples : nil
        }

        @Test("after serve --once: the metrics file (0644, valid, counts and timestamps) and status show the poll; a failed poll is recorded too")
        func metricsAndStatus() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            let user = "serve-test@example.com"
            servers.reset(user)
            try servers.deliver([RepositoryPaths.sample("01-"), RepositoryPaths.sample("14-"), RepositoryPaths.sample("02-")], to: user)
            #expect(waitFor(20) { servers.count(user, mailbox: "INBOX") == 3 }, "Postfix did not deliver the three mails")
            let fixture = try ServeIntegrationTests.fixture(user: user, servers: servers) {
                $0 + "\n[metrics]\ntextfile = \"node-exporter/ticketd.prom\"\n"
            }
            fixture.directory.makeDirectory("node-exporter")
            let textfile = fixture.directory.file("node-exporter/ticketd.prom")
            let before = Date()

            let served = try CommandRunner.ticketd(["serve", "--once", "--config", fixture.configPath])
            #expect(served.status == 0, "\(served.stdout)\(served.stderr)")
            let text = try String(contentsOfFile: textfile, encoding: .utf8)
            let metrics = try #require(Self.samples(text), "not the Prometheus text format:\n\(text)")
            #expect(metrics["ticketd_polls_total{result=\"ok\"}"] == 1, "\(text)")
            #expect(metrics["ticketd_polls_total{result=\"failed\"}"] == 0)
            #expect(metrics["ticketd_mails_fetched_total"] == 3)
            #expect(metrics["ticketd_tickets_created_total"] == 2)
            #expect(metrics["ticketd_mails_quarantined_total{reason=\"auto_reply\"}"] == 1)
            #expect(metrics["ticketd_mails_quarantined_total{reason=\"bounce\"}"] == 0)
            #expect(metrics["ticketd_quarantine_entries"] == 1)
            #expect(metrics["ticketd_outbox_pending"] == 0)
            #expect(metrics["ticketd_sweeps_total{result=\"ok\"}"] == 1, "the first start sweeps (none had run)")
            #expect(metrics["ticketd_sweep_tickets_total{action=\"anonymize\"}"] == 0)
            let lastPoll = try #require(metrics["ticketd_poll_last_success_timestamp_seconds"])
            #expect(lastPoll >= before.timeIntervalSince1970 - 1 && lastPoll <= Date().timeIntervalSince1970 + 1)
            #expect(metrics["ticketd_sweep_last_success_timestamp_seconds"] != nil)
            let mode = (try FileManager.default.attributesOfItem(atPath: textfile)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o644, "node_exporter runs as another user: \(String(mode ?? 0, radix: 8))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory.file("node-exporter")) == ["ticketd.prom"],
                    "the temporary file was left behind")

            let status = try CommandRunner.ticketd(["status", "--json", "--config", fixture.configPath])
            #expect(status.status == 0, "\(status.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            let poll = try #require(document["last_poll"] as? [String: Any], "\(status.stdout)")
            #expect(poll["result"] as? String == "ok")
            #expect(poll["fetched"] as? Int == 3 && poll["tickets"] as? Int == 2 && poll["quarantined"] as? Int == 1)
            #expect((poll["seconds_ago"] as? Int ?? -1) >= 0 && (poll["seconds_ago"] as? Int ?? 99) < 60)
            #expect((document["backlog"] as? [String: Any])?["new_at_last_poll"] as? Int == 3)
            #expect((document["backlog"] as? [String: Any])?["left"] as? Int == 0)
            #expect((document["sweep"] as? [String: Any])?["due"] as? Bool == false)
            #expect(document["metrics_textfile"] as? String == textfile)
            let human = try CommandRunner.ticketd(["status", "--config", fixture.configPath]).stdout
            #expect(human.contains("s ago): ok in "), "\(human)")

            // The server goes away (a closed port): the failure is recorded with its class, the last success stays.
            fixture.rewrite { $0.replacingOccurrences(of: "imaps://127.0.0.1:10993", with: "imaps://127.0.0.1:9") }
            let failed = try CommandRunner.ticketd(["serve", "--once", "--config", fixture.configPath])
            #expect(failed.status == 1)
            let afterFailure = try #require(Self.samples(try String(contentsOfFile: textfile, encoding: .utf8)))
            #expect(afterFailure["ticketd_polls_total{result=\"failed\"}"] == 1, "counters start again with the process")
            #expect(afterFailure["ticketd_polls_total{result=\"ok\"}"] == 0)
            #expect(afterFailure["ticketd_poll_last_success_timestamp_seconds"] == lastPoll, "the last success comes from the database")
            let failedStatus = try #require(try JSONSerialization.jsonObject(with: Data(
                try CommandRunner.ticketd(["status", "--json", "--config", fixture.configPath]).stdout.utf8)) as? [String: Any])
            let failedPoll = try #require(failedStatus["last_poll"] as? [String: Any])
            #expect(failedPoll["result"] as? String == "failed")
            #expect(failedPoll["failure_class"] as? String == "imap_connection")
            #expect((failedPoll["failure"] as? String)?.contains("imap.url") == true)
            #expect(failedPoll["consecutive_failures"] as? Int == 1)
            #expect(failedStatus["last_successful_poll"] is [String: Any])
            #expect(failedStatus["backlog"] is NSNull)
            let failedText = try CommandRunner.ticketd(["status", "--config", fixture.configPath]).stdout
            #expect(failedText.contains("FAILED (imap_connection)"), "\(failedText)")
        }
    }
}
