import Foundation

/// Real, separate Unix users and a group for the tests of the daemon's socket (issue 17): made
/// with the system's own tools (groupadd, useradd, usermod), so the kernel names them to the
/// daemon exactly as it names members of staff. Creating them needs root, which CI has.
public enum UnixUsers {
    /// Why the users could not be made, if they could not.
    public static var problem: String {
        geteuid() == 0 ? "groupadd/useradd failed (see the output above)" : "the socket tests create Unix users and need root (CI runs as root)"
    }

    /// Makes `group` and each user (no home, no login shell) if missing; `members` join the group.
    /// Returns false when that is not possible here.
    public static func ensure(group: String, members: [String], others: [String]) -> Bool {
        guard geteuid() == 0 else { return false }
        if getgrnam(group) == nil, Shell.run("/usr/sbin/groupadd", ["--system", group]).status != 0 { return false }
        for user in members + others where getpwnam(user) == nil {
            let made = Shell.run("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user])
            guard made.status == 0 else { print("useradd \(user): \(made.output)"); return false }
        }
        for user in members where Shell.run("/usr/sbin/usermod", ["--append", "--groups", group, user]).status != 0 { return false }
        return true
    }

    /// Runs `executable` as `user` (runuser, util-linux), with that user's groups.
    public static func run(as user: String, _ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        Shell.run("/usr/sbin/runuser", ["-u", user, "--", executable] + arguments)
    }

    /// GET `path` on the Unix socket as `user`: the HTTP status and the body (curl's exit status
    /// when no answer came, e.g. 7 when the socket refused the user).
    public static func get(_ path: String, socket: String, as user: String) -> (status: Int, body: String) {
        request(path, socket: socket, as: user, extra: [])
    }

    /// POST `body` (JSON) to `path` on the Unix socket as `user`, with `environment` set for curl
    /// (to show that nothing in the caller's environment names them).
    public static func post(_ path: String, body: String, socket: String, as user: String, environment: [String] = []) -> (status: Int, body: String) {
        request(path, socket: socket, as: user, extra: ["--request", "POST", "--header", "Content-Type: application/json", "--data-binary", body],
                environment: environment)
    }

    static func request(_ path: String, socket: String, as user: String, extra: [String], environment: [String] = []) -> (status: Int, body: String) {
        let curl = ["/usr/bin/curl", "--silent", "--show-error", "--max-time", "20", "--unix-socket", socket,
                    "--write-out", "\n%{http_code}"] + extra + ["http://ticketd\(path)"]
        let result = run(as: user, "/usr/bin/env", environment + curl)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        guard result.status == 0, let last = lines.last, let code = Int(last) else { return (-Int(result.status), result.output) }
        return (code, lines.dropLast().joined(separator: "\n"))
    }
}
