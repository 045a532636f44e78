import Foundation
import MailFormat
import Privacy
import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// `[retention]`, `[limits]` and `[logging]`.
extension ConfigSections {
    func retention(_ root: TableReader) -> Configuration.Retention? {
        guard let table = root.table("retention", required: true,
                                     fix: "add a [retention] section with at least one [[retention.classes]]; without one, personal data would be kept forever") else { return nil }
        defer { table.finish() }
        var sweepAt = (hour: 3, minute: 0)
        if let text = table.string("sweep_at", example: "\"03:00\"") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
               (0..<24).contains(hour), (0..<60).contains(minute) {
                sweepAt = (hour, minute)
            } else {
                table.invalid("sweep_at", "is not a time of day as HH:MM", fix: "write it like sweep_at = \"03:00\"")
            }
        }
        var classes: [RetentionClass] = []
        var names: [(Int, String)] = []
        let classTables = table.tables("classes")
        for (index, classTable) in classTables.enumerated() {
            defer { classTable.finish() }
            let name = classTable.string("name", required: true, example: "\"ticket_personal_data\"")
            if let name { names.append((index, name)) }
            var start: RetentionClass.Start?
            if let text = classTable.string("start", required: true, example: "\"ticket_closed\"") {
                start = RetentionClass.Start(rawValue: text)
                if start == nil {
                    classTable.invalid("start", "must be 'received', 'ticket_closed' or 'end_of_year_after_close'",
                                       fix: "write start = \"ticket_closed\" (or end_of_year_after_close for commercial letters, HGB §257)")
                }
            }
            let period = duration(classTable, "period", default: nil, mustBeFixed: false, allowZero: true)
            var action: RetentionClass.Action?
            if let text = classTable.string("action", required: true, example: "\"anonymize\"") {
                action = RetentionClass.Action(rawValue: text)
                if action == nil {
                    classTable.invalid("action", "must be 'anonymize', 'erase' or 'restrict'", fix: "write action = \"anonymize\"")
                }
            }
            if let name, let start, let period, let action {
                classes.append(RetentionClass(name: name, start: start, period: period, action: action))
            }
        }
        checkUnique(names.map { ($0.0, $0.1) }, section: "retention.classes")
        if classTables.isEmpty {
            table.missing("classes", fix: "add at least one [[retention.classes]] with name, start, period and action; without one, personal data would be kept forever")
        }
        var defaultClass = classes.first?.name ?? ""
        if let text = table.string("default_class", example: "\"ticket_personal_data\"") {
            if classes.contains(where: { $0.name == text }) || classes.count != classTables.count { defaultClass = text } else {
                table.invalid("default_class", "names no class of [[retention.classes]]", fix: "name one of: \(classes.map(\.name).joined(separator: ", "))")
            }
        }
        guard !classes.isEmpty else { return nil }
        return Configuration.Retention(sweepAt: sweepAt, classes: classes, defaultClass: defaultClass)
    }

    func limits(_ root: TableReader) -> Configuration.Limits? {
        var limits = Configuration.Limits.standard
        guard let table = root.table("limits") else { return limits }
        defer { table.finish() }
        var valid = true
        if let text = table.string("max_message_size", example: "\"25 MB\"") {
            if let bytes = ByteSize.parse(text), bytes >= 1024, bytes <= 1_000_000_000 {
                limits.maxMessageBytes = bytes
            } else {
                table.invalid("max_message_size", "is not a size from 1 KiB to 1 GB",
                              fix: "write a number with a unit, e.g. max_message_size = \"25 MB\" (B, KB, KiB, MB, MiB, GB)")
                valid = false
            }
        }
        for (key, range, keyPath) in [("max_mime_depth", 2...1000, \Configuration.Limits.maxMIMEDepth),
                                      ("max_mime_parts", 2...100_000, \Configuration.Limits.maxMIMEParts)] {
            guard let node = table.node(key) else { continue }
            guard case .integer(let value) = node else {
                table.wrongType(key, expected: "an integer", found: node, fix: "write a number without quotes, e.g. \(key) = \(limits[keyPath: keyPath])")
                valid = false
                continue
            }
            if range.contains(value) { limits[keyPath: keyPath] = value } else {
                table.invalid(key, "must be from \(range.lowerBound) to \(range.upperBound)", fix: "e.g. \(key) = \(limits[keyPath: keyPath])")
                valid = false
            }
        }
        return valid ? limits : nil
    }

    func logging(_ root: TableReader) -> Configuration.Logging? {
        guard let table = root.table("logging") else { return Configuration.Logging(level: .info) }
        defer { table.finish() }
        guard let text = table.string("level", example: "\"info\"") else { return Configuration.Logging(level: .info) }
        guard let level = LogLevel(rawValue: text) else {
            table.invalid("level", "is not a log level", fix: "use one of: \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return Configuration.Logging(level: level)
    }
}
