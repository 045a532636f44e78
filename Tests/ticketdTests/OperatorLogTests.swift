import Foundation
import TestSupport
import Testing

extension SendingTests {
    /// The operator's view of a whole demo run (the flow of Scripts/demo.sh) at the debug level,
    /// against the real local Dovecot and Postfix: every log line is one JSON object with `ts`,
    /// `level` and `event`, the mail's life can be followed by ticket and pseudonym, and no line
    /// holds a personal value of the sample mails.
    @Suite("The log of a demo run", .serialized)
    struct OperatorLogTests {
        static let support = "support@example.com", queue = "tv-team@example.com", partner = "service@acme.example"

        /// One log line, parsed: the command that wrote it, the priority and the object.
        struct Line {
            var command: String
            var text: String
            var priority: Int
            var object: [String: Any]
            var event: String { object["event"] as? String ?? "" }
        }

        /// Every string inside a parsed JSON value (keys included), to search them decoded as well.
        static func strings(_ value: Any) -> [String] {
            switch value {
            case let text as String: [text]
            case let object as [String: Any]: object.keys.map { $0 } + object.values.flatMap(strings)
            case let list as [Any]: list.flatMap(strings)
            default: []
            }
        }

        @Test("every log line parses as JSON with ts, level and event, follows the mail by ticket and pseudonym, and holds no personal value")
        func demoLog() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            let samples = try ExpectedSample.load()
            for user in [Self.support, Self.queue, Self.partner] { servers.reset(user) }
            let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig) {
                $0.replacingOccurrences(of: "ca_file = \"\"", with: "ca_file = \"\(servers.caFile)\"")
                    .replacingOccurrences(of: "level = \"info\"", with: "level = \"debug\"")
                    + "\n[metrics]\ntextfile = \"metrics/ticketd.prom\"\n"
            }
            fixture.directory.makeDirectory("metrics")
            let password = try String(contentsOfFile: servers.passwordFile(of: Self.support), encoding: .utf8)
            fixture.directory.write("imap.password", password)
            fixture.directory.write("smtp.password", password)

            // The demo's mail: every sample, sent through Postfix as the outside world sends it.
            let mailDirectory = (RepositoryPaths.root as NSString).appendingPathComponent("Samples/mail")
            let files = try FileManager.default.contentsOfDirectory(atPath: mailDirectory).filter { $0.hasSuffix(".eml") }.sorted()
                .map { (mailDirectory as NSString).appendingPathComponent($0) }
            try servers.deliver(files, to: Self.support, from: "customer@example.org")
            #expect(waitFor(30) { servers.count(Self.support, mailbox: "INBOX") == files.count }, "Postfix did not deliver the samples")

            // The daemon logs to standard output, every other command to standard error.
            var lines: [Line] = []
            var unparsed: [String] = []
            var outputs = ""
            func run(_ arguments: [String], expectSuccess: Bool = true) throws -> CommandResult {
                let result = try CommandRunner.ticketd(arguments + ["--config", fixture.configPath], environment: ["TICKETD_ACTOR": "agent.anna"])
                if expectSuccess { #expect(result.status == 0, "\(arguments): \(result.stderr)") }
                let command = arguments.prefix(2).joined(separator: " ")
                let log = arguments.first == "serve" ? result.stdout : result.stderr
                for text in log.split(separator: "\n").map(String.init) where !text.isEmpty {
                    guard text.hasPrefix("<"), let close = text.firstIndex(of: ">"), let priority = Int(text[text.index(after: text.startIndex)..<close]),
                          let object = try? JSONSerialization.jsonObject(with: Data(text[text.index(after: close)...].utf8)) as? [String: Any] else {
                        unparsed.append("\(command): \(text)")
                        continue
                    }
                    lines.append(Line(command: command, text: text, priority: priority, object: object))
                }
                // The agent's views show the customer by design; status is for operators and must not.
                if arguments.first == "status" { outputs += result.stdout }
                return result
            }

            _ = try run(["config", "check"])
            _ = try run(["serve", "--once"])
            _ = try run(["tickets"])
            let shown = try run(["ticket", "show", "1", "--json"])
            // Postfix delivers in its own order, so which sample became ticket 1 is read from the ticket (as the demo does).
            let ticket = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            let customer = try #require((ticket["customer"] as? [String: Any])?["email"] as? String)
            _ = try run(["ticket", "show", "1"])
            _ = try run(["ticket", "show", "1", "--as", "department"])
            _ = try run(["quarantine"])
            // The server's own copies taken in again: each is recognised (mail.duplicate), nothing is doubled.
            _ = try run(["ingest", (servers.maildir(of: Self.support) as NSString).appendingPathComponent(".Processed")])
            _ = try run(["serve", "--once"])
            _ = try run(["ticket", "assign", "1", "--queue", "tv"])
            _ = try run(["ticket", "forward", "1", "--partner", "acme", "--note", "Bitte prüfen Sie die WLAN-Kompatibilität."])
            _ = try run(["serve", "--once"])
            _ = try run(["outbox"])
            _ = try run(["register"])
            _ = try run(["audit", "log", "--ticket", "1"])
            _ = try run(["audit", "verify"])
            // A ticket whose period is over, swept as if 100 days had passed (it also expunges the old server copies).
            _ = try run(["ticket", "close", "2"])
            let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(100 * 86_400))
            _ = try run(["sweep", "--now", later])
            // The customer of ticket 1 exports their data (printed by design: only its log counts), is erased, exports again.
            _ = try run(["subject", "export", "--email", customer])
            _ = try run(["subject", "erase", "--email", customer])
            _ = try run(["subject", "export", "--email", customer, "--json"])
            _ = try run(["serve", "--once"])
            _ = try run(["audit", "verify"])
            _ = try run(["status"])
            _ = try run(["status", "--json"])

