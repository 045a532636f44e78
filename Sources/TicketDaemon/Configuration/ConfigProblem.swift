/// One thing wrong (or worth knowing) about a configuration: where, what, and how to fix it.
///
/// Problems never quote configured values, because a misplaced secret could be among them;
/// they name the key, the type, the path of a file and the rule that was broken.
package struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// Errors make the configuration unusable; warnings do not.
    package enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    package var severity: Severity
    /// The key path, e.g. `imap.url` or `partners[1].name`; empty for the file as a whole.
    package var keyPath: String
    /// What is wrong.
    package var message: String
    /// What to do about it.
    package var fix: String

    /// Makes a problem report.
    package init(_ severity: Severity, _ keyPath: String, _ message: String, fix: String) {
        self.severity = severity
        self.keyPath = keyPath
        self.message = message
        self.fix = fix
    }

    /// `error: imap.url: ... (fix: ...)`.
    package var description: String {
        let location = keyPath.isEmpty ? "" : "\(keyPath): "
        return "\(severity.rawValue): \(location)\(message). Fix: \(fix)"
    }
}

/// Collects problems while a configuration is read, so that all of them are reported at once.
final class ConfigDiagnostics {
    private(set) var problems: [ConfigProblem] = []

    func error(_ keyPath: String, _ message: String, fix: String) {
        problems.append(ConfigProblem(.error, keyPath, message, fix: fix))
    }

    func warning(_ keyPath: String, _ message: String, fix: String) {
        problems.append(ConfigProblem(.warning, keyPath, message, fix: fix))
    }

    var hasErrors: Bool { problems.contains { $0.severity == .error } }
}
