import Foundation

/// A working configuration in a temporary directory: the repository's example configuration
/// with its database moved into the directory, and freshly made secret files beside it.
public struct ConfigFixture: Sendable {
    public let directory: TemporaryDirectory
    /// The configuration file.
    public let configPath: String
    /// The database file the configuration names.
    public let databasePath: String
    /// The base64 master key written to `master.key`.
    public let masterKeyBase64: String

    /// Writes the fixture. `edit` may change the TOML text before it is written.
    public init(template: String = RepositoryPaths.exampleConfig, edit: (String) -> String = { $0 }) {
        directory = TemporaryDirectory("ticketd-config")
        let example = (try? String(contentsOfFile: template, encoding: .utf8)) ?? ""
        precondition(!example.isEmpty, "cannot read \(template)")
        let text = example.replacingOccurrences(of: "\"/var/lib/ticketd/ticketd.sqlite3\"", with: "\"state/ticketd.sqlite3\"")
        directory.makeDirectory("state")
        configPath = directory.write("ticketd.toml", edit(text), mode: 0o644)
        databasePath = directory.file("state/ticketd.sqlite3")
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        masterKeyBase64 = key.base64EncodedString()
        directory.write("master.key", masterKeyBase64 + "\n")
        directory.write("imap.password", "made-up-imap-password\n")
        directory.write("smtp.password", "made-up-smtp-password\n")
    }

    /// Rewrites the configuration file from the example with another edit.
    public func rewrite(_ edit: (String) -> String) {
        let text = (try? String(contentsOfFile: configPath, encoding: .utf8)) ?? ""
        directory.write("ticketd.toml", edit(text), mode: 0o644)
    }
}

/// Where things are in the repository the tests run from.
public enum RepositoryPaths {
    /// The package root, found from this file's path.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `Config/ticketd.example.toml`.
    public static var exampleConfig: String { (root as NSString).appendingPathComponent("Config/ticketd.example.toml") }

    /// `Samples/ticketd.toml`, the configuration of the demo.
    public static var sampleConfig: String { (root as NSString).appendingPathComponent("Samples/ticketd.toml") }

    /// The sample mail in `Samples/mail` whose file name starts with `prefix` (e.g. `01-`).
    public static func sample(_ prefix: String) -> String {
        let directory = (root as NSString).appendingPathComponent("Samples/mail")
        let name = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted().first { $0.hasPrefix(prefix) } ?? prefix
        return (directory as NSString).appendingPathComponent(name)
    }

    /// The built `ticketd` binary: `$TICKETD_BIN`, or the debug build in `.build`.
    public static var binary: String {
        if let path = ProcessInfo.processInfo.environment["TICKETD_BIN"], !path.isEmpty { return path }
        return (root as NSString).appendingPathComponent(".build/debug/ticketd")
    }
}
