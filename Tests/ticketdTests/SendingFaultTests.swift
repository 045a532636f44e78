import Foundation
import TestSupport
import Testing

extension SendingTests {
    /// Outgoing mail against a busy, a refusing, an unreachable and a wrongly certified SMTP server.
    @Suite("Sending faults", .serialized)
    struct SendingFaultTests {
        static let extraPartners = """

        [[partners]]
        name = "busy"
        address = "tempfail@example.net"
        reply_domains = ["example.net"]
        purpose = "Test partner whose server answers 450"
        legal_basis = "Art. 6(1)(b) GDPR"
        data_categories = ["problem description"]
        third_country = false

        [[partners]]
        name = "gone"
        address = "rejected@example.net"
        reply_domains = ["example.net"]
        purpose = "Test partner whose server answers 550"
        legal_basis = "Art. 6(1)(b) GDPR"
        data_categories = ["problem description"]
        third_country = false
        """

        static func outbox(_ fixture: ConfigFixture) throws -> [[String: Any]] {
            let result = try ReferenceProcessTests.run(["outbox", "--json"], fixture)
            return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        }

        @Test("4xx is deferred, 5xx fails, an unreachable or wrongly certified server defers; the register lists only delivered transfers")
        func faults() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            servers.reset("support@example.com")
            servers.reset("service@acme.example")
            let fixture = try ReferenceProcessTests.fixture(servers)
            let text = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
            let configured = text.replacingOccurrences(of: "[subject_rights]", with: Self.extraPartners + "\n\n[subject_rights]")
            fixture.directory.write("ticketd.toml", configured, mode: 0o644)
            try servers.deliver([RepositoryPaths.sample("02-")], to: "support@example.com")
            #expect(waitFor(20) { servers.count("support@example.com", mailbox: "INBOX") == 1 })
            #expect(try ReferenceProcessTests.run(["serve", "--once"], fixture).status == 0)

            for partner in ["busy", "gone", "acme"] {
                let result = try ReferenceProcessTests.run(["ticket", "forward", "1", "--partner", partner], fixture)
                #expect(result.status == 0, "\(result.stderr)")
            }
            #expect(try ReferenceProcessTests.run(["serve", "--once"], fixture).status == 0)
            var items = try Self.outbox(fixture)
            let busy = items.first { $0["recipient"] as? String == "busy" }
            #expect(busy?["state"] as? String == "pending")
            #expect(busy?["attempts"] as? Int == 1)
            #expect((busy?["last_error"] as? String)?.contains("450") == true, "\(busy ?? [:])")
            #expect(busy?["next_attempt_at"] != nil)
            let gone = items.first { $0["recipient"] as? String == "gone" }
            #expect(gone?["state"] as? String == "failed")
            #expect((gone?["last_error"] as? String)?.contains("550") == true, "\(gone ?? [:])")
            #expect(items.first { $0["recipient"] as? String == "acme" }?["state"] as? String == "sent")
            let text2 = try ReferenceProcessTests.run(["outbox"], fixture).stdout
            #expect(text2.contains("failed") && text2.contains("pending"))

            // The register lists the one delivered transfer only.
            let register = try JSONSerialization.jsonObject(with: Data(try ReferenceProcessTests.run(["register", "--format", "json"], fixture).stdout.utf8)) as? [String: Any]
            #expect((register?["transfers"] as? [[String: Any]])?.map { $0["partner"] as? String } == ["acme"])

            // The SMTP server unreachable, then a server whose certificate names another host: deferred, never lost.
            let unused = try LoopbackSocket.unusedPort()
            for url in ["smtps://127.0.0.1:\(unused)", "smtps://127.0.0.1:\(servers.port("TICKETD_TEST_SMTPS_WRONG_NAME_PORT"))"] {
                let current = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
                let edited = current.replacingOccurrences(of: "url = \"smtps://127.0.0.1:10465\"", with: "url = \"\(url)\"")
                    .replacingOccurrences(of: "url = \"smtps://127.0.0.1:\(unused)\"", with: "url = \"\(url)\"")
                fixture.directory.write("ticketd.toml", edited, mode: 0o644)
                let before = items.count
                #expect(try ReferenceProcessTests.run(["ticket", "forward", "1", "--partner", "acme"], fixture).status == 0)
                let cycle = try ReferenceProcessTests.run(["serve", "--once"], fixture)
                #expect(cycle.stdout.contains("\"event\":\"mail.deferred\""), "\(url): \(cycle.stdout)")
                items = try Self.outbox(fixture)
                #expect(items.count == before + 1)
                let latest = items.last
                #expect(latest?["state"] as? String == "pending", "\(url): \(latest ?? [:])")
                let error = (latest?["last_error"] as? String ?? "").lowercased()
                #expect(error.contains("connect") || error.contains("tls") || error.contains("certificate"), "\(url): \(error)")
            }
            #expect((try JSONSerialization.jsonObject(with: Data(try ReferenceProcessTests.run(["register", "--format", "json"], fixture).stdout.utf8)) as? [String: Any])?["transfers"].map { ($0 as? [Any])?.count } == 1)
        }
    }
}
