import Foundation
import MailFormat
import Privacy
import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// The outcome of reading a configuration: the validated value when there are no errors, and
/// every problem found either way.
package struct ConfigurationReport: Sendable {
    /// The file that was read (absolute).
    package var file: String
    /// The configuration; nil when any problem is an error.
    package var configuration: Configuration?
    /// Every error and warning, in the order of the file's sections.
    package var problems: [ConfigProblem]

    package var errors: [ConfigProblem] { problems.filter { $0.severity == .error } }
    package var warnings: [ConfigProblem] { problems.filter { $0.severity == .warning } }
}

/// Reads and validates a TOML configuration file (DESIGN §6), reporting every problem at once.
package enum ConfigurationLoader {
    /// The path used when neither `--config` nor `$TICKETD_CONFIG` names one.
    package static let defaultPath = "/etc/ticketd/ticketd.toml"

    /// The configuration path: `--config` first, then `$TICKETD_CONFIG`, then the default.
    package static func path(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["TICKETD_CONFIG"], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath
    }

    /// Reads the file at `path` and validates it, secrets included.
    package static func load(path: String, environment: [String: String]) -> ConfigurationReport {
        let file = resolvePath(path, against: FileManager.default.currentDirectoryPath)
        func fail(_ message: String, fix: String) -> ConfigurationReport {
            ConfigurationReport(file: file, configuration: nil, problems: [ConfigProblem(.error, "", message, fix: fix)])
        }
        var status = stat()
        guard stat(file, &status) == 0 else {
            return fail(
                "the configuration file \(file) does not exist",
                fix: "pass --config PATH or set TICKETD_CONFIG; Config/ticketd.example.toml is a commented template"
            )
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            return fail(
                "\(file) is a directory, not a configuration file",
                fix: "pass the path of the TOML file, e.g. --config \((file as NSString).appendingPathComponent("ticketd.toml"))"
            )
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            return fail("\(file) is not a regular file", fix: "pass the path of the TOML configuration file")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return fail("the configuration file \(file) cannot be read by this user", fix: "make it readable for the user ticketd runs as")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return fail("the configuration file \(file) is not UTF-8 text", fix: "save it as UTF-8")
        }
        return decode(text, file: file, environment: environment)
    }

    /// Validates TOML text as if it were read from `file` (relative paths resolve against its directory).
    package static func decode(_ text: String, file: String, environment: [String: String]) -> ConfigurationReport {
        let root: [String: TOMLNode]
        do {
            root = try TOMLNode.parse(text)
        } catch {
            return ConfigurationReport(file: file, configuration: nil, problems: [ConfigProblem(
                .error, "", "\((file as NSString).lastPathComponent) line \(error.line), column \(error.column): \(error.message)",
                fix: "correct the TOML syntax there (https://toml.io/en/v1.0.0)"
            )])
        }
        let diagnostics = ConfigDiagnostics()
        let context = ConfigSections(
            directory: (file as NSString).deletingLastPathComponent,
            credentialsDirectory: environment["CREDENTIALS_DIRECTORY"],
            diagnostics: diagnostics
        )
        let reader = TableReader(path: "", entries: root, diagnostics: diagnostics)
        let storage = context.storage(reader)
        let secrets = context.secrets(reader)
        let imap = context.imap(reader)
        let smtp = context.smtp(reader)
        let forms = context.forms(reader)
        let queues = context.queues(reader)
        let partners = context.partners(reader)
        let staff = context.staff(reader, queues: queues)
        let api = context.api(reader)
        let portal = context.portal(reader)
        let subjectRights = context.subjectRights(reader, smtp: smtp)
        let register = context.register(reader)
        let retention = context.retention(reader, queues: queues)
        let limits = context.limits(reader)
        let logging = context.logging(reader)
        let metrics = context.metrics(reader)
        let redaction = context.redaction(reader)
        reader.finish()

        guard !diagnostics.hasErrors, let storage, let secrets, let subjectRights, let register, let retention, let limits, let logging, let redaction else {
            return ConfigurationReport(file: file, configuration: nil, problems: diagnostics.problems)
        }
        let configuration = Configuration(
            file: file, storage: storage, secrets: secrets, imap: imap, smtp: smtp, forms: forms, queues: queues,
            partners: partners, subjectRights: subjectRights, register: register, retention: retention, limits: limits, logging: logging,
            metrics: metrics, redaction: redaction, staff: staff, api: api, portal: portal
        )
        return ConfigurationReport(file: file, configuration: configuration, problems: diagnostics.problems)
    }
}

/// The readers of the configuration's sections, sharing where relative paths resolve and where
/// problems go. Split by section over the `ConfigSections+*.swift` files.
struct ConfigSections {
    let directory: String
    let credentialsDirectory: String?
    let diagnostics: ConfigDiagnostics

    // MARK: [storage]

    func storage(_ root: TableReader) -> Configuration.Storage? {
        guard let table = root.table("storage", required: true, fix: "add a [storage] section with database = \"/var/lib/ticketd/ticketd.sqlite3\"") else { return nil }
        defer { table.finish() }
        guard let database = table.string("database", required: true, example: "\"/var/lib/ticketd/ticketd.sqlite3\"") else { return nil }
        let path = resolvePath(database, against: directory)
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            table.invalid("database", "\(path) is a directory", fix: "name a file inside it, e.g. \((path as NSString).appendingPathComponent("ticketd.sqlite3"))")
            return nil
        }
        let parent = (path as NSString).deletingLastPathComponent
        var parentStatus = stat()
        if stat(parent, &parentStatus) != 0 || (parentStatus.st_mode & S_IFMT) != S_IFDIR {
            table.warn("database", "the directory \(parent) does not exist yet",
                       fix: "create it, or let systemd's StateDirectory=ticketd create it when the service starts")
        }
        return Configuration.Storage(database: path)
    }

    // MARK: [secrets]

    func secrets(_ root: TableReader) -> Configuration.Secrets? {
        guard let table = root.table("secrets", required: true, fix: "add a [secrets] section with master_key_file = \"master.key\"") else { return nil }
        defer { table.finish() }
        guard let reference = secret(table, "master_key_file", example: "\"master.key\"") else { return nil }
        let text: String
        do { text = try reference.read() } catch {
            table.invalid("master_key_file", error.message, fix: error.fix)
            return nil
        }
        do {
            return Configuration.Secrets(masterKeyFile: reference, masterKey: try MasterKey(base64: text))
        } catch {
            table.invalid("master_key_file", "the master key in \(reference.path) is unusable: \(error)",
                          fix: "write the base64 of 32 random bytes into it: head -c 32 /dev/urandom | base64 > \(reference.path); chmod 600 \(reference.path)")
            return nil
        }
    }

    /// Resolves a `*_file` key and checks the file, reporting problems under the key.
    func secret(_ table: TableReader, _ key: String, example: String) -> SecretReference? {
        guard let configured = table.string(key, required: true, example: example) else { return nil }
        let reference = SecretReference.resolve(configured, keyPath: table.keyPath(key), configDirectory: directory,
                                                credentialsDirectory: credentialsDirectory)
        return reference
    }

    /// A secret that must be readable and non-empty (passwords).
    func checkedSecret(_ table: TableReader, _ key: String, example: String) -> SecretReference? {
        guard let reference = secret(table, key, example: example) else { return nil }
        do {
            _ = try reference.read()
        } catch {
            table.invalid(key, error.message, fix: error.fix)
            return nil
        }
        return reference
    }
}
