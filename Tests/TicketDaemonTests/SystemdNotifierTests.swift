import Foundation
import Testing
@testable import TicketDaemon
#if canImport(Glibc)
import Glibc
#endif

/// The notification protocol's addressing: a socket path, or an abstract name written with `@`.
@Suite("systemd notification socket")
struct SystemdNotifierTests {
    /// Binds a datagram socket to `name` (a leading NUL byte makes it abstract) and returns it.
    static func listen(_ name: [UInt8]) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (index, byte) in name.enumerated() { raw[index] = byte } }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + name.count + (name.first == 0 ? 0 : 1))
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        try #require(descriptor >= 0 && bound == 0, "bind failed: errno \(errno)")
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }

    static func receive(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
    }

    @Test("an abstract socket (@name) receives the datagram, one assignment per line")
    func abstractSocket() throws {
        let name = "ticketd-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = try Self.listen([0] + Array(name.utf8))
        defer { close(descriptor) }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "@" + name])
        #expect(notifier.isEnabled)
        notifier.ready(status: "last poll ok\nsecond line")
        #expect(Self.receive(descriptor) == "READY=1\nSTATUS=last poll ok second line", "a newline in a value must not start an assignment")
    }

    @Test("a socket path receives the datagram")
    func pathSocket() throws {
        let path = NSTemporaryDirectory() + "ticketd-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let descriptor = try Self.listen(Array(path.utf8))
        defer { close(descriptor); unlink(path) }
        SystemdNotifier(environment: ["NOTIFY_SOCKET": path]).stopping()
        #expect(Self.receive(descriptor).hasPrefix("STOPPING=1\n"))
    }

    @Test("the watchdog interval comes from WATCHDOG_USEC, only when WATCHDOG_PID is this process or absent")
    func watchdogInterval() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "120000000"]).watchdogInterval == .seconds(120))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "120000000", "WATCHDOG_PID": "\(getpid())"]).watchdogInterval == .seconds(120))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "120000000", "WATCHDOG_PID": "1"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogInterval == nil)
        #expect(!SystemdNotifier(environment: [:]).isEnabled, "without NOTIFY_SOCKET nothing is sent")
    }
}