            // 1. Every line is a journald priority and one JSON object with ts, level and event.
            #expect(unparsed.isEmpty, "lines that are not JSON log lines:\n\(unparsed.joined(separator: "\n"))")
            #expect(lines.count > 60, "\(lines.count) lines")
            let priorities = ["debug": 7, "info": 6, "notice": 5, "warning": 4, "error": 3, "critical": 2]
            for line in lines {
                #expect(line.object["ts"] is String && line.object["level"] is String && !line.event.isEmpty, "\(line.command): \(line.text)")
                #expect(priorities[line.object["level"] as? String ?? ""] == line.priority, "\(line.text)")
                #expect(line.event.range(of: #"^[a-z_]+(\.[a-z_]+)+$"#, options: .regularExpression) != nil, "not a stable dotted name: \(line.event)")
            }

            // 2. No personal value of the samples in any line, in the status or in the metrics.
            let metrics = (try? String(contentsOfFile: fixture.directory.file("metrics/ticketd.prom"), encoding: .utf8)) ?? ""
            #expect(metrics.contains("ticketd_polls_total{result=\"ok\"} 1"), "\(metrics)")
            let values = Set(samples.flatMap(\.personal_values).flatMap { [$0, $0.lowercased()] })
            for line in lines {
                let decoded = Self.strings(line.object).joined(separator: "\n")
                for value in values where line.text.contains(value) || decoded.contains(value) {
                    Issue.record("a personal value in the log of \(line.command): event \(line.event)")
                }
            }
            for value in values where outputs.contains(value) || metrics.contains(value) {
                Issue.record("a personal value in the status or in the metrics")
            }

            // 3. The mail's life, step by step, with its join keys.
            let events = Set(lines.map(\.event))
            for event in ["serve.started", "mail.fetched", "ticket.created", "consent.recorded", "mail.quarantined", "poll.finished",
                          "mail.duplicate", "ingest.finished", "outbox.queued", "mail.sent", "transfer.sent", "outbox.finished", "ticket.closed", "sweep.started",
                          "sweep.applied", "sweep.finished", "subject.erased", "subject.erasure_notice_sent", "audit.verified"] {
                #expect(events.contains(event), "no \(event) line")
            }
            let fetched = Set(lines.filter { $0.event == "mail.fetched" }.compactMap { $0.object["uid"] as? Int })
            #expect(fetched.count == files.count)
            for line in lines where ["ticket.created", "consent.recorded", "outbox.queued", "mail.sent", "transfer.sent", "ticket.closed"].contains(line.event) {
                #expect(line.object["ticket"] is Int, "\(line.text)")
                #expect((line.object["subject"] as? String)?.hasPrefix("S-") == true, "\(line.text)")
            }
            for line in lines where ["ticket.created", "mail.quarantined"].contains(line.event) && line.command == "serve --once" {
                #expect(fetched.contains(line.object["uid"] as? Int ?? -1), "no mail.fetched with the uid of \(line.text)")
            }
            let created = lines.filter { $0.event == "ticket.created" }
            #expect(created.count == samples.filter { $0.outcome == "ticket" }.count)
            #expect(lines.filter { $0.event == "mail.quarantined" }.count == samples.filter { $0.outcome != "ticket" }.count)
            let first = try #require(created.first { $0.object["ticket"] as? Int == 1 })
            let pseudonym = try #require(first.object["subject"] as? String)
            // The ticket's steps carry the same two keys, so `jq 'select(.ticket == 1)'` or the pseudonym follows it.
            for event in ["consent.recorded", "outbox.queued", "mail.sent", "transfer.sent"] {
                #expect(lines.contains { $0.event == event && $0.object["ticket"] as? Int == 1 && $0.object["subject"] as? String == pseudonym },
                        "\(event) for ticket 1 with its pseudonym")
            }
            #expect(lines.contains { $0.event == "subject.erased" && $0.object["subject"] as? String == pseudonym })
        }
    }
}
