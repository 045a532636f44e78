public import Foundation
import Synchronization

/// The listening end of the systemd notification protocol, as systemd would hold it: a Unix
/// datagram socket whose path goes to the daemon in `$NOTIFY_SOCKET`. Every datagram is kept
/// with the time it arrived.
public final class NotifySocket: Sendable {
    /// What the daemon sent: one entry per datagram, its `KEY=value` lines.
    public struct Message: Sendable {
        public var at: Date
        public var assignments: [String]
    }

    /// The socket's path, for `NOTIFY_SOCKET`.
    public let path: String
    private let descriptor: Int32
    private let messages = Mutex<[Message]>([])

    /// Binds a socket in `directory`.
    public init(directory: String) throws {
        path = (directory as NSString).appendingPathComponent("notify.sock")
        unlink(path)
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0 else { throw LoopbackSocket.Failure(description: "cannot bind \(path): errno \(errno)") }
        let thread = Thread { [self] in receiveLoop() }
        thread.start()
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            let text = String(decoding: buffer[0..<count], as: UTF8.self)
            let message = Message(at: Date(), assignments: text.split(separator: "\n").map(String.init))
            messages.withLock { $0.append(message) }
        }
    }

    /// Every datagram so far.
    public var received: [Message] { messages.withLock { $0 } }

    /// The datagrams holding `assignment` (e.g. `READY=1`).
    public func all(_ assignment: String) -> [Message] { received.filter { $0.assignments.contains(assignment) } }

    deinit {
        shutdown(descriptor, Int32(SHUT_RDWR))
        unlink(path)
    }
}
