import Foundation
import Hummingbird
import Logging
import NIOCore
package import ServiceLifecycle
package import TicketDaemon
#if canImport(Glibc)
import Glibc
#endif

/// The staff API as a service of `serve` (issue 17): HTTP/1.1 on the Unix socket of `[api]`,
/// made 0660 and given to `socket_group` as soon as it is bound, so that exactly the service
/// user and the members of that group can connect; the kernel names each caller.
package struct StaffAPIService: Service {
    let live: ReloadableRuntime

    /// The service for the shared runtime.
    package init(live: ReloadableRuntime) { self.live = live }

    /// What `serve` adds to its services: the API, once someone has an account.
    package static func services(for runtime: Runtime) -> @Sendable (ReloadableRuntime) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let wanted = !runtime.configuration.staff.isEmpty
        return { live in wanted ? [.init(service: StaffAPIService(live: live), serviceName: "api")] : [] }
    }

    package func run() async throws {
        let runtime = live.current
        let api = runtime.configuration.api
        try Self.removeStaleSocket(api.socket)
        let logger = runtime.logger
        var hummingbirdLogger = logger
        hummingbirdLogger.logLevel = .warning
        let application = Application(
            router: StaffAPI(live: live).router(),
            // A connection that sends nothing for 30 s is closed: an idle or stalled client holds no slot.
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .unixDomainSocket(path: api.socket), serverName: "ticketd"),
            onServerRunning: { _ in
                Self.restrict(api.socket, group: api.socketGroup, logger: logger)
                logger.notice("api.listening", metadata: ["socket": .string(api.socket), "group": .string(api.socketGroup)])
            },
            logger: hummingbirdLogger
        )
        try await application.run()
    }

    /// A socket left by a daemon that did not stop cleanly would make the bind fail; anything
    /// that is not a socket is left alone and refused.
    static func removeStaleSocket(_ path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFSOCK else {
            throw APIStartFailure(message: "\(path) exists and is not a socket: remove it or choose another [api] socket")
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
