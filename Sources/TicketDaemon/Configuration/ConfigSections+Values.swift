import Foundation
import MailFormat
import Privacy
import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// Value readers shared by the sections: durations, domains, addresses, short names, uniqueness.
extension ConfigSections {
    func duration(_ table: TableReader, _ key: String, default fallback: String?, mustBeFixed: Bool, allowZero: Bool) -> ISO8601Duration? {
        let example = "\"\(fallback ?? "P90D")\""
        let text: String?
        if table.has(key) {
            guard let node = table.node(key) else { return nil }
            guard case .string(let value) = node else {
                table.wrongType(key, expected: "a string (an ISO 8601 duration)", found: node, fix: "write it like \(key) = \(example)")
                return nil
            }
            text = value
        } else if let fallback {
            text = fallback
        } else {
            table.missing(key, fix: "add \(key) = \(example)")
            return nil
        }
        guard let text else { return nil }
        let duration: ISO8601Duration
        do {
            duration = try ISO8601Duration(parsing: text)
        } catch {
            table.invalid(key, "is not an ISO 8601 duration: \(error)",
                          fix: "write it like \(example) (P1Y = a year, P90D = 90 days, PT30S = 30 seconds, PT5M = 5 minutes)")
            return nil
        }
        if mustBeFixed && !duration.hasFixedLength {
            table.invalid(key, "uses years or months, whose length varies", fix: "use weeks, days, hours, minutes or seconds, e.g. \(example)")
            return nil
        }
        if !allowZero && duration.isZero {
            table.invalid(key, "is zero", fix: "give it a length, e.g. \(example)")
            return nil
        }
        return duration
    }

    /// An integer key within `range`: `fallback` when absent, nil when wrong (which is reported).
    /// `why`, when given, opens the fix of a value out of range.
    func integer(_ table: TableReader, _ key: String, in range: ClosedRange<Int>, default fallback: Int, why: String? = nil) -> Int? {
        let example = "\(key) = \(fallback)"
        guard let node = table.node(key) else { return fallback }
        guard case .integer(let value) = node else {
            table.wrongType(key, expected: "an integer", found: node, fix: "write a number without quotes, e.g. \(example)")
            return nil
        }
        guard range.contains(value) else {
            table.invalid(key, "must be from \(range.lowerBound) to \(range.upperBound)", fix: (why.map { "\($0), " } ?? "") + "e.g. \(example)")
            return nil
        }
        return value
    }

    func domain(_ table: TableReader, _ key: String, required: Bool, example: String) -> String? {
        guard let value = table.string(key, required: required, example: example) else { return nil }
        guard isDomain(value) else {
            table.invalid(key, "is not a domain name", fix: "write a domain such as \(example)")
            return nil
        }
        return value.lowercased()
    }

    func isDomain(_ value: String) -> Bool {
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && value.utf8.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }

    func address(_ table: TableReader, _ key: String, required: Bool = true) -> EmailAddress? {
        guard let text = table.string(key, required: required, example: "\"team@example.com\"") else { return nil }
        do {
            return try EmailAddress(parsing: text)
        } catch {
            table.invalid(key, "is not an e-mail address: \(error)", fix: "write a plain address such as \"team@example.com\"")
            return nil
        }
    }

    /// A short name used on the command line: lower-case letters, digits, '-' and '_'.
    func shortName(_ table: TableReader, _ key: String = "name", example: String) -> String? {
        guard let name = table.string(key, required: true, example: example) else { return nil }
        guard let first = name.unicodeScalars.first, first.properties.isLowercase || ("0"..."9").contains(first),
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else {
            table.invalid(key, "must be lower-case letters, digits, '-' and '_', starting with a letter or digit",
                          fix: "use a short name such as \(example)")
            return nil
        }
        return name
    }

    /// Reports a name used twice within one list of sections.
    func checkUnique(_ names: [(index: Int, name: String)], section: String) {
        var seen: [String: Int] = [:]
        for (index, name) in names {
            if let first = seen[name] {
                diagnostics.error("\(section)[\(index)].name", "the name '\(name)' is already used by \(section)[\(first)]",
                                  fix: "give each entry of [[\(section)]] its own name")
            } else {
                seen[name] = index
            }
        }
    }
}
