import Foundation
import MailFormat
import Privacy
import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// `[retention]`, `[limits]` and `[logging]`.
extension ConfigSections {
    /// `queues` are the valid `[[queues]]`, which classes may claim.
    func retention(_ root: TableReader, queues: [Queue]) -> Configuration.Retention? {
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
        let quarantinePeriod = duration(table, "quarantine_period", default: "P30D", mustBeFixed: false, allowZero: false)
        var classes: [RetentionClass] = []
        var names: [(Int, String)] = []
        var claims = ClassClaims()
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
            claimRules(classTable, index: index, name: name, start: start, queues: queues, into: &claims)
        }
        checkUnique(names, section: "retention.classes")
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
        let rules = RetentionRules(classes: classes, defaultClass: defaultClass, queueClasses: claims.queues.mapValues(\.name),
                                   commercialLetterClass: claims.commercialLetters?.name)
        guard let quarantinePeriod else { return nil }
        return Configuration.Retention(sweepAt: sweepAt, rules: rules, quarantinePeriod: quarantinePeriod)
    }

    /// Which class claims what so far, with the index of the claiming entry for error messages.
    struct ClassClaims {
        var queues: [String: (index: Int, name: String)] = [:]
        var commercialLetters: (index: Int, name: String)?
    }

    /// Reads a class's `queues` and `commercial_letters`: each queue and the marker may be
    /// claimed by one class only, since a ticket belongs to exactly one.
    func claimRules(_ table: TableReader, index: Int, name: String?, start: RetentionClass.Start?, queues: [Queue], into claims: inout ClassClaims) {
        // When a [[queues]] entry is itself broken, it is missing from `queues`: naming it here
        // is not a second mistake, so the unknown-queue check waits until [[queues]] is right.
        let queuesValid = !diagnostics.problems.contains { $0.severity == .error && $0.keyPath.hasPrefix("queues") }
        let known = queues.map(\.name)
        var seenHere: Set<String> = []
        for (position, queue) in (table.strings("queues", example: "[\"billing\"]") ?? []).enumerated() {
            let key = "\(table.keyPath("queues"))[\(position)]"
            if !known.contains(queue) {
                if queuesValid {
                    diagnostics.error(key, "names no queue of [[queues]]",
                                      fix: known.isEmpty ? "add the queue under [[queues]] first, or remove it here"
                                          : "use one of the configured queues (\(known.joined(separator: ", "))), or add it under [[queues]]")
                }
            } else if !seenHere.insert(queue).inserted {
                diagnostics.error(key, "names the queue '\(queue)' a second time", fix: "list each queue once")
            } else if let earlier = claims.queues[queue] {
                diagnostics.error(key, "claims the queue '\(queue)', which retention.classes[\(earlier.index)] claims already",
                                  fix: "a ticket belongs to one class only: remove '\(queue)' from one of the two classes")
            } else if let name {
                claims.queues[queue] = (index, name)
            }
        }
        guard table.bool("commercial_letters") == true else { return }
        if let earlier = claims.commercialLetters {
            table.invalid("commercial_letters", "claims the tickets marked as commercial letters, which retention.classes[\(earlier.index)] claims already",
                          fix: "set commercial_letters = true on one class only; a marked ticket belongs to exactly one class")
            return
        }
        if let name { claims.commercialLetters = (index, name) }
        if let start, start != .endOfYearAfterClose {
            table.warn("start", "counts commercial letters from '\(start.rawValue)', but their archive periods (HGB §257(5), AO §147(4)) begin at the end of the calendar year",
                       fix: "write start = \"end_of_year_after_close\" for the class with commercial_letters = true")
        }
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
                                      ("max_mime_parts", 2...100_000, \Configuration.Limits.maxMIMEParts),
                                      ("ingest_batch", 1...10_000, \Configuration.Limits.ingestBatch),
                                      ("ingest_batch_wait_ms", 0...60_000, \Configuration.Limits.ingestBatchWaitMilliseconds)] {
            if let value = integer(table, key, in: range, default: limits[keyPath: keyPath]) { limits[keyPath: keyPath] = value } else { valid = false }
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
