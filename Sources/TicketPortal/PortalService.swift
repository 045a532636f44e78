import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
package import ServiceLifecycle
import TicketAPI
package import TicketDaemon
#if canImport(Glibc)
import Glibc
#endif

/// The privacy portal as a service of `serve` (issue 18), on the one listener `[portal]` names:
/// - HTTPS on `listen` with its certificate, TLS 1.2 or newer, and HSTS on every answer; there
///   is no plaintext listener, so a request without a TLS handshake gets no HTTP answer;
/// - HTTP/1.1 on a Unix socket (0660) for a reverse proxy on the same machine that terminates
///   TLS at `public_url`.
///
/// The listener carries the staff API's connection guard, with `[api] max_connections` and
/// `request_timeout` (its lines say `portal.`).
package struct PortalService: Service {
    let live: ReloadableRuntime
    let portal: Configuration.Portal

    /// What `serve` adds to its services: the portal when `[portal]` is configured.
    package static func services(for runtime: Runtime) -> @Sendable (ReloadableRuntime) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let portal = runtime.configuration.portal
        return { live in
            guard let portal else { return [] }
            return [.init(service: PortalService(live: live, portal: portal), serviceName: "portal")]
        }
    }

    /// Serves until the service group shuts down (SIGTERM): an answer in hand is finished.
    package func run() async throws {
        let runtime = live.current
        let logger = runtime.logger
        let behindProxy = if case .socket = portal.listener { true } else { false }
        let routes = PortalRoutes(live: live, started: portal, lane: BlockingLanes("portal"),
                                  clientLimit: PortalClientLimit(attempts: portal.attemptsPerClient, behindProxy: behindProxy))
        let api = runtime.configuration.api
        switch portal.listener {
        case .tls(let tls):
            let limit = ConnectionLimit(name: "tls", maxConnections: api.maxConnections, requestTimeout: api.requestTimeout, logger: logger, events: "portal")
            let application = Application(
                router: routes.router(tls: true),
                server: try .tls(.http1(configuration: .init(additionalChannelHandlers: limit.handlers(), idleTimeout: nil)),
                                 tlsConfiguration: try StaffAPIService.tlsConfiguration(tls, section: "portal")),
                configuration: .init(address: .hostname(tls.host, port: tls.port), serverName: "ticketd"),
                onServerRunning: { channel in
                    logger.notice("portal.listening", metadata: [
                        "address": .string(channel.localAddress?.description ?? "\(tls.host):\(tls.port)"), "tls": "1.2+",
                    ])
                },
                logger: StaffAPIService.quiet(logger)
            )
            try await application.run()
        case .socket(let path):
            try StaffAPIService.removeStaleSocket(path, section: "portal")
            let limit = ConnectionLimit(name: "socket", maxConnections: api.maxConnections, requestTimeout: api.requestTimeout, logger: logger, events: "portal")
            let application = Application(
                router: routes.router(tls: false),
                server: .http1(configuration: .init(additionalChannelHandlers: limit.handlers(), idleTimeout: nil)),
                configuration: .init(address: .unixDomainSocket(path: path), serverName: "ticketd"),
                onServerRunning: { _ in
                    // 0660: the service user and its group (the reverse proxy's user joins it).
                    if chmod(path, 0o660) != 0 {
                        logger.error("portal.socket_mode_failed", metadata: ["socket": .string(path), "errno": .stringConvertible(errno)])
                    }
                    logger.notice("portal.listening", metadata: ["socket": .string(path)])
                },
                logger: StaffAPIService.quiet(logger)
            )
            try await application.run()
        }
    }
}
