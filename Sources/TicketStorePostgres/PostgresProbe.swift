import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Connects to a PostgreSQL database the way the store will (issue 19): TLS 1.2 or newer, the
/// server's certificate checked against the configured CA and the endpoint's host name, SCRAM
/// with the password from its file; and asks the server what it is. It blocks the calling thread
/// (a blocking lane, never the cooperative pool or an event loop) on postgres-nio's futures, the
/// bridge the store keeps for its synchronous use cases.
public enum PostgresProbe {
    /// What the server said about itself.
    public struct Facts: Sendable, Hashable {
        /// `server_version_num` / 10000: 15 for PostgreSQL 15.
        public var majorVersion: Int
        /// The TLS version of the connection (`TLSv1.3`).
        public var tlsVersion: String
    }

    /// Why no connection was made, in words that name the cause and the fix and no secret.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var cause: String
        public var fix: String
        public var description: String { "\(cause): \(fix)" }
    }

    /// Connects, asks, closes. `caFile` is a PEM file of the CA that issued the server's certificate.
    public static func facts(of endpoint: PostgresEndpoint, password: String, caFile: String, timeoutSeconds: Int64 = 10) throws(Failure) -> Facts {
        let context: NIOSSLContext
        do {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.minimumTLSVersion = .tlsv12
            tls.certificateVerification = .fullVerification
            tls.trustRoots = .file(caFile)
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw Failure(cause: "the CA file \(caFile) cannot be read as PEM (\(error))", fix: "name the CA that issued the database server's certificate in ca_file")
        }
        var configuration = PostgresConnection.Configuration(host: endpoint.host, port: endpoint.port, username: endpoint.user, password: password,
                                                             database: endpoint.database, tls: .require(context))
        configuration.options.connectTimeout = .seconds(timeoutSeconds)
        let logger = Logger(label: "ticketd.postgres")
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger).wait()
        } catch {
            throw failure(error, endpoint)
        }
        defer { try? connection.close().wait() }
        do {
            let result = try connection.query("""
                SELECT current_setting('server_version_num')::int / 10000, s.version FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()
                """, logger: logger).wait()
            guard let row = result.rows.first else { throw Failure(cause: "the server did not say what it is", fix: "check that the database is PostgreSQL 15 or newer") }
            let (major, version) = try row.decode((Int, String).self)
            return Facts(majorVersion: major, tlsVersion: version)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Self.failure(error, endpoint)
        }
    }

    /// A connection's error in words. postgres-nio keeps server messages out of its description on
    /// purpose (they can carry values); the SQLSTATE and the TLS alert are what an operator needs.
    static func failure(_ error: any Error, _ endpoint: PostgresEndpoint) -> Failure {
        let target = "\(endpoint.host):\(endpoint.port)"
        if let psql = error as? PSQLError {
            if let state = psql.serverInfo?[.sqlState] {
                switch state {
                case "28P01", "28000":
                    return Failure(cause: "\(target) refused the password of \(endpoint.user) (SQLSTATE \(state))",
                                   fix: "put the role's password in password_file, or let pg_hba.conf admit it with hostssl … scram-sha-256")
                case "3D000":
                    return Failure(cause: "\(target) has no database \(endpoint.database)", fix: "create it (CREATE DATABASE \(endpoint.database) OWNER \(endpoint.user)) or name the right one in the URL")
                default:
                    return Failure(cause: "\(target) answered SQLSTATE \(state)", fix: "see the server's log for this connection")
                }
            }
            if let underlying = psql.underlying {
                return Self.failure(underlying, endpoint)
            }
            if psql.code == .sslUnsupported {
                return Failure(cause: "\(target) does not speak TLS", fix: "turn on ssl in the server's postgresql.conf: ticketd connects with TLS only")
            }
            return Failure(cause: "no connection to \(target) (\(psql.code))", fix: "check that the server runs and the host and port are right")
        }
        if let ssl = error as? NIOSSLError {
            return Failure(cause: "the TLS handshake with \(target) failed (\(ssl))",
                           fix: "the server's certificate must chain to ca_file and name \(endpoint.host)")
        }
        if let ssl = error as? BoringSSLError {
            return Failure(cause: "the TLS handshake with \(target) failed (\(ssl))",
                           fix: "the server's certificate must chain to ca_file and name \(endpoint.host)")
        }
        if error is NIOConnectionError || error is IOError || error is ChannelError {
            return Failure(cause: "no connection to \(target) (\(error))", fix: "check that the server runs, listens there, and that no firewall is in the way")
        }
        return Failure(cause: "no connection to \(target) (\(type(of: error)))", fix: "check the server's log")
    }
}
