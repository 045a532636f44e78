import Hummingbird
import NIOCore

/// A request on the staff socket: Hummingbird's context plus the connection it came on, from
/// which the caller's credentials are read.
struct StaffContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The accepted connection (a Unix socket).
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
