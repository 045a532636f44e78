import Foundation
import TestSupport
import Testing

/// `ticketd serve` as systemd runs it (Type=notify): readiness, the watchdog, reload and stop,
/// seen from the notification socket the way systemd sees them, against the real Dovecot.
@Suite("serve as a systemd service", .serialized)
struct ServiceLifecycleTests {
    static let user = "lifecycle-test@example.com"

    struct Running {
        let fixture: ConfigFixture
        let notify: NotifySocket
        let daemon: DaemonProcess
    }

    /// Starts `serve` with a notification socket and a watchdog of `watchdogSeconds`.
    static func start(_ fixture: ConfigFixture, watchdogSeconds: Int = 2) throws -> Running {
        let notify = try NotifySocket(directory: fixture.directory.path)
        let daemon = try DaemonProcess(["serve", "--config", fixture.configPath], logPath: fixture.directory.file("serve.log"), environment: [
            "NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "\(watchdogSeconds * 1_000_000)",
        ])
        return Running(fixture: fixture, notify: notify, daemon: daemon)
    }

    static func ticketCount(_ fixture: ConfigFixture) throws -> Int {
        try ServeIntegrationTests.jsonList(["tickets"], fixture).count
    }

    @Test("READY=1 after the first poll, WATCHDOG=1 at half the interval, STOPPING=1 and exit 0 on SIGTERM, no mail lost across the stop")
    func readyWatchdogStop() throws {
        let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
        servers.reset(Self.user)
        let fixture = try ServeIntegrationTests.fixture(user: Self.user, servers: servers) {
            $0 + "\n[metrics]\ntextfile = \"ticketd.prom\"\n"
        }
        try servers.drop((1...3).map { ServeIntegrationTests.numberedMail(700 + $0) }, into: Self.user, tag: "before")
        let running = try Self.start(fixture)
        defer { running.daemon.signal(SIGKILL) }

        #expect(waitFor(30) { !running.notify.all("READY=1").isEmpty }, "no READY=1: \(running.daemon.log)")
        let ready = try #require(running.notify.all("READY=1").first)
        // Ready means the first poll is done: its tickets are committed, and the status says so.
        #expect(try Self.ticketCount(fixture) == 3)
        #expect(ready.assignments.contains { $0.hasPrefix("STATUS=last poll") && $0.contains("ok: 3 fetched") }, "\(ready.assignments)")
        let firstPoll = try #require(running.daemon.events("poll.finished").first)
        #expect(firstPoll["fetched"] as? Int == 3)
        // The services feed the monitor: the metrics file counts the poll.
        #expect(waitFor(5) {
            ((try? String(contentsOfFile: fixture.directory.file("ticketd.prom"), encoding: .utf8)) ?? "").contains("ticketd_tickets_created_total 3")
        }, "metrics: \((try? String(contentsOfFile: fixture.directory.file("ticketd.prom"), encoding: .utf8)) ?? "none")")

        // WATCHDOG_USEC = 2 s: a ping about every second, and none before READY=1.
        Thread.sleep(forTimeInterval: 5)
        let pings = running.notify.all("WATCHDOG=1")
        #expect(pings.allSatisfy { $0.at >= ready.at })
        let recent = pings.filter { $0.at > ready.at.addingTimeInterval(0.5) }
        #expect((3...9).contains(recent.count), "\(recent.count) pings in about 5 s at a 1 s period")
        let gaps = zip(recent.dropFirst(), recent).map { $0.at.timeIntervalSince($1.at) }
        #expect(gaps.allSatisfy { $0 < 2 }, "a gap of 2 s or more would let systemd's watchdog fire: \(gaps)")

        // Mail arriving while it stops is taken in by the next start: nothing is lost.
        try servers.drop((4...6).map { ServeIntegrationTests.numberedMail(700 + $0) }, into: Self.user, tag: "during")
        running.daemon.signal(SIGTERM)
        #expect(waitFor(10) { !running.notify.all("STOPPING=1").isEmpty }, "no STOPPING=1")
        #expect(running.daemon.wait(seconds: 60) == 0, "exit status 0 after SIGTERM: \(running.daemon.log)")
        #expect(!running.daemon.events("serve.stopped").isEmpty)
        let next = try CommandRunner.ticketd(["serve", "--once", "--config", fixture.configPath])
        #expect(next.status == 0)
        #expect(try Self.ticketCount(fixture) == 6, "every mail is a ticket exactly once")
        #expect(servers.count(Self.user, mailbox: "INBOX") == 0)
    }

    @Test("an IMAP server that accepts and never answers stops the watchdog pings within the bound, and the stuck step is logged")
    func hungPollStopsWatchdog() throws {
        let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
        servers.reset(Self.user)
        let proxy = try LoopbackServer(.forward(to: servers.port("TICKETD_TEST_IMAPS_PORT")))
        defer { proxy.stop() }
        let fixture = try ServeIntegrationTests.fixture(user: Self.user, servers: servers) {
            $0.replacingOccurrences(of: "imaps://127.0.0.1:\(servers.port("TICKETD_TEST_IMAPS_PORT"))", with: "imaps://127.0.0.1:\(proxy.port)")
        }
        let running = try Self.start(fixture)
        defer { running.daemon.signal(SIGKILL) }
        #expect(waitFor(30) { !running.notify.all("READY=1").isEmpty }, "no READY=1: \(running.daemon.log)")
        #expect(waitFor(10) { running.notify.all("WATCHDOG=1").count >= 2 }, "the watchdog pings while polls go through")

        // From now on every new connection hangs: the next poll (within 1 s) gets stuck.
        proxy.holdNewConnections()
        let held = Date()
        #expect(waitFor(10) { !running.daemon.events("watchdog.stalled").isEmpty }, "the stuck step is not logged: \(running.daemon.log)")
        let stalled = try #require(running.daemon.events("watchdog.stalled").first)
        #expect(stalled["operation"] as? String == "mailbox.poll" && stalled["loop"] as? String == "poller", "\(stalled)")
        let lastPing = try #require(running.notify.all("WATCHDOG=1").last?.at)
        // Poll interval 1 s + the 1 s without progress the watchdog allows + one 1 s period.
        #expect(lastPing.timeIntervalSince(held) < 4, "pings went on \(lastPing.timeIntervalSince(held)) s after the server hung")
        Thread.sleep(forTimeInterval: 4)
        #expect(running.notify.all("WATCHDOG=1").last?.at == lastPing, "no ping while the poll hangs: systemd would restart the service")
        #expect(running.daemon.wait(seconds: 0) == nil, "the daemon itself does not give up: the watchdog's restart is systemd's")
    }

    @Test("SIGHUP: a valid configuration is put in force (RELOADING=1, READY=1); an invalid one is refused and the old one stays")
    func reload() throws {
        let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
        servers.reset(Self.user)
        let fixture = try ServeIntegrationTests.fixture(user: Self.user, servers: servers)
        let running = try Self.start(fixture)
        defer { running.daemon.signal(SIGKILL) }
        #expect(waitFor(30) { !running.notify.all("READY=1").isEmpty }, "no READY=1: \(running.daemon.log)")

        // Valid: the log level goes to warning, so the info lines of each poll stop.
        fixture.rewrite { $0.replacingOccurrences(of: "level = \"info\"", with: "level = \"warning\"") }
        running.daemon.signal(SIGHUP)
        #expect(waitFor(10) { running.notify.all("READY=1").count == 2 }, "\(running.daemon.log)")
        let reloading = try #require(running.notify.all("RELOADING=1").first)
        #expect(reloading.assignments.contains { $0.hasPrefix("MONOTONIC_USEC=") })
        #expect(reloading.at <= running.notify.all("READY=1")[1].at)
        Thread.sleep(forTimeInterval: 1.5)
        let infoLines = running.daemon.events("poll.finished").count
        Thread.sleep(forTimeInterval: 3)
        #expect(running.daemon.events("poll.finished").count == infoLines, "the new level is in force")

        // Invalid: refused with the problem named; polling goes on with the configuration in force.
        fixture.rewrite { $0.replacingOccurrences(of: "poll_interval = \"PT1S\"", with: "poll_interval = \"every second\"") }
        running.daemon.signal(SIGHUP)
        #expect(waitFor(10) { !running.daemon.events("config.reload_rejected").isEmpty }, "\(running.daemon.log)")
        let rejected = try #require(running.daemon.events("config.reload_rejected").first)
        #expect((rejected["first"] as? String)?.contains("imap.poll_interval") == true, "\(rejected)")
        #expect(waitFor(10) { running.notify.all("READY=1").count == 3 })
        #expect(running.notify.all("READY=1").last?.assignments.contains { $0.contains("reload refused") } == true)
        // (The file is made valid again for the commands below; the daemon is not told.)
        fixture.rewrite { $0.replacingOccurrences(of: "poll_interval = \"every second\"", with: "poll_interval = \"PT1S\"") }
        let mail = fixture.directory.write("after-reload.eml", String(decoding: ServeIntegrationTests.numberedMail(801), as: UTF8.self))
        try servers.deliver([mail], to: Self.user)
        #expect(waitFor(15) { (try? Self.ticketCount(fixture)) == 1 }, "the daemon goes on polling")

        // A new database path needs a restart: refused too, with the fix.
        fixture.rewrite { $0.replacingOccurrences(of: "database = \"state/ticketd.sqlite3\"", with: "database = \"state/other.sqlite3\"") }
        running.daemon.signal(SIGHUP)
        #expect(waitFor(10) { running.daemon.events("config.reload_rejected").count == 2 })
        #expect(running.daemon.events("config.reload_rejected").last?["key"] as? String == "storage.database")

        running.daemon.signal(SIGTERM)
        #expect(running.daemon.wait(seconds: 60) == 0)
    }
}
