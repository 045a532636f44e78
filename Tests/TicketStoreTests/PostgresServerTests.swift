import Foundation
import TestSupport
import Testing

/// The throwaway PostgreSQL that the store's PostgreSQL tests will run against (issue 19), held to
/// what those tests rely on: it speaks TLS 1.2 or newer with a certificate for `localhost` from its
/// own test CA, and refuses what ticketd must refuse too: a connection without TLS, a certificate
/// from another CA, and a host name the certificate does not carry (verify-full semantics).
/// psql from Debian is the client here; ticketd's own client comes with the storage contract.
@Suite("Local PostgreSQL for the storage tests")
struct PostgresServerTests {
    static func server() throws -> LocalPostgres {
        try #require(LocalPostgres.shared, Comment(rawValue: LocalPostgres.problem))
    }

    @Test("verify-full with the test CA: PostgreSQL 15 over TLS 1.2 or newer, and the test role may create what the store needs")
    func verified() throws {
        let server = try Self.server()
        let answer = server.psql("SELECT current_setting('server_version_num')::int / 10000, ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                                 conninfo: "host=localhost port=\(server.port) sslmode=verify-full sslrootcert=\(server.caFile)")
        #expect(answer.status == 0, "\(answer.output)")
        let fields = answer.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
        #expect(fields.count == 3 && fields[0] == "15" && fields[1] == "t" && ["TLSv1.2", "TLSv1.3"].contains(fields[2]), "\(answer.output)")
        let table = "harness_\(UUID().uuidString.prefix(8).lowercased())"
        let created = server.psql("CREATE TABLE \(table) (id bigint PRIMARY KEY, sealed bytea NOT NULL); DROP TABLE \(table)",
                                  conninfo: "host=localhost port=\(server.port) sslmode=verify-full sslrootcert=\(server.caFile)")
        #expect(created.status == 0, "\(created.output)")
    }

    @Test("refused: plain TCP (no pg_hba entry without TLS), a certificate from another CA, an address the certificate does not name", arguments: [
        ("host=localhost sslmode=disable", "no encryption"),
        ("host=localhost sslmode=verify-full sslrootcert=WRONG", "certificate verify failed"),
        ("host=127.0.0.1 sslmode=verify-full sslrootcert=CA", "does not match host name"),
    ])
    func refused(conninfo: String, message: String) throws {
        let server = try Self.server()
        let info = conninfo.replacingOccurrences(of: "WRONG", with: server.wrongCAFile).replacingOccurrences(of: "CA", with: server.caFile)
        let answer = server.psql("SELECT 1", conninfo: info + " port=\(server.port)")
        #expect(answer.status != 0 && answer.output.contains(message), "\(answer.status): \(answer.output)")
    }
}
