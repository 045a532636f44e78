public import Foundation

/// Searching files for raw bytes: how the tests prove that a value is not stored in the clear.
public enum FileBytes {
    /// Whether the file at `path` (if it exists) contains `needle` anywhere.
    public static func contains(_ path: String, _ needle: Data) -> Bool {
        guard !needle.isEmpty, let data = FileManager.default.contents(atPath: path) else { return false }
        return data.range(of: needle) != nil
    }

    /// The files of a SQLite database that exist: the file, its WAL and its shared-memory index.
    public static func databaseFiles(_ path: String) -> [String] {
        ["", "-wal", "-shm", "-journal"].map { path + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Whether any file of the database contains the needle.
    public static func databaseContains(_ path: String, _ needle: Data) -> Bool {
        databaseFiles(path).contains { contains($0, needle) }
    }

    /// The SHA-like identity of a file's bytes, to show that a failed command changed nothing.
    public static func snapshot(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
}
