import Foundation
import Synchronization

/// Where log lines go: a file descriptor, written whole line by line under a lock, or (for
/// tests) a buffer in memory.
package final class LogSink: Sendable {
    private enum Target {
        case descriptor(Int32)
        case memory
    }

    private let target: Target
    private let captured = Mutex<[String]>([])
    private let writeLock = Mutex<Void>(())

    private init(_ target: Target) { self.target = target }

    /// Standard output: the daemon's log under systemd.
    package static let standardOutput = LogSink(.descriptor(1))
    /// Standard error: the log of one-shot commands, whose standard output is their result.
    package static let standardError = LogSink(.descriptor(2))
    /// A sink that keeps the lines, for tests.
    package static func memory() -> LogSink { LogSink(.memory) }

    /// Writes one complete line.
    package func write(_ line: String) {
        switch target {
        case .memory:
            captured.withLock { $0.append(line) }
        case .descriptor(let fd):
            writeLock.withLock { _ in
                var bytes = Array(line.utf8)
                var offset = 0
                while offset < bytes.count {
                    let written = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                    if written <= 0 { if errno == EINTR { continue } else { return } }
                    offset += written
                }
            }
        }
    }

    /// The lines written so far (memory sinks only).
    package var lines: [String] { captured.withLock { $0 } }
}
