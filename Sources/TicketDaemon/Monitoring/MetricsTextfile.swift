import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The metrics file for node_exporter's textfile collector, replaced whole on every write: the
/// text goes into a temporary file in the same directory, which is then renamed over the old
/// one, so the collector never reads half a file (rename is atomic within one file system).
package struct MetricsTextfile: Sendable {
    /// The file (`[metrics] textfile`).
    package var path: String

    /// Describes the file.
    package init(path: String) { self.path = path }

    /// Why the file could not be written: the cause and the fix.
    package struct WriteError: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    /// Replaces the file with `text`, readable by everyone (mode 0644: node_exporter runs as
    /// another user, and the file holds counts only).
    package func write(_ text: String) throws(WriteError) {
        let directory = (path as NSString).deletingLastPathComponent
        // A name the collector ignores (it reads *.prom only), unique to this process.
        let temporary = (directory as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                let error = failure("cannot write \(temporary)")
                close(descriptor)
                unlink(temporary)
                throw error
            }
            offset += written
        }
        // The process umask (077, for the database) would make it owner-only.
        fchmod(descriptor, 0o644)
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
    }

    private func failure(_ what: String) -> WriteError {
        WriteError(description: "\(what): \(String(cString: strerror(errno))). Check that the directory of metrics.textfile exists, "
            + "has free space, and is writable by the user ticketd runs as")
    }
}
