import Foundation
import TestSupport
import Testing
@testable import TicketStorePostgres

/// ticketd's own way to PostgreSQL (issue 19): the URL it accepts, and a connection through
/// postgres-nio with verify-full against the throwaway server of `Scripts/pgserver.sh`.
@Suite("PostgreSQL: the endpoint and a verified connection")
struct PostgresConnectionTests {
    @Test("a postgresql:// URL: user, host name, port (5432 by default), database")
    func accepted() throws {
        let endpoint = try PostgresEndpoint(url: "postgresql://ticketd@DB.example.com/ticketd")
        #expect(endpoint == PostgresEndpoint(user: "ticketd", host: "db.example.com", port: 5432, database: "ticketd"))
        #expect(try PostgresEndpoint(url: "postgres://app@db.example.com:6432/helpdesk").port == 6432)
        #expect(endpoint.description == "postgresql://ticketd@db.example.com:5432/ticketd")
    }

    @Test("refused, each with its fix: not postgresql, a password in the URL (never repeated), no user, an IP address, no database, options", arguments: [
        ("mysql://ticketd@db.example.com/ticketd", "not a postgresql:// URL"),
        ("postgresql://ticketd:hunter2-secret@db.example.com/ticketd", "holds a password"),
        ("postgresql://db.example.com/ticketd", "names no user"),
        ("postgresql://ticketd@127.0.0.1/ticketd", "is an IP address"),
        ("postgresql://ticketd@[::1]:5432/ticketd", "is an IP address"),
        ("postgresql://ticketd@db.example.com/", "names no database"),
        ("postgresql://ticketd@db.example.com/ticketd?sslmode=disable", "has options"),
    ])
    func refused(url: String, reason: String) {
        do {
            _ = try PostgresEndpoint(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.reason.contains(reason) && !error.fix.isEmpty, "\(error)")
            #expect(!error.description.contains("hunter2-secret"), "a password is never repeated")
        }
    }

    static func server() throws -> LocalPostgres { try #require(LocalPostgres.shared, Comment(rawValue: LocalPostgres.problem)) }

    static func endpoint(_ server: LocalPostgres, database: String? = nil) throws -> PostgresEndpoint {
        try PostgresEndpoint(url: "postgresql://\(server.value("TICKETD_TEST_PG_USER"))@localhost:\(server.port)/\(database ?? server.value("TICKETD_TEST_PG_DATABASE"))")
    }

    @Test("postgres-nio with verify-full: PostgreSQL 15 over TLS 1.2 or newer, waited for on a plain thread")
    func verified() throws {
        let server = try Self.server()
        let facts = try PostgresProbe.facts(of: Self.endpoint(server), password: server.password, caFile: server.caFile)
        #expect(facts.majorVersion == 15 && ["TLSv1.2", "TLSv1.3"].contains(facts.tlsVersion), "\(facts)")
    }

    @Test("refused with the cause and the fix: a certificate from another CA, a wrong password, a missing database, nothing listening")
    func refusals() throws {
        let server = try Self.server()
        let endpoint = try Self.endpoint(server)
        func failure(_ body: () throws(PostgresProbe.Failure) -> PostgresProbe.Facts) -> PostgresProbe.Failure? {
            do { _ = try body(); return nil } catch { return error }
        }
        let wrongCA = failure { () throws(PostgresProbe.Failure) in try PostgresProbe.facts(of: endpoint, password: server.password, caFile: server.wrongCAFile) }
        #expect(wrongCA?.cause.contains("TLS handshake") == true && wrongCA?.fix.contains("ca_file") == true, "\(String(describing: wrongCA))")
        let wrongPassword = failure { () throws(PostgresProbe.Failure) in try PostgresProbe.facts(of: endpoint, password: "not-the-password", caFile: server.caFile) }
        #expect(wrongPassword?.cause.contains("refused the password") == true && !(wrongPassword?.description.contains("not-the-password") ?? true),
                "\(String(describing: wrongPassword))")
        let noSuchDatabase = try Self.endpoint(server, database: "no_such_db")
        let missing = failure { () throws(PostgresProbe.Failure) in
            try PostgresProbe.facts(of: noSuchDatabase, password: server.password, caFile: server.caFile)
        }
        #expect(missing?.cause.contains("has no database no_such_db") == true, "\(String(describing: missing))")
        var closed = endpoint
        closed.port = 1
        let nothing = failure { () throws(PostgresProbe.Failure) in try PostgresProbe.facts(of: closed, password: server.password, caFile: server.caFile) }
        #expect(nothing?.cause.contains("no connection to localhost:1") == true, "\(String(describing: nothing))")
    }
}
