import Foundation
import TestSupport
import Testing

/// Issue 17 through the real daemon: `serve` answers its staff on a Unix socket, and the kernel
/// (SO_PEERCRED) names each caller. The callers are real, separate Unix users made for the test;
/// the tickets come from the sample mails, so their personal values are known.
@Suite("The staff socket: real Unix users, kernel-named", .serialized)
struct StaffSocketTests {
    static let group = "ticketd-t-staff"
    static let agent = "ticketd-t-anna", department = "ticketd-t-dora", dpo = "ticketd-t-dirk", admin = "ticketd-t-adam"
    /// In the socket's group but without an account; and not even in the group.
    static let guest = "ticketd-t-guest", outsider = "ticketd-t-otto"
    static let mailbox = "api-test@example.com"

    static func staff(socket: String) -> String {
        """

        [[staff]]
        name = "anna"
        unix_user = "\(agent)"
        role = "agent"

        [[staff]]
        name = "dora"
        unix_user = "\(department)"
        role = "department"
        queues = ["tv"]

        [[staff]]
        name = "dirk"
        unix_user = "\(dpo)"
        role = "dpo"

        [[staff]]
        name = "adam"
        unix_user = "\(admin)"
        role = "admin"

        [api]
        socket = "\(socket)"
        socket_group = "\(group)"
        """
    }

