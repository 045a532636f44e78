import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// The process at the other end of a Unix socket as the kernel vouches for it (SO_PEERCRED,
/// unix(7)): nothing the caller says about itself, the way PostgreSQL's peer authentication
/// knows a local user.
struct PeerCredentials: Sendable, Hashable {
    var pid: Int32
    var uid: UInt32
    var gid: UInt32

    /// `struct ucred` of <sys/socket.h>: pid, uid, gid, in this order (unix(7)).
    private struct KernelCredentials: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// Why the caller could not be identified; the connection gets no answer but a refusal.
    enum Failure: Error, CustomStringConvertible {
        case notASocket
        case unreadable(String)

        var description: String {
            switch self {
            case .notASocket: "the connection is not a socket, so the kernel cannot say who is calling"
            case .unreadable(let cause): "the kernel did not say who is calling (SO_PEERCRED): \(cause)"
            }
        }
    }

    /// The credentials of the connection `channel` serves.
    static func of(_ channel: any Channel) async throws(Failure) -> PeerCredentials {
        guard let provider = channel as? any SocketOptionProvider else { throw .notASocket }
        do {
            let found: KernelCredentials = try await provider.unsafeGetSocketOption(
                level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED)
            ).get()
            return PeerCredentials(pid: found.pid, uid: found.uid, gid: found.gid)
        } catch {
            throw .unreadable("\(error)")
        }
    }
}
