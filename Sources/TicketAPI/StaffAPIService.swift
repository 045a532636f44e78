import Foundation
import Hummingbird
import HummingbirdTLS
package import Logging
import NIOCore
package import NIOSSL
package import ServiceLifecycle
package import TicketDaemon
#if canImport(Glibc)
import Glibc
#endif

/// The staff API as a service of `serve` (issue 17), on one of two listeners:
/// - HTTP/1.1 on the Unix socket of `[api]`, made 0660 and given to `socket_group` as soon as it
///   is bound, so that exactly the service user and the members of that group can connect; the
///   kernel names each caller;
/// - HTTPS on `[api] listen` for API tokens, TLS 1.2 or newer. There is no plaintext TCP
///   listener: a client that does not start with a TLS handshake gets no HTTP answer at all.
package struct StaffAPIService: Service {
    let live: ReloadableRuntime
    let listener: Listener
    /// Shared by both listeners: the use cases run one at a time, whoever asks.
    let lane: BlockingLane

    /// Where the service listens.
    enum Listener: Sendable {
        case socket
        case tls(Configuration.TLSListener)
    }

    /// What `serve` adds to its services: the socket once someone has an account, the TLS
    /// listener once `[api] listen` is set.
    package static func services(for runtime: Runtime) -> @Sendable (ReloadableRuntime) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let socket = !runtime.configuration.staff.isEmpty
        let tls = runtime.configuration.api.tls
        return { live in
            let lane = BlockingLane("api")
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
            if socket { services.append(.init(service: StaffAPIService(live: live, listener: .socket, lane: lane), serviceName: "api")) }
            if let tls { services.append(.init(service: StaffAPIService(live: live, listener: .tls(tls), lane: lane), serviceName: "api-tls")) }
            return services
        }
    }

    package func run() async throws {
        switch listener {
        case .socket: try await serveSocket()
        case .tls(let tls): try await serveTLS(tls)
        }
    }

    /// The shared state of this listener's ``ConnectionGuard``s: `[api] max_connections` open at
    /// once, and `[api] request_timeout` for each request to arrive whole; read from the
    /// configuration the service starts with (like the socket's path, a change takes a restart).
    /// Each connection gets a guard of its own through Hummingbird's `additionalChannelHandlers`.
    /// Its deadline takes the place of Hummingbird's idle timeout (`idleTimeout: nil`), which every
    /// decoded part resets, so that a body trickled a byte at a time held its connection for ever.
    static func limits(_ runtime: Runtime, listener: String) -> ConnectionGuard.Listener {
        let api = runtime.configuration.api
        return ConnectionGuard.Listener(name: listener, maxConnections: api.maxConnections, requestTimeout: api.requestTimeout, logger: runtime.logger)
    }

    func serveSocket() async throws {
        let runtime = live.current
        let api = runtime.configuration.api
        try Self.removeStaleSocket(api.socket)
        let logger = runtime.logger
        let limits = Self.limits(runtime, listener: "socket")
        let application = Application(
            router: StaffAPI(live: live, authentication: .peerCredentials, lane: lane).router(),
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(limits)], idleTimeout: nil)),
            configuration: .init(address: .unixDomainSocket(path: api.socket), serverName: "ticketd"),
            onServerRunning: { _ in
                Self.restrict(api.socket, group: api.socketGroup, logger: logger)
                logger.notice("api.listening", metadata: ["socket": .string(api.socket), "group": .string(api.socketGroup)])
            },
            logger: Self.quiet(logger)
        )
        try await application.run()
    }

    func serveTLS(_ tls: Configuration.TLSListener) async throws {
        let runtime = live.current
        let logger = runtime.logger
        let configuration = try Self.tlsConfiguration(tls)
        let limits = Self.limits(runtime, listener: "tls")
        let application = Application(
            router: StaffAPI(live: live, authentication: .bearerToken, lane: lane).router(),
            server: try .tls(.http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(limits)], idleTimeout: nil)), tlsConfiguration: configuration),
            configuration: .init(address: .hostname(tls.host, port: tls.port), serverName: "ticketd"),
            onServerRunning: { channel in
                logger.notice("api.listening", metadata: ["address": .string(channel.localAddress?.description ?? "\(tls.host):\(tls.port)"), "tls": "1.2+"])
            },
            logger: Self.quiet(logger)
        )
        try await application.run()
    }

    /// The server's TLS settings: the configured chain and key, TLS 1.2 at least (RFC 8996 retired
    /// 1.0 and 1.1), and no client certificates (tokens authenticate; the portal's people sign in
    /// by mail). `section` names the configuration section in the errors (`api`, `portal`).
    package static func tlsConfiguration(_ tls: Configuration.TLSListener, section: String = "api") throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(tls.certificateFile) } catch {
            throw APIStartFailure(message: "the certificate \(tls.certificateFile) cannot be read as PEM (\(error)): name the certificate chain in [\(section)] certificate_file")
        }
        do { key = try NIOSSLPrivateKey(file: tls.keyFile, format: .pem) } catch {
            throw APIStartFailure(message: "the private key \(tls.keyFile) cannot be read as PEM (\(error)): name the certificate's key in [\(section)] key_file, readable by ticketd")
        }
        guard !chain.isEmpty else {
            throw APIStartFailure(message: "\(tls.certificateFile) holds no certificate: name the certificate chain in [\(section)] certificate_file")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .none
        return configuration
    }

    /// Hummingbird's own lines at warning and above; ticketd logs what it decides itself.
    package static func quiet(_ logger: Logger) -> Logger {
        var quiet = logger
        quiet.logLevel = .warning
        return quiet
    }

    /// A socket left by a daemon that did not stop cleanly would make the bind fail; anything
    /// that is not a socket is left alone and refused.
    package static func removeStaleSocket(_ path: String, section: String = "api") throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFSOCK else {
            throw APIStartFailure(message: "\(path) exists and is not a socket: remove it or choose another [\(section)] socket")
        }
        unlink(path)
    }

    /// 0660, owner the service user, group `group` (when it exists).
    static func restrict(_ path: String, group: String, logger: Logger) {
        if chmod(path, 0o660) != 0 {
            logger.error("api.socket_mode_failed", metadata: ["socket": .string(path), "errno": .stringConvertible(errno)])
        }
        guard let entry = getgrnam(group) else {
            logger.warning("api.socket_group_missing", metadata: ["group": .string(group), "fix": "create the group and add the members of staff"])
            return
        }
        if chown(path, uid_t.max, entry.pointee.gr_gid) != 0 {
            logger.error("api.socket_group_failed", metadata: ["socket": .string(path), "group": .string(group), "errno": .stringConvertible(errno)])
        }
    }
}

/// Why the API could not start.
struct APIStartFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
