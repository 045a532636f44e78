import Foundation
import MailTransport
import TestSupport

/// The real local mail servers (Scripts/mailserver.sh), started once per test process when they
/// are not running, with the ports and paths its `env` command prints.
struct MailServers: Sendable {
    let environment: [String: String]

    /// The running servers, or nil when they could not be started (the reason is in ``problem``).
    static let shared: MailServers? = start()
    nonisolated(unsafe) private(set) static var problem = ""

    static var available: Bool { shared != nil }

    private static func start() -> MailServers? {
        let script = RepositoryPaths.root + "/Scripts/mailserver.sh"
        let started = run(script, ["start"])
        guard started.status == 0 else {
            problem = "Scripts/mailserver.sh start failed (exit \(started.status)): \(started.output)"
            FileHandle.standardError.write(Data("MailTransportTests: skipping the server tests. \(problem)\n".utf8))
            return nil
        }
        let printed = run(script, ["env"])
        guard printed.status == 0 else {
            problem = "Scripts/mailserver.sh env failed: \(printed.output)"
            return nil
        }
        var environment: [String: String] = [:]
        for line in printed.output.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            var value = String(assignment[assignment.index(after: equals)...])
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            environment[String(assignment[..<equals])] = value
        }
        return MailServers(environment: environment)
    }

    /// Through TestSupport's `Shell`: a pipe read to its end would wait for ever on the daemons
    /// that `mailserver.sh start` leaves running.
    private static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        Shell.run(executable, arguments)
    }

    func value(_ name: String) -> String {
        guard let value = environment[name] else { fatalError("Scripts/mailserver.sh env printed no \(name)") }
        return value
    }

    func port(_ name: String) -> Int { Int(value(name)) ?? 0 }

    var caFile: String { value("TICKETD_TEST_CA_FILE") }

    /// The test password of a user, from its file in the state directory.
    func password(of user: String) -> String {
        let key = user.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        let path = value("TICKETD_TEST_PASSWORD_FILE_\(key)")
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The mailbox the MailTransport tests own: nobody else delivers to it.
    static let testUser = "transport-test@example.net"

    /// Settings for the test user over implicit TLS, trusting the test CA.
    func settings(
        user: String = MailServers.testUser, url: String? = nil, password: String? = nil, caFile: String?? = nil,
        connectTimeout: Double = 10, responseTimeout: Double = 30
    ) -> IMAPSettings {
        IMAPSettings(
            url: url ?? "imaps://127.0.0.1:\(port("TICKETD_TEST_IMAPS_PORT"))",
            username: user,
            password: password ?? self.password(of: user),
            caFile: caFile ?? self.caFile,
            connectTimeout: connectTimeout,
            responseTimeout: responseTimeout
        )
    }

    /// Delivers messages through Postfix's plain SMTP port, in one SMTP session.
    func deliver(_ messages: [[UInt8]], from sender: String = "erika.beispiel@example.org", to recipient: String = MailServers.testUser) throws {
        try SMTPDelivery.send(messages, from: sender, to: recipient, port: port("TICKETD_TEST_SMTP_PORT"))
    }
}

extension MailServers {
    /// Writes `count` small messages straight into the test user's Maildir (as the benchmark
    /// does) and makes Dovecot index them with `doveadm force-resync`.
    func dropIntoMaildir(count: Int, tag: String) throws {
        let maildir = value("TICKETD_TEST_MAILDIR_TRANSPORT_TEST_EXAMPLE_NET")
        let owner = uid_t(port("TICKETD_TEST_MAIL_UID")), group = gid_t(port("TICKETD_TEST_MAIL_GID"))
        for sub in ["", "/cur", "/new", "/tmp"] {
            try FileManager.default.createDirectory(atPath: maildir + sub, withIntermediateDirectories: true)
            chown(maildir + sub, owner, group)
        }
        let stamp = Int(Date().timeIntervalSince1970)
        for number in 1...count {
            let path = "\(maildir)/cur/\(stamp).M\(number)P\(getpid()).\(tag):2,"
            guard FileManager.default.createFile(atPath: path, contents: Data(madeUpMail(number, tag: tag))) else {
                throw LoopbackSocket.Failure(description: "cannot write \(path)")
            }
            chown(path, owner, group)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/doveadm")
        process.arguments = ["-c", value("TICKETD_TEST_DOVECOT_CONFIG"), "force-resync", "-u", Self.testUser, "INBOX"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LoopbackSocket.Failure(description: "doveadm force-resync failed with \(process.terminationStatus)")
        }
    }
}

/// A made-up contact mail with CR LF line ends, unique by its Message-ID.
func madeUpMail(_ number: Int, tag: String, body: String = "Mein neuer Fernseher findet das WLAN nicht.") -> [UInt8] {
    let text = [
        "From: Erika Beispiel <erika.beispiel@example.org>",
        "To: transport-test@example.net",
        "Subject: =?UTF-8?Q?Fernseher_Nr=2E_\(number)_=E2=80=93_WLAN?=",
        "Message-ID: <\(tag)-\(number)@example.org>",
        "Date: Mon, 3 Mar 2025 10:00:00 +0100",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "Hallo,",
        body,
        ".Eine Zeile, die mit einem Punkt beginnt.",
        "Grüße, Erika Beispiel",
        "",
    ].joined(separator: "\r\n")
    return Array(text.utf8)
}

/// A unique name for things a test creates.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
}
