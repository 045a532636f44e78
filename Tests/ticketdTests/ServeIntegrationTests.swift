import Foundation
import TestSupport
import Testing

/// `ticketd serve` against the real local Dovecot and Postfix (Scripts/mailserver.sh): delivery,
/// exactly-once under SIGKILL, and faults. No mock stands in for a mail server.
@Suite("serve against the local mail servers", .serialized)
struct ServeIntegrationTests {
    /// A configuration polling `user`'s INBOX on the local Dovecot.
    static func fixture(user: String, servers: LocalMailServers, edit: (String) -> String = { $0 }) throws -> ConfigFixture {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig) { text in
            edit(text.replacingOccurrences(of: "username = \"support@example.com\"\npassword_file = \"imap.password\"",
                                           with: "username = \"\(user)\"\npassword_file = \"imap.password\"")
                .replacingOccurrences(of: "ca_file = \"\"", with: "ca_file = \"\(servers.caFile)\"")
                .replacingOccurrences(of: "poll_interval = \"PT5S\"", with: "poll_interval = \"PT1S\""))
        }
        let password = try String(contentsOfFile: servers.passwordFile(of: user), encoding: .utf8)
        fixture.directory.write("imap.password", password)
        return fixture
    }

    static func jsonList(_ arguments: [String], _ fixture: ConfigFixture) throws -> [[String: Any]] {
        let result = try CommandRunner.ticketd(arguments + ["--json", "--config", fixture.configPath])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    /// A made-up customer mail with a unique number in its subject and Message-ID.
    static func numberedMail(_ number: Int, autoReply: Bool = false) -> [UInt8] {
        var headers = [
            "Return-Path: <kunde\(number)@example.org>",
            "From: Kunde Nummer\(number) <kunde\(number)@example.org>",
            "To: support@example.com",
            "Subject: Crash-Test Nachricht #\(number)",
            "Date: Sun, 29 Nov 2026 10:00:00 +0100",
            "Message-ID: <crash-\(number)@example.org>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
        ]
        if autoReply { headers.append("Auto-Submitted: auto-replied") }
        let body = "Hallo,\r\nmein Fernseher Nummer \(number) zeigt kein Bild mehr.\r\nDanke!\r\n"
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    @Test("mails delivered through Postfix become tickets, the inbox ends empty, a second cycle adds nothing")
    func delivery() throws {
        let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
        let user = "serve-test@example.com"
        servers.reset(user)
        let fixture = try Self.fixture(user: user, servers: servers)
        // A good form, an over-size mail, another good form, an auto-reply: the bad ones in between must not block.
        try servers.deliver([RepositoryPaths.sample("01-"), RepositoryPaths.sample("22-"), RepositoryPaths.sample("02-"), RepositoryPaths.sample("14-")], to: user)
        #expect(waitFor(20) { servers.count(user, mailbox: "INBOX") == 4 }, "Postfix did not deliver the four mails")

        let first = try CommandRunner.ticketd(["serve", "--once", "--config", fixture.configPath])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let tickets = try Self.jsonList(["tickets"], fixture)
        #expect(tickets.count == 2)
        #expect(Set(tickets.compactMap { ($0["consent"] as? [String: Any])?["form"] as? String }) == ["website-contact"])
        let quarantine = try Self.jsonList(["quarantine"], fixture)
        #expect(quarantine.compactMap { $0["reason"] as? String }.sorted() == ["auto_reply", "too_large"])
        #expect(servers.count(user, mailbox: "INBOX") == 0)
        #expect(servers.count(user, mailbox: "Processed") == 4)

        // The server's own stored copies (LF line ends, Postfix's trace headers) are the same mails.
        let copies = (servers.maildir(of: user) as NSString).appendingPathComponent(".Processed")
        let reread = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, copies])
        #expect(reread.stdout.contains("4 mails: 0 tickets, 0 quarantined, 4 duplicates"), "\(reread.stdout)")

        let second = try CommandRunner.ticketd(["serve", "--once", "--config", fixture.configPath])
        #expect(second.status == 0)
        // The daily sweep ran on the first start (none had run yet) and is not due again.
        #expect(first.stdout.contains("\"event\":\"sweep.scheduled\""), "\(first.stdout)")
        #expect(!second.stdout.contains("\"event\":\"sweep.scheduled\""))
        #expect(second.stdout.contains("\"event\":\"poll.finished\"") && second.stdout.contains("\"fetched\":0"))
        #expect(try Self.jsonList(["tickets"], fixture).count == 2)
        // Logs name tickets and pseudonyms, never the people in the mails.
        for value in ["Testmann", "joerg.testmann", "brian.example"] { #expect(!(first.stdout + second.stdout).contains(value)) }
    }

    @Test("SIGKILL at random points over 20 rounds: every mail is exactly one ticket or one quarantine entry")
    func crashSafety() throws {
        let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
        let user = "crash-test@example.com"
        servers.reset(user)
        // Enough mail, in small batches of an odd size, that most kills land while batches are
        // being fetched, committed and moved, at every step of that: with group commit a few
        // hundred mails go in within the first round.
        let count = 1500
        let autoReplies = Set(stride(from: 7, through: count, by: 15))
        try servers.drop((1...count).map { Self.numberedMail($0, autoReply: autoReplies.contains($0)) }, into: user, tag: "crash")
        // Dovecot may still be settling its index after the resync: wait rather than read one early count.
        #expect(waitFor(30) { servers.count(user, mailbox: "INBOX") == count }, "\(servers.count(user, mailbox: "INBOX") ?? -1) mails visible")
        let fixture = try Self.fixture(user: user, servers: servers) {
            $0.replacingOccurrences(of: "[limits]\n", with: "[limits]\ningest_batch = 7\n")
        }

        var generator = SystemRandomNumberGenerator()
        var killedWhileWorking = 0
        for round in 1...20 {
            let daemon = try DaemonProcess(["serve", "--config", fixture.configPath], logPath: fixture.directory.file("round\(round).log"))
            usleep(UInt32.random(in: 80_000...600_000, using: &generator))
            daemon.signal(SIGKILL)
            _ = daemon.wait(seconds: 10)
            if !daemon.events("ticket.created").isEmpty || !daemon.events("mail.quarantined").isEmpty { killedWhileWorking += 1 }
        }
        #expect(killedWhileWorking >= 3, "the kills should land while mail is being taken in")
        for _ in 1...5 where servers.count(user, mailbox: "INBOX") != 0 {
            _ = try CommandRunner.ticketd(["serve", "--once", "--config", fixture.configPath])
        }
        #expect(servers.count(user, mailbox: "INBOX") == 0)
        #expect(servers.count(user, mailbox: "Processed") == count)

        let titles = try Self.jsonList(["tickets"], fixture).compactMap { $0["title"] as? String }
        let numbers = titles.compactMap { title in title.split(separator: "#").last.flatMap { Int($0) } }
        #expect(numbers.count == count - autoReplies.count, "tickets: \(numbers.count)")
        #expect(Set(numbers).count == numbers.count, "a mail became two tickets")
        #expect(Set(numbers) == Set(1...count).subtracting(autoReplies), "a mail was lost")
        #expect(try Self.jsonList(["quarantine"], fixture).count == autoReplies.count)
        let verify = try CommandRunner.ticketd(["audit", "verify", "--config", fixture.configPath])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test("processed copies older than purge_processed_after are expunged from the server")
    func purge() throws {
        let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
        let user = "serve-test@example.com"
        servers.reset(user)
        try servers.drop((1...3).map { Self.numberedMail($0) }, into: user, tag: "old", ageDays: 30)
        try servers.drop((4...5).map { Self.numberedMail($0) }, into: user, tag: "new")
        let fixture = try Self.fixture(user: user, servers: servers)   // purge_processed_after = "P7D"
        let result = try CommandRunner.ticketd(["serve", "--once", "--config", fixture.configPath])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"purged\":3"), "\(result.stdout)")
        #expect(try Self.jsonList(["tickets"], fixture).count == 5)
        #expect(servers.count(user, mailbox: "INBOX") == 0)
        #expect(servers.count(user, mailbox: "Processed") == 2)
    }

    @Test("faults give a clear log line and never lose mail; imap:// without STARTTLS is refused even on loopback")
    func faults() throws {
        let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
        let user = "fault-test@example.com"
        servers.reset(user)
        try servers.drop([Self.numberedMail(1), Self.numberedMail(2)], into: user, tag: "fault")
        let imaps = "imaps://127.0.0.1:\(servers.port("TICKETD_TEST_IMAPS_PORT"))"
        let cases: [(String, (String) -> String, [String])] = [
            ("wrong password", { $0 }, ["password"]),
            ("certificate for another name", { $0.replacingOccurrences(of: "imaps://127.0.0.1:10993", with: "imaps://127.0.0.1:\(servers.port("TICKETD_TEST_IMAPS_WRONG_NAME_PORT"))") }, ["certificate"]),
            ("plaintext server, imap:// (STARTTLS required)", { $0.replacingOccurrences(of: "imaps://127.0.0.1:10993", with: "imap://127.0.0.1:\(servers.port("TICKETD_TEST_IMAP_PLAIN_PORT"))") }, ["STARTTLS"]),
            ("plaintext port, imaps://", { $0.replacingOccurrences(of: "imaps://127.0.0.1:10993", with: "imaps://127.0.0.1:\(servers.port("TICKETD_TEST_IMAP_PLAIN_PORT"))") }, ["TLS"]),
            ("missing mailbox", { $0.replacingOccurrences(of: "mailbox = \"INBOX\"", with: "mailbox = \"Gibt-es-nicht\"") }, ["Gibt-es-nicht"]),
        ]
        #expect(imaps == "imaps://127.0.0.1:10993")
        for (label, edit, words) in cases {
            let fixture = try Self.fixture(user: user, servers: servers, edit: edit)
            if label == "wrong password" { fixture.directory.write("imap.password", "not-the-password\n") }
            let started = Date()
            let result = try CommandRunner.ticketd(["serve", "--once", "--config", fixture.configPath])
            #expect(result.status == 1, "\(label): \(result.stdout)")
            let failure = result.stdout.split(separator: "\n").first { $0.contains("\"event\":\"poll.failed\"") }.map(String.init) ?? ""
            #expect(failure.hasPrefix("<3>"), "\(label): no error line in \(result.stdout)")
            for word in words { #expect(failure.contains(word), "\(label): '\(word)' missing from \(failure)") }
            #expect(Date().timeIntervalSince(started) < 60, "\(label): the fault was not bounded by the timeouts")
            #expect(try Self.jsonList(["tickets"], fixture).isEmpty)
        }
        // Nothing was lost: with the configuration right again, both mails arrive.
        let fixed = try Self.fixture(user: user, servers: servers)
        #expect(try CommandRunner.ticketd(["serve", "--once", "--config", fixed.configPath]).status == 0)
        #expect(try Self.jsonList(["tickets"], fixed).count == 2)
    }

    @Test("a server that is down is retried with growing back-off; SIGTERM stops the daemon cleanly")
    func backoffAndStop() throws {
        let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
        let fixture = try Self.fixture(user: "fault-test@example.com", servers: servers) {
            // Port 9 (discard) is closed on this machine: connection refused, as when Dovecot is stopped.
            $0.replacingOccurrences(of: "imaps://127.0.0.1:10993", with: "imaps://127.0.0.1:9")
        }
        let daemon = try DaemonProcess(["serve", "--config", fixture.configPath], logPath: fixture.directory.file("serve.log"))
        #expect(waitFor(15) { daemon.events("poll.failed").count >= 2 }, "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10) == 0, "SIGTERM did not stop the daemon cleanly: \(daemon.log)")
        let failures = daemon.events("poll.failed")
        let delays = failures.compactMap { $0["retry_in_seconds"] as? Int }
        #expect(delays.count >= 2 && delays[1] > delays[0], "back-off does not grow: \(delays)")
        #expect((failures.first?["error"] as? String)?.contains("127.0.0.1:9") == true || (failures.first?["error"] as? String)?.lowercased().contains("connect") == true)
        #expect(!daemon.events("serve.stopped").isEmpty)
    }

    @Test("the server going away mid-poll: logged, retried with back-off, and still exactly once")
    func serverGoneMidPoll() throws {
        let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
        let user = "fault-test@example.com"
        servers.reset(user)
        let count = 1000
        try servers.drop((1...count).map { Self.numberedMail($0) }, into: user, tag: "gone")
        // The daemon talks to Dovecot through a forwarder the test can cut, as if the server went down;
        // the other suites keep their servers.
        let proxy = try LoopbackServer(.forward(to: servers.port("TICKETD_TEST_IMAPS_PORT")))
        let fixture = try Self.fixture(user: user, servers: servers) {
            $0.replacingOccurrences(of: "imaps://127.0.0.1:10993", with: "imaps://127.0.0.1:\(proxy.port)")
        }
        let daemon = try DaemonProcess(["serve", "--config", fixture.configPath], logPath: fixture.directory.file("serve.log"))
        #expect(waitFor(30) { daemon.events("ticket.created").count >= 5 })
        proxy.cutConnections()
        #expect(waitFor(30) { !daemon.events("poll.failed").isEmpty }, "the cut was not noticed: \(daemon.log.suffix(2000))")
        let inboxWhileDown = servers.count(user, mailbox: "INBOX") ?? 0
        proxy.resume()
        #expect(waitFor(120) { servers.count(user, mailbox: "INBOX") == 0 }, "\(daemon.log.suffix(3000))")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10) == 0)
        proxy.stop()
        #expect(inboxWhileDown > 0, "the cut came too late to be mid-poll")
        let failure = try #require(daemon.events("poll.failed").first)
        #expect((failure["retry_in_seconds"] as? Int ?? 0) >= 1)
        let titles = try Self.jsonList(["tickets"], fixture).compactMap { $0["title"] as? String }
        let numbers = titles.compactMap { title in title.split(separator: "#").last.flatMap { Int($0) } }
        #expect(numbers.count == count, "tickets: \(numbers.count)")
        #expect(Set(numbers) == Set(1...count))
    }
}
