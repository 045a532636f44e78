import Hummingbird
import NIOCore

/// The portal's request context (issue 18): Hummingbird's core, and the address of the client the
/// listener accepted, which the per-client limit of sign-in attempts counts by.
struct PortalRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer's IP address on the TLS listener; nil on the Unix socket (the reverse proxy's
    /// `X-Forwarded-For` names the client there).
    let peer: String?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress
    }
}
