import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checks on the database path made before SQLite touches anything, so that a wrong path fails
/// with a precise message and leaves no stray file behind.
enum DatabaseFile {
    /// Returns whether the file existed; throws when it cannot be used.
    static func preflight(_ path: String) throws(StoreError) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        var status = stat()
        if stat(path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFDIR { throw .pathIsDirectory(path) }
            if !isWritable(path, status) { throw .readOnly(path) }
            var directoryStatus = stat()
            if stat(directory, &directoryStatus) == 0, !isWritable(directory, directoryStatus) {
                throw .directoryNotWritable(directory: directory)
            }
            return true
        }
        var directoryStatus = stat()
        guard stat(directory, &directoryStatus) == 0, (directoryStatus.st_mode & S_IFMT) == S_IFDIR else {
            throw .directoryMissing(directory: directory, database: path)
        }
        if !isWritable(directory, directoryStatus) { throw .directoryNotWritable(directory: directory) }
        return false
    }

    /// Writable for this process, and not marked read-only for everyone.
    ///
    /// The mode check matters when ticketd runs as root (CI, a first manual run): root may
    /// write anywhere, but a file an operator made read-only for everyone is meant to stay so.
    static func isWritable(_ path: String, _ status: stat) -> Bool {
        access(path, W_OK) == 0 && (status.st_mode & 0o222) != 0
    }

    /// Removes a database file that this process created in a failed open.
    static func removeCreated(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// A new database is readable by its owner only, whatever the umask.
    static func restrictPermissions(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { chmod(path + suffix, 0o600) }
    }
}
