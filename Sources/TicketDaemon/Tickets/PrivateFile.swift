import Foundation

/// A new file with personal data in it, for its owner only (`ticket attachment --out`).
///
/// The bytes go into a temporary file in the target's directory (created exclusively, 0600,
/// not through a symbolic link), are synced, and then get the chosen name with `link(2)`: like
/// `rename(2)` it is atomic within the directory, but it fails with EEXIST instead of replacing
/// a file that appeared meanwhile, so an existing file is never overwritten and nobody ever
/// reads half a file under the chosen name.
enum PrivateFile {
    /// Writes `data` to `path`, which must not exist (not even as a dangling symbolic link).
    static func writeNew(_ data: [UInt8], to path: String) throws(OperatorError) {
        var info = stat()
        if lstat(path, &info) == 0 { throw .argument(.outputExists(path)) }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.ticketd-attachment-\(UUID().uuidString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw .unwritable(path: path, cause: String(cString: strerror(errno)), fix: "choose a --out in an existing directory you may write to")
        }
        // The umask may only take permissions away; this makes sure no group or other bit is set.
        _ = fchmod(descriptor, 0o600)
        var offset = 0
        var failed = false
        while offset < data.count {
            let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { failed = true; break }
            offset += written
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard !failed, synced else {
            let cause = String(cString: strerror(errno))
            unlink(temporary)
            throw .unwritable(path: path, cause: cause, fix: "check the free space and the directory's permissions")
        }
        if link(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            if code == EEXIST { throw .argument(.outputExists(path)) }
            throw .unwritable(path: path, cause: String(cString: strerror(code)), fix: "choose a --out in a directory you may write to")
        }
        unlink(temporary)
    }
}
