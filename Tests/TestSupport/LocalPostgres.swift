import Foundation

/// The throwaway PostgreSQL 15 of `Scripts/pgserver.sh` (issue 19), as tests use it: started once
/// (the script is idempotent), addressed through the variables its `env` command prints.
public struct LocalPostgres: Sendable {
    /// The variables of `Scripts/pgserver.sh env`.
    public let environment: [String: String]

    /// The running server, started on first use; nil (with ``problem``) when it cannot start.
    public static let shared: LocalPostgres? = start()
    nonisolated(unsafe) public private(set) static var problem = ""

    private static var script: String { (RepositoryPaths.root as NSString).appendingPathComponent("Scripts/pgserver.sh") }

    /// `$TICKETD_TEST_PG_STATE_DIR` points the tests at a server another checkout runs.
    private static var stateArguments: [String] {
        ProcessInfo.processInfo.environment["TICKETD_TEST_PG_STATE_DIR"].map { [$0] } ?? []
    }

    private static func start() -> LocalPostgres? {
        let started = Shell.run(script, ["start"] + stateArguments)
        guard started.status == 0 else {
            problem = "Scripts/pgserver.sh start failed: \(started.output.suffix(2000))"
            return nil
        }
        let printed = Shell.run(script, ["env"] + stateArguments)
        guard printed.status == 0 else {
            problem = "Scripts/pgserver.sh env failed: \(printed.output.suffix(2000))"
            return nil
        }
        let environment = Shell.exports(printed.output)
        return LocalPostgres(environment: environment)
    }

    public func value(_ name: String) -> String { environment[name] ?? "" }
    public var port: Int { Int(value("TICKETD_TEST_PG_PORT")) ?? 0 }
    public var caFile: String { value("TICKETD_TEST_PG_CA_FILE") }
    public var wrongCAFile: String { value("TICKETD_TEST_PG_WRONG_CA_FILE") }

    /// The test role's password, as its file holds it.
    public var password: String {
        ((try? String(contentsOfFile: value("TICKETD_TEST_PG_PASSWORD_FILE"), encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
    }

    /// Runs one SQL command with Debian's psql as the test role over `conninfo` (host, port,
    /// sslmode, sslrootcert: whatever the test sets up); its status and what psql printed.
    public func psql(_ sql: String, conninfo: String) -> (status: Int32, output: String) {
        Shell.run("/usr/bin/env", ["PGPASSWORD=\(password)", "PGCONNECT_TIMEOUT=10", "/usr/bin/psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                   "\(conninfo) user=\(value("TICKETD_TEST_PG_USER")) dbname=\(value("TICKETD_TEST_PG_DATABASE"))", "-c", sql])
    }
}
