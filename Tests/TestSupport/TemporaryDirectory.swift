public import Foundation

/// A directory under the system's temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The absolute path.
    public let path: String

    /// Creates a fresh, empty directory (mode 700).
    public init(_ label: String = "ticketd-test") {
        let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(label).XXXXXX")
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { fatalError("mkdtemp failed for \(template)") }
        path = String(cString: made)
    }

    deinit {
        // Undo chmods a test made so that the tree can be removed.
        if let walker = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in walker { chmod(self.file(relative), 0o700) }
        }
        chmod(path, 0o700)
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The absolute path of a file inside the directory.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes text to a file inside the directory with the given mode, creating directories as needed.
    @discardableResult
    public func write(_ name: String, _ text: String, mode: mode_t = 0o600) -> String {
        let target = file(name)
        try? FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: target, contents: Data(text.utf8))
        chmod(target, mode)
        return target
    }

    /// Creates a subdirectory.
    @discardableResult
    public func makeDirectory(_ name: String) -> String {
        let target = file(name)
        try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        return target
    }
}
