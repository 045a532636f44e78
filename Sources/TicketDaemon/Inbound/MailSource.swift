import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Mail files on disk: single files, directories of them, and Maildirs (`cur/` and `new/`).
package enum MailSource {
    /// Every mail file under the paths, in a stable order; unusable paths go to `problem`.
    package static func files(_ paths: [String], problem: (String) -> Void) -> [String] {
        var files: [String] = []
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else {
                problem("\(path) does not exist: name a mail file, a directory of them, or a Maildir")
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                files.append(path)
            case S_IFDIR:
                files += directoryFiles(path)
            default:
                problem("\(path) is neither a file nor a directory")
            }
        }
        return files
    }

    /// A Maildir's `new/` and `cur/` (never `tmp/`, where deliveries are still being written);
    /// any other directory recursively, skipping hidden files.
    static func directoryFiles(_ directory: String) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let isMaildir = ["cur", "new", "tmp"].allSatisfy {
            manager.fileExists(atPath: (directory as NSString).appendingPathComponent($0), isDirectory: &isDirectory) && isDirectory.boolValue
        }
        if isMaildir {
            return ["new", "cur"].flatMap { sub -> [String] in
                let folder = (directory as NSString).appendingPathComponent(sub)
                let names = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
                return names.filter { !$0.hasPrefix(".") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
                    .filter(isRegularFile)
            }
        }
        guard let walker = manager.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        for case let relative as String in walker {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            let full = (directory as NSString).appendingPathComponent(relative)
            if isRegularFile(full) { found.append(full) }
        }
        return found.sorted()
    }

    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads at most `limit` bytes; `truncated` says the file was longer (then only the head is kept).
    package static func read(_ path: String, limit: Int) -> (bytes: [UInt8], truncated: Bool)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // The file's size, when it can be known, so that the bytes are read straight into a buffer
        // allocated once (a 25 MB mail grown chunk by chunk passes through twice its size), one
        // byte more than the limit to see whether the file is longer.
        var status = stat()
        let expected = fstat(descriptor, &status) == 0 && status.st_size > 0 ? min(Int(status.st_size), limit) + 1 : 0
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, filled in
            filled = 0
            while filled < buffer.count {
                let count = Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 { if errno == EINTR { continue } else { failed = true; break } }
                if count == 0 { break }
                filled += count
            }
        }
        guard !failed else { return nil }
        // A file that grew (or whose size was not known) is read on in chunks.
        if bytes.count == expected {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while bytes.count <= limit {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, min($0.count, limit + 1 - bytes.count)) }
                if count < 0 { if errno == EINTR { continue } else { return nil } }
                if count == 0 { break }
                bytes.append(contentsOf: chunk[0..<count])
            }
        }
        if bytes.count > limit {
            bytes.removeSubrange(limit...)   // in place: no second copy of a mail this large
            return (bytes, true)
        }
        return (bytes, false)
    }
}
