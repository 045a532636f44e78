import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The systemd notification protocol (sd_notify(3)): `KEY=value` lines in one datagram to the
/// Unix socket named by `$NOTIFY_SOCKET`, a path or, starting with `@`, an abstract name.
///
/// Without `$NOTIFY_SOCKET` (not started by systemd, or `Type=simple`) every call does nothing.
/// A failed send is ignored on purpose: the daemon's work must not depend on its supervisor.
package struct SystemdNotifier: Sendable {
    /// The socket address as bytes for `sun_path` (a leading NUL for an abstract name).
    private let address: [UInt8]?
    /// `WATCHDOG_USEC`, when the watchdog is on and meant for this process.
    package let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from the environment.
    package init(environment: [String: String]) {
        if let socket = environment["NOTIFY_SOCKET"], socket.count > 1, socket.hasPrefix("/") || socket.hasPrefix("@") {
            var bytes = Array(socket.utf8)
            if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
            address = bytes
        } else {
            address = nil
        }
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 {
            watchdogInterval = .microseconds(microseconds)
        } else {
            watchdogInterval = nil
        }
    }

    /// Whether a supervisor listens.
    package var isEnabled: Bool { address != nil }

    /// Sends the assignments (`READY=1`, `STATUS=...`) in one datagram.
    package func send(_ assignments: [String]) {
        guard let address, !assignments.isEmpty else { return }
        // A newline inside a value would start a new assignment: STATUS texts are one line.
        let payload = Array(assignments.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n").utf8)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: socketAddress.sun_path)
        guard address.count < capacity else { return }
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { path in
            for (index, byte) in address.enumerated() { path[index] = byte }
        }
        // An abstract name is exactly its bytes long; a path is NUL-terminated inside sun_path.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + address.count + (address[0] == 0 ? 0 : 1))
        _ = payload.withUnsafeBytes { bytes in
            withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, length)
                }
            }
        }
    }

    /// The service is up: the database is open and the first poll has an outcome.
    package func ready(status: String) { send(["READY=1", "STATUS=\(status)"]) }

    /// A one-line summary for `systemctl status`.
    package func status(_ text: String) { send(["STATUS=\(text)"]) }

    /// A reload starts; `READY=1` ends it. MONOTONIC_USEC lets systemd match the two.
    package func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        send(["RELOADING=1", "MONOTONIC_USEC=\(Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000)", "STATUS=reloading the configuration"])
    }

    /// The service is stopping: the mail in hand is finished first.
    package func stopping() { send(["STOPPING=1", "STATUS=stopping after the mail in hand"]) }

    /// The watchdog's keep-alive.
    package func watchdog() { send(["WATCHDOG=1"]) }
}
