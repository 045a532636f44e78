import Foundation
import GRDB
import TestSupport
import Testing

/// Issue 17's integrations through the real daemon: an administrator makes API tokens on the
/// socket, an integration comes in with one over the TLS listener, and the daemon holds it to its
/// scope, its expiry and its revocation. The listener speaks TLS 1.2 or newer and nothing else.
///
/// Part of the socket's suite, which runs its tests one after another: they share the Unix users,
/// and useradd/usermod from two tests at once race on /etc/group.
extension StaffSocketTests {
    static let tokenMailbox = "api-token-test@example.com"

    /// A self-signed certificate for 127.0.0.1, made with openssl for this test.
    struct Certificate {
        let directory: String
        var certificate: String { directory + "/api.crt" }
        var key: String { directory + "/api.key" }

        init() throws {
            directory = "/tmp/ticketd-tls-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let made = Shell.run("/usr/bin/openssl", [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=ticketd test", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory + "/api.key", "-out", directory + "/api.crt",
            ])
            try #require(made.status == 0, "openssl: \(made.output)")
            chmod(directory + "/api.key", 0o600)
        }
    }

    /// `curl` against the TLS listener; the status and body, or curl's exit status (negative).
    static func https(_ path: String, port: Int, certificate: Certificate, token: String?) -> (status: Int, body: String, output: String) {
        var arguments = ["--silent", "--show-error", "--max-time", "20", "--cacert", certificate.certificate, "--write-out", "\n%{http_code}"]
        if let token { arguments += ["--header", "Authorization: Bearer \(token)"] }
        let result = Shell.run("/usr/bin/curl", arguments + ["https://127.0.0.1:\(port)\(path)"])
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        guard result.status == 0, let last = lines.last, let code = Int(last) else { return (-Int(result.status), "", result.output) }
        return (code, lines.dropLast().joined(separator: "\n"), result.output)
    }

    @Test("API tokens on the TLS listener: a token scoped to one queue reads that queue only, in its own view; revoked and expired tokens are refused and audited; plaintext and TLS 1.1 get no answer")
    func tokensOnTheTLSListener() throws {
        let certificate = try Certificate()
        defer { try? FileManager.default.removeItem(atPath: certificate.directory) }
        let port = Int.random(in: 30_000...39_999)
        let running = try StaffSocketTests.Running(mailbox: Self.tokenMailbox, api: """
            listen = "127.0.0.1:\(port)"
            certificate_file = "\(certificate.certificate)"
            key_file = "\(certificate.key)"
            """)
        let (fixture, daemon) = (running.fixture, running.daemon)
        #expect(waitFor(30) { daemon.events("api.listening").count == 2 }, "both listeners must start: \(daemon.log.suffix(2000))")

        // The binary where the test users can run it.
        let binary = running.sharedDirectory + "/ticketd"
        try FileManager.default.copyItem(atPath: RepositoryPaths.binary, toPath: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
        func ticketd(_ user: String, _ arguments: [String]) -> (status: Int32, output: String) {
            UnixUsers.run(as: user, "/usr/bin/env", ["TICKETD_SOCKET=\(running.socket)", binary] + arguments)
        }

        // Tokens are made by an administrator, on the socket; an agent may not.
        let refused = ticketd(StaffSocketTests.agent, ["token", "create", "crm-tv", "--role", "department", "--queue", "tv"])
        #expect(refused.status == 77 && refused.output.contains("manage API tokens"), "\(refused.output)")
        let created = ticketd(StaffSocketTests.admin, ["token", "create", "crm-tv", "--role", "department", "--queue", "tv", "--json"])
        #expect(created.status == 0, "\(created.output)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any], "\(created.output)")
        let token = try #require(document["token"] as? String)
        #expect(token.hasPrefix("tkd_") && token.count == 47 && document["queues"] as? [String] == ["tv"], "\(document.keys.sorted())")
        let unknownQueue = ticketd(StaffSocketTests.admin, ["token", "create", "crm-x", "--role", "department", "--queue", "nowhere"])
        #expect(unknownQueue.status == 1 && unknownQueue.output.contains("--queue nowhere cannot be used"), "\(unknownQueue.output)")
        let twice = ticketd(StaffSocketTests.admin, ["token", "create", "crm-tv", "--role", "agent"])
        #expect(twice.status == 1 && twice.output.contains("already a live API token named crm-tv"), "\(twice.output)")

        // The token reads its queue's tickets in the department's view, without personal data.
        let personal = try StaffSocketTests.personalValues(StaffSocketTests.files)
        let me = Self.https("/v1/me", port: port, certificate: certificate, token: token)
        #expect(me.status == 200 && me.body.contains("\"account\":\"crm-tv\"") && me.body.contains("\"role\":\"department\""), "\(me.output)")
        let listed = Self.https("/v1/tickets", port: port, certificate: certificate, token: token)
        #expect(listed.status == 200, "\(listed.output)")
        let ids = (try JSONSerialization.jsonObject(with: Data(listed.body.utf8)) as? [[String: Any]] ?? []).map { $0["id"] as? Int }
        #expect(ids == [1], "only ticket 1 is in queue tv: \(listed.body)")
        let shown = Self.https("/v1/tickets/1", port: port, certificate: certificate, token: token)
        #expect(shown.status == 200, "\(shown.output)")
        for value in personal where listed.body.contains(value) || shown.body.contains(value) {
            Issue.record("the department token's answer holds a personal value of the samples")
        }
        // Not another queue, not the agent view, not the register, and no token routes at all.
        let otherQueue = Self.https("/v1/tickets/2", port: port, certificate: certificate, token: token)
        #expect(otherQueue.status == 403 && otherQueue.body.contains("\"reason\":\"queue\""), "\(otherQueue.output)")
        let agentView = Self.https("/v1/tickets/1?view=agent", port: port, certificate: certificate, token: token)
        #expect(agentView.status == 403 && agentView.body.contains("\"reason\":\"view\""), "\(agentView.output)")
        let register = Self.https("/v1/register", port: port, certificate: certificate, token: token)
        #expect(register.status == 403 && register.body.contains("\"reason\":\"role\""), "\(register.output)")
        let tokenRoute = Self.https("/v1/tokens", port: port, certificate: certificate, token: token)
        #expect(tokenRoute.status == 404, "a token never reaches the token routes: \(tokenRoute.output)")

        // No token, a made-up token: 401 with the scheme to use.
        let anonymous = Self.https("/v1/tickets", port: port, certificate: certificate, token: nil)
        #expect(anonymous.status == 401 && anonymous.body.contains("\"reason\":\"unknown_token\""), "\(anonymous.output)")
        let forged = Self.https("/v1/tickets", port: port, certificate: certificate, token: "tkd_" + String(repeating: "A", count: 43))
        #expect(forged.status == 401 && forged.body.contains("unknown_token"), "\(forged.output)")
        let header = Shell.run("/usr/bin/curl", ["--silent", "--include", "--cacert", certificate.certificate, "https://127.0.0.1:\(port)/v1/me"])
        #expect(header.output.lowercased().contains("www-authenticate: bearer"), "\(header.output)")

        // Revoked: refused from the next request on, and audited under the token's name.
        let revoked = ticketd(StaffSocketTests.admin, ["token", "revoke", "crm-tv"])
        #expect(revoked.status == 0 && revoked.output.contains("revoked"), "\(revoked.output)")
        let afterRevocation = Self.https("/v1/tickets", port: port, certificate: certificate, token: token)
        #expect(afterRevocation.status == 401 && afterRevocation.body.contains("\"reason\":\"token_revoked\""), "\(afterRevocation.output)")

        // Expired: a token made for a day, whose day is moved into the past in the database (the
        // test cannot wait a day; the daemon reads the expiry from the row on every request).
        let shortLived = ticketd(StaffSocketTests.admin, ["token", "create", "erp-sync", "--role", "agent", "--days", "1", "--json"])
        let shortToken = try #require((try JSONSerialization.jsonObject(with: Data(shortLived.output.utf8)) as? [String: Any])?["token"] as? String,
                                      "\(shortLived.output)")
        #expect(Self.https("/v1/tickets/2", port: port, certificate: certificate, token: shortToken).status == 200, "the fresh agent token reads ticket 2")
        let database = try DatabaseQueue(path: fixture.databasePath)
        try database.write { db in
            try db.execute(sql: "UPDATE api_tokens SET expires_at = ? WHERE name = 'erp-sync'", arguments: [Int64(Date().timeIntervalSince1970 * 1000) - 1000])
        }
        let expired = Self.https("/v1/tickets/2", port: port, certificate: certificate, token: shortToken)
        #expect(expired.status == 401 && expired.body.contains("\"reason\":\"token_expired\""), "\(expired.output)")

        // The list shows each token's standing, and never a secret.
        let list = ticketd(StaffSocketTests.admin, ["token", "list"])
        #expect(list.status == 0 && list.output.contains("crm-tv\tdepartment\ttv\trevoked") && list.output.contains("erp-sync\tagent\tall\texpired"),
                "\(list.output)")

        // The listener speaks TLS only: a plaintext request gets no HTTP answer, nor does TLS 1.1.
        let plaintext = Shell.run("/usr/bin/curl", ["--silent", "--max-time", "10", "--write-out", "%{http_code}", "http://127.0.0.1:\(port)/v1/me"])
        #expect(plaintext.status != 0 && !plaintext.output.contains("HTTP/") && !plaintext.output.hasSuffix("200"), "\(plaintext)")
        let raw = Shell.run("/bin/sh", ["-c", "printf 'GET /v1/me HTTP/1.1\\r\\nHost: ticketd\\r\\n\\r\\n' | timeout 10 socat - TCP:127.0.0.1:\(port) | head -c 64 | od -c | head -3"])
        #expect(!raw.output.contains("H   T   T   P"), "a plaintext request must get no HTTP answer: \(raw.output)")
        let oldTLS = Shell.run("/bin/sh", ["-c", "echo | timeout 10 openssl s_client -connect 127.0.0.1:\(port) -tls1_1 -cipher DEFAULT@SECLEVEL=0 2>&1"])
        // The client offers 1.1 (its security level lowered so that it does); the server's alert refuses it.
        #expect(oldTLS.output.contains("alert protocol version"), "TLS 1.1 must be refused: \(oldTLS.output.suffix(600))")
        let modernTLS = Shell.run("/bin/sh", ["-c", "echo | timeout 10 openssl s_client -connect 127.0.0.1:\(port) -tls1_2 2>&1"])
        #expect(modernTLS.output.contains("Protocol  : TLSv1.2") || modernTLS.output.contains("TLSv1.2"), "TLS 1.2 must be served: \(modernTLS.output.suffix(600))")

        // The audit trail: who made and revoked which token, the refusals under the token's
        // name, and no secret anywhere (audit trail, daemon log).
        let audit = try CommandRunner.ticketd(["audit", "log", "--json", "--offline", "--config", fixture.configPath])
        let events = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []
        let made = events.filter { $0["action"] as? String == "token.created" }.map { $0["actor"] as? String }
        #expect(made == ["staff:adam", "staff:adam"], "\(made)")
        #expect(events.contains { $0["action"] as? String == "token.revoked" && $0["actor"] as? String == "staff:adam" })
        let denials = events.filter { $0["action"] as? String == "access.denied" }.map { "\($0["actor"] as? String ?? "")" }
        #expect(denials.filter { $0 == "token:crm-tv" }.count == 4 && denials.contains("token:erp-sync") && denials.contains("staff:anna"), "\(denials)")
        for secret in [token, shortToken] {
            #expect(!audit.stdout.contains(secret) && !daemon.log.contains(secret), "a token's secret must never be recorded")
            #expect(!String(decoding: ((try? Data(contentsOf: URL(fileURLWithPath: fixture.databasePath))) ?? Data()) + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.databasePath + "-wal"))) ?? Data()), as: UTF8.self)
                .contains(secret), "the database keeps the hash, never the secret")
        }
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 30) == 0, "\(daemon.log.suffix(2000))")
    }
}
