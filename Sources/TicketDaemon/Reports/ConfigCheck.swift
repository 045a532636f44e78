import Foundation

/// `ticketd config check`: validates a configuration and the secrets it names, like `postfix check`.
package enum ConfigCheck {
    /// The report for the configuration at `path` (or `$TICKETD_CONFIG`, or the default).
    package static func run(configPath: String?, environment: [String: String]) -> ConfigurationReport {
        ConfigurationLoader.load(path: ConfigurationLoader.path(option: configPath, environment: environment), environment: environment)
    }

    /// The report for a person: every problem on its own line, then a one-line verdict.
    package static func text(_ report: ConfigurationReport) -> String {
        var lines = report.problems.map(\.description)
        if let configuration = report.configuration {
            var summary = "\(report.file): OK"
            summary += " (database \(configuration.storage.database)"
            summary += ", \(configuration.forms.count) form\(configuration.forms.count == 1 ? "" : "s")"
            summary += ", \(configuration.queues.count) queue\(configuration.queues.count == 1 ? "" : "s")"
            summary += ", \(configuration.partners.count) partner\(configuration.partners.count == 1 ? "" : "s")"
            summary += ", \(configuration.retention.classes.count) retention class\(configuration.retention.classes.count == 1 ? "" : "es"))"
            if !report.warnings.isEmpty { summary += " with \(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s")" }
            lines.append(summary)
        } else {
            lines.append("\(report.file): \(report.errors.count) error\(report.errors.count == 1 ? "" : "s"), \(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s")")
        }
        return lines.joined(separator: "\n")
    }

    /// The report as one JSON document: `{"file", "ok", "problems": [{"severity", "key", "message", "fix"}]}`.
    package static func json(_ report: ConfigurationReport) -> String {
        struct Document: Encodable {
            struct Problem: Encodable {
                var severity: String
                var key: String
                var message: String
                var fix: String
            }
            var file: String
            var ok: Bool
            var problems: [Problem]
        }
        let document = Document(
            file: report.file, ok: report.configuration != nil,
            problems: report.problems.map { .init(severity: $0.severity.rawValue, key: $0.keyPath, message: $0.message, fix: $0.fix) }
        )
        return encodeJSON(document)
    }
}

/// Pretty, key-sorted JSON for command output.
func encodeJSON(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
}
