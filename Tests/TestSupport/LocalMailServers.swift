import Foundation

/// The real local Dovecot and Postfix of `Scripts/mailserver.sh`, as the daemon's integration
/// tests use them: started once (the script is idempotent), addressed through the variables its
/// `env` command prints.
public struct LocalMailServers: Sendable {
    /// The variables of `Scripts/mailserver.sh env`.
    public let environment: [String: String]

    /// The running servers, started on first use; nil (with ``problem``) when they cannot start.
    public static let shared: LocalMailServers? = start()
    nonisolated(unsafe) public private(set) static var problem = ""

    private static var script: String { (RepositoryPaths.root as NSString).appendingPathComponent("Scripts/mailserver.sh") }

    /// `$TICKETD_TEST_MAIL_STATE_DIR` points the tests at servers another checkout runs.
    private static var stateArguments: [String] {
        ProcessInfo.processInfo.environment["TICKETD_TEST_MAIL_STATE_DIR"].map { [$0] } ?? []
    }

    private static func start() -> LocalMailServers? {
        let started = Shell.run(script, ["start"] + stateArguments)
        guard started.status == 0 else {
            problem = "Scripts/mailserver.sh start failed: \(started.output.suffix(2000))"
            return nil
        }
        let printed = Shell.run(script, ["env"] + stateArguments)
        guard printed.status == 0 else {
            problem = "Scripts/mailserver.sh env failed: \(printed.output.suffix(2000))"
            return nil
        }
        let environment = Shell.exports(printed.output)
        return LocalMailServers(environment: environment)
    }

    public func value(_ name: String) -> String { environment[name] ?? "" }
    public func port(_ name: String) -> Int { Int(value(name)) ?? 0 }
    public var caFile: String { value("TICKETD_TEST_CA_FILE") }

    static func key(_ user: String) -> String {
        user.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.map(String.init).joined()
    }

    /// The password file of a test user.
    public func passwordFile(of user: String) -> String { value("TICKETD_TEST_PASSWORD_FILE_\(Self.key(user))") }

    /// The Maildir of a test user.
    public func maildir(of user: String) -> String { value("TICKETD_TEST_MAILDIR_\(Self.key(user))") }

    /// Runs doveadm against the test Dovecot.
    @discardableResult
    public func doveadm(_ arguments: [String]) -> (status: Int32, output: String) {
        Shell.run("/usr/bin/doveadm", ["-c", value("TICKETD_TEST_DOVECOT_CONFIG")] + arguments)
    }

    /// Empties a user's mailboxes: INBOX expunged, every other mailbox deleted.
    public func reset(_ user: String) {
        doveadm(["expunge", "-u", user, "mailbox", "*", "all"])
        let listed = doveadm(["mailbox", "list", "-u", user]).output
        for name in listed.split(separator: "\n").map(String.init) where name != "INBOX" && !name.isEmpty {
            doveadm(["mailbox", "delete", "-u", user, "-s", name])
        }
    }

    /// How many messages a user's mailbox holds (nil when it does not exist).
    public func count(_ user: String, mailbox: String) -> Int? {
        let result = doveadm(["-f", "flow", "mailbox", "status", "-u", user, "messages", mailbox])
        guard result.status == 0, let range = result.output.range(of: "messages=") else { return nil }
        return Int(result.output[range.upperBound...].prefix { $0.isNumber })
    }

    /// Sends mails through Postfix (SMTP on loopback), as the outside world delivers them.
    public func deliver(_ files: [String], to recipient: String, from sender: String = "erika.beispiel@example.org") throws {
        for file in files {
            let result = Shell.run("/usr/bin/curl", [
                "--silent", "--show-error", "--url", "smtp://127.0.0.1:\(port("TICKETD_TEST_SMTP_PORT"))",
                "--mail-from", sender, "--mail-rcpt", recipient, "--upload-file", file,
            ])
            guard result.status == 0 else { throw ShellFailure(description: "delivering \(file) failed: \(result.output)") }
        }
    }

    /// Puts mails straight into a user's Maildir (`cur/`) and makes Dovecot see them: thousands in a second.
    /// `ageDays` back-dates the files, which a Maildir server takes as the messages' arrival time.
    public func drop(_ messages: [[UInt8]], into user: String, tag: String, ageDays: Int = 0) throws {
        let cur = (maildir(of: user) as NSString).appendingPathComponent("cur")
        try FileManager.default.createDirectory(atPath: cur, withIntermediateDirectories: true)
        let uid = value("TICKETD_TEST_MAIL_UID"), gid = value("TICKETD_TEST_MAIL_GID")
        for (index, message) in messages.enumerated() {
            let path = (cur as NSString).appendingPathComponent("\(1_700_000_000 + index).\(tag)\(index).ticketd-test:2,")
            guard FileManager.default.createFile(atPath: path, contents: Data(message)) else {
                throw ShellFailure(description: "cannot write \(path)")
            }
            if ageDays > 0 {
                let then = Date().addingTimeInterval(-Double(ageDays) * 86_400)
                try FileManager.default.setAttributes([.modificationDate: then], ofItemAtPath: path)
            }
        }
        Shell.run("/bin/chown", ["-R", "\(uid):\(gid)", maildir(of: user)])
        let resync = doveadm(["force-resync", "-u", user, "INBOX"])
        guard resync.status == 0 else { throw ShellFailure(description: "doveadm force-resync failed: \(resync.output)") }
    }

    /// Disconnects every IMAP session of a user, as a server restart would.
    public func kick(_ user: String) { doveadm(["kick", user]) }
}

/// Running a helper program and collecting what it printed.
public enum Shell {
    /// The variables of a script's `export NAME='value'` lines (what `mailserver.sh env` and
    /// `pgserver.sh env` print).
    public static func exports(_ output: String) -> [String: String] {
        var environment: [String: String] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            var value = assignment[assignment.index(after: equals)...]
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 { value = value.dropFirst().dropLast() }
            environment[String(assignment[..<equals])] = String(value)
        }
        return environment
    }

    /// Runs a program to its end, its output collected through a file.
    ///
    /// Not through a pipe: a daemon the program starts keeps a pipe open for ever. And not through
    /// Foundation's `Process`: when the program starts daemons that fork, its exit was seen to go
    /// unnoticed on Linux, leaving a zombie and a test waiting for ever. `posix_spawn` and a
    /// blocking `waitpid` on exactly this child cannot miss it.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("ticketd-shell-\(UUID().uuidString).out")
        defer { unlink(path) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { return (-1, "\(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return (-1, "waitpid: \(String(cString: strerror(errno)))") }
        }
        let output = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitStatus, output)
    }
}

/// A helper program failed.
public struct ShellFailure: Error, CustomStringConvertible {
    public var description: String
}