    /// The personal values of the sample mails taken in (from Samples/expected.json).
    static func personalValues(_ files: [String]) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.root + "/Samples/expected.json"))
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return entries.filter { files.contains($0["file"] as? String ?? "") }.flatMap { $0["personal_values"] as? [String] ?? [] }
    }

    static let files = ["01-kontaktformular-qp-latin1.eml", "02-contact-form-base64-utf8.eml"]

    /// `serve` with the staff above, the two samples taken in (ticket 1 assigned to `tv`), and
    /// its socket in a directory the test users can reach (the fixture's is the owner's only).
    final class Running {
        let fixture: ConfigFixture
        let daemon: DaemonProcess
        let socket: String
        private let socketDirectory: String

        /// `api` is added to the `[api]` section (the TLS listener's keys).
        init(mailbox: String, api: String = "") throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            try #require(UnixUsers.ensure(group: StaffSocketTests.group, members: [agent, department, dpo, admin, guest], others: [outsider]),
                         Comment(rawValue: UnixUsers.problem))
            servers.reset(mailbox)
            socketDirectory = "/tmp/ticketd-api-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
            socket = socketDirectory + "/ticketd.sock"
            let socket = socket
            fixture = try ServeIntegrationTests.fixture(user: mailbox, servers: servers) { $0 + StaffSocketTests.staff(socket: socket) + "\n" + api }
            // With [[staff]], working on the database directly is maintenance: --offline, as root.
            let ingested = try CommandRunner.ticketd(["ingest", "--offline", "--config", fixture.configPath] + files.map { RepositoryPaths.root + "/Samples/mail/" + $0 })
            #expect(ingested.status == 0, "\(ingested.stderr)")
            let assigned = try CommandRunner.ticketd(["ticket", "assign", "1", "--queue", "tv", "--offline", "--config", fixture.configPath])
            #expect(assigned.status == 0, "\(assigned.stderr)")
            daemon = try DaemonProcess(["serve", "--config", fixture.configPath], logPath: fixture.directory.file("serve.log"))
            #expect(waitFor(30) { !daemon.events("api.listening").isEmpty }, "the API did not start: \(daemon.log)")
        }

        /// The directory of the socket, which the test users can reach.
        var sharedDirectory: String { socketDirectory }

        deinit {
            daemon.signal(SIGKILL)
            try? FileManager.default.removeItem(atPath: socketDirectory)
        }
    }

    @Test("department lists its queue only, without personal data; its agent view is refused and audited; no account, no group: no way in; socket 0660 and the group")
    func rolesOnTheSocket() throws {
        let running = try Running(mailbox: Self.mailbox)
        let (fixture, daemon, socket, files) = (running.fixture, running.daemon, running.socket, Self.files)

        // The socket: 0660, the service user's, the staff group's.
        var status = stat()
        try #require(lstat(socket, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o660 && (status.st_mode & S_IFMT) == S_IFSOCK)
        #expect(status.st_gid == getgrnam(Self.group)?.pointee.gr_gid)

        let personal = try Self.personalValues(files)
        try #require(personal.count >= 6, "the samples' personal values must be known to look for them")

        // Department: its queue's ticket only, in its own view, no name, address or phone.
        let listed = UnixUsers.get("/v1/tickets", socket: socket, as: Self.department)
        #expect(listed.status == 200, "\(listed.body)")
        let tickets = try JSONSerialization.jsonObject(with: Data(listed.body.utf8)) as? [[String: Any]] ?? []
        #expect(tickets.map { $0["id"] as? Int } == [1], "\(listed.body)")
        let shown = UnixUsers.get("/v1/tickets/1", socket: socket, as: Self.department)
        #expect(shown.status == 200, "\(shown.body)")
        for value in personal where listed.body.contains(value) || shown.body.contains(value) {
            Issue.record("the department's answer holds a personal value of the samples")
        }
        // Asking for more is refused, with the reason, and audited under the account.
        let agentView = UnixUsers.get("/v1/tickets/1?view=agent", socket: socket, as: Self.department)
        #expect(agentView.status == 403 && agentView.body.contains("\"reason\":\"view\""), "\(agentView.body)")
        let otherQueue = UnixUsers.get("/v1/tickets/2", socket: socket, as: Self.department)
        #expect(otherQueue.status == 403 && otherQueue.body.contains("\"reason\":\"queue\""), "\(otherQueue.body)")

        // The agent: every ticket, the customer's data included; the identity is the kernel's.
        let me = UnixUsers.get("/v1/me", socket: socket, as: Self.agent)
        #expect(me.status == 200 && me.body.contains("\"account\":\"anna\"") && me.body.contains("\"role\":\"agent\""), "\(me.body)")
        let all = UnixUsers.get("/v1/tickets", socket: socket, as: Self.agent)
        #expect((try JSONSerialization.jsonObject(with: Data(all.body.utf8)) as? [[String: Any]])?.count == 2, "\(all.body)")
        let full = UnixUsers.get("/v1/tickets/1", socket: socket, as: Self.agent)
        #expect(full.status == 200 && personal.contains { full.body.contains($0) }, "the agent view must show the customer")

        // The DPO reads no ticket text.
        let dpoView = UnixUsers.get("/v1/tickets/1", socket: socket, as: Self.dpo)
        #expect(dpoView.status == 403 && dpoView.body.contains("\"reason\":\"role\""), "\(dpoView.body)")

        // In the group without an account: refused by the daemon; outside the group: by the socket's mode.
        let guest = UnixUsers.get("/v1/me", socket: socket, as: Self.guest)
        #expect(guest.status == 403 && guest.body.contains("\"reason\":\"no_account\"") && guest.body.contains(Self.guest), "\(guest.body)")
        let outsider = UnixUsers.get("/v1/me", socket: socket, as: Self.outsider)
        // curl's exit 7: it could not connect (the kernel refused the socket to a user outside the group).
        #expect(outsider.status == -7, "\(outsider)")

        // Actions: the agent's is audited under the account, whatever TICKETD_ACTOR says; bad
        // bodies are refused before anything changes; the department may not act.
        let badJSON = UnixUsers.post("/v1/tickets/2/assign", body: "{\"queue\": ", socket: socket, as: Self.agent)
        #expect(badJSON.status == 400 && badJSON.body.contains("not a JSON object"), "\(badJSON.body)")
        let unknownField = UnixUsers.post("/v1/tickets/2/assign", body: "{\"queue\": \"tv\", \"priority\": \"high\"}", socket: socket, as: Self.agent)
        #expect(unknownField.status == 400 && unknownField.body.contains("priority"), "\(unknownField.body)")
        let departmentClose = UnixUsers.post("/v1/tickets/1/close", body: "", socket: socket, as: Self.department)
        #expect(departmentClose.status == 403 && departmentClose.body.contains("\"reason\":\"role\""), "\(departmentClose.body)")
        let closed = UnixUsers.post("/v1/tickets/2/close", body: "", socket: socket, as: Self.agent, environment: ["TICKETD_ACTOR=mallory"])
        #expect(closed.status == 200 && closed.body.contains("closed"), "\(closed.body)")
        let states = try ServeIntegrationTests.jsonList(["tickets", "--offline"], fixture).map { "\($0["id"] ?? "")/\($0["state"] ?? "")" }
        #expect(states.contains("2/closed") && states.contains("1/open"), "only ticket 2 is closed: \(states)")

        // The audit trail names who was refused what, and no personal value.
        let audit = try CommandRunner.ticketd(["audit", "log", "--json", "--offline", "--config", fixture.configPath])
        let denied = (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []).filter { $0["action"] as? String == "access.denied" }
        let actors = denied.map { $0["actor"] as? String ?? "" }
        #expect(actors.filter { $0 == "staff:dora" }.count == 3 && actors.contains("staff:dirk") && actors.contains("unix:\(Self.guest)"), "\(actors)")
        for value in personal where audit.stdout.contains(value) { Issue.record("the audit trail holds a personal value") }
        let closing = (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []).filter { $0["action"] as? String == "ticket.closed" }
        #expect(closing.map { $0["actor"] as? String } == ["staff:anna"], "\(closing)")
        #expect(!audit.stdout.contains("mallory"))

        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 30) == 0, "\(daemon.log)")
    }

    @Test("the OpenAPI document holds against the running server: schemathesis, bounded, as an agent; no 5xx, every answer matches its schema")
    func openAPIDocument() throws {
        let schemathesis = RepositoryPaths.root + "/.build/schemathesis/bin/schemathesis"
        try #require(FileManager.default.isExecutableFile(atPath: schemathesis), "Scripts/setup.sh installs schemathesis into .build/schemathesis")
        let running = try Running(mailbox: Self.mailbox)
        // schemathesis speaks TCP: socat gives it a loopback port that reaches the socket as the
        // agent (setpriv execs socat as that user, so the kernel names the agent to the daemon).
        let port = Int.random(in: 20_000...29_999)
        let agent = try #require(getpwnam(Self.agent)?.pointee)
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        proxy.arguments = ["--reuid=\(agent.pw_uid)", "--regid=\(agent.pw_gid)", "--init-groups", "/usr/bin/socat",
                           "TCP-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork", "UNIX-CONNECT:\(running.socket)"]
        proxy.standardOutput = FileHandle.nullDevice
        proxy.standardError = FileHandle.nullDevice
        try proxy.run()
        defer { proxy.terminate() }
        #expect(waitFor(10) { Shell.run("/usr/bin/curl", ["--silent", "--fail", "http://127.0.0.1:\(port)/v1/me"]).output.contains("\"account\":\"anna\"") },
                "the proxy does not reach the daemon as the agent")

        let document = RepositoryPaths.root + "/Sources/TicketAPI/openapi.yaml"
        let result = Shell.run(schemathesis, [
            "run", document, "--url", "http://127.0.0.1:\(port)", "--max-examples", "12", "--seed", "20261203", "--workers", "1",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--request-timeout", "20", "--rate-limit", "15/s", "--no-color",
        ])
        #expect(result.status == 0, "schemathesis found problems:\n\(result.output)")
        // It must have tested every operation of the document, and its actions must have reached
        // the daemon as the agent (the audit trail has them under the account).
        #expect(result.output.contains("Selected: 30/30") && result.output.contains("Tested: 30"), "\(result.output)")
        let audit = try CommandRunner.ticketd(["audit", "log", "--json", "--offline", "--config", running.fixture.configPath])
        let byAgent = (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []).filter { $0["actor"] as? String == "staff:anna" }
        #expect(!byAgent.isEmpty, "no action of the agent reached the audit trail")
        #expect(running.daemon.wait(seconds: 0) == nil, "the daemon must still run: \(running.daemon.log.suffix(2000))")
    }

    @Test("the command line is the daemon's client: same output, refusals exit 77, actions audited under the account whatever TICKETD_ACTOR says; without the daemon only --offline by root opens the database")
    func commandLineThroughTheDaemon() throws {
        let running = try Running(mailbox: Self.mailbox)
        // The binary where the test users can run it (the build directory may be the owner's only).
        let binary = (running.socket as NSString).deletingLastPathComponent + "/ticketd"
        try FileManager.default.copyItem(atPath: RepositoryPaths.binary, toPath: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
        func ticketd(_ user: String, _ arguments: [String]) -> (status: Int32, output: String) {
            UnixUsers.run(as: user, "/usr/bin/env", ["TICKETD_SOCKET=\(running.socket)", "TICKETD_ACTOR=mallory", binary] + arguments)
        }
        let personal = try Self.personalValues(Self.files)

        // The department's list and view come from the daemon: its queue only, no personal value,
        // the same text the command prints on its own for that view.
        let listed = ticketd(Self.department, ["tickets"])
        #expect(listed.status == 0 && listed.output.hasPrefix("ID\tSTATE\tQUEUE"), "\(listed.output)")
        #expect(listed.output.split(separator: "\n").count == 2 && listed.output.contains("\n1\t"), "ticket 1 only: \(listed.output)")
        let shown = ticketd(Self.department, ["ticket", "show", "1", "--as", "department"])
        let offline = try CommandRunner.ticketd(["ticket", "show", "1", "--as", "department", "--offline", "--config", running.fixture.configPath])
        #expect(shown.status == 0 && shown.output == offline.stdout, "through the daemon:\n\(shown.output)\noffline:\n\(offline.stdout)")
        for value in personal where listed.output.contains(value) || shown.output.contains(value) {
            Issue.record("the department's command output holds a personal value")
        }
        // Asking for the agent view: refused by the daemon, exit 77 (EX_NOPERM), the reason on stderr.
        let refused = ticketd(Self.department, ["ticket", "show", "1", "--as", "agent"])
        #expect(refused.status == 77 && refused.output.contains("department view only"), "\(refused)")

        // The agent's action is audited as staff:anna, although TICKETD_ACTOR says mallory.
        let closed = ticketd(Self.agent, ["ticket", "close", "1"])
        #expect(closed.status == 0 && closed.output.contains("closed"), "\(closed.output)")
        let audit = try CommandRunner.ticketd(["audit", "log", "--ticket", "1", "--json", "--offline", "--config", running.fixture.configPath])
        let closing = (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []).filter { $0["action"] as? String == "ticket.closed" }
        #expect(closing.map { $0["actor"] as? String } == ["staff:anna"] && !audit.stdout.contains("mallory"), "\(closing)")
        // The DPO exports a person and reads the register, but no ticket.
        let exported = ticketd(Self.dpo, ["subject", "export", "--email", "joerg.testmann@example.org", "--json"])
        #expect(exported.status == 0 && exported.output.contains("\"tickets\""), "\(exported.output.prefix(400))")
        let register = ticketd(Self.dpo, ["register", "--format", "json"])
        #expect(register.status == 0 && register.output.contains("\"controller\""), "\(register.output.prefix(400))")
        let dpoTicket = ticketd(Self.dpo, ["ticket", "show", "1", "--as", "agent"])
        #expect(dpoTicket.status == 77 && dpoTicket.output.contains("may not"), "\(dpoTicket.output)")
        let dpoExportEvent = try CommandRunner.ticketd(["audit", "log", "--json", "--offline", "--config", running.fixture.configPath])
        #expect(dpoExportEvent.stdout.contains("\"actor\" : \"staff:dirk\"") || dpoExportEvent.stdout.contains("\"actor\":\"staff:dirk\""),
                "the export is audited under the DPO's account")

        // Root without an account is refused by the daemon like anyone else.
        let root = try CommandRunner.ticketd(["tickets"], environment: ["TICKETD_SOCKET": running.socket])
        #expect(root.status == 77 && root.stderr.contains("no account"), "\(root.stderr)")

        // Without the daemon: a member of staff gets a clear message; root works with --offline.
        running.daemon.signal(SIGTERM)
        #expect(running.daemon.wait(seconds: 30) == 0)
        let down = ticketd(Self.agent, ["tickets"])
        #expect(down.status == 1 && down.output.contains("does not answer") && down.output.contains("--offline"), "\(down.output)")
        let noSocket = try CommandRunner.ticketd(["tickets", "--config", running.fixture.configPath])
        #expect(noSocket.status == 1 && noSocket.stderr.contains("--offline"), "\(noSocket.stderr)")
        let maintenance = try CommandRunner.ticketd(["ticket", "hold", "2", "--reason", "records request 7", "--offline", "--config", running.fixture.configPath])
        #expect(maintenance.status == 0, "\(maintenance.stderr)")
        let afterwards = try CommandRunner.ticketd(["audit", "log", "--ticket", "2", "--json", "--offline", "--config", running.fixture.configPath])
        #expect(afterwards.stdout.contains("\"actor\" : \"admin:root\"") || afterwards.stdout.contains("\"actor\":\"admin:root\""), "\(afterwards.stdout)")
    }
}
