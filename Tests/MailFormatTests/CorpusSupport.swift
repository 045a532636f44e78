import Foundation

/// Access to the generated corpus, the Samples directory and the Python scripts for the
/// differential and fuzz tests. Tests may do I/O; the module under test does not.
enum CorpusSupport {
    /// The repository root, found from this file's path (Tests/MailFormatTests/CorpusSupport.swift).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Whether `python3` can be run here.
    static let pythonAvailable: Bool = (try? run(["python3", "-c", "import email"]))?.status == 0

    /// Runs a command through /usr/bin/env and returns its exit status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mailformat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Generates `count` messages with Scripts/generate_corpus.py into a new directory.
    static func generateCorpus(count: Int) throws -> URL {
        let directory = try temporaryDirectory()
        let script = repositoryRoot.appendingPathComponent("Scripts/generate_corpus.py").path
        let result = try run(["python3", script, directory.path, "--count", String(count)])
        guard result.status == 0 else { throw CorpusError.scriptFailed("generate_corpus.py") }
        return directory
    }

    /// The Samples directory, if it exists.
    static var samplesDirectory: URL? {
        let url = repositoryRoot.appendingPathComponent("Samples")
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue ? url : nil
    }

    /// Every *.eml below a directory, sorted.
    static func emlFiles(in directory: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator where url.pathExtension.lowercased() == "eml" {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    static func bytes(of url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    enum CorpusError: Error {
        case scriptFailed(String)
    }
}
