import Foundation

/// Reads one TOML table by key path, reporting wrong types, missing keys and unknown keys.
///
/// Every key that is asked for is remembered, so ``finish()`` can report the keys nobody asked
/// for as unknown, with the closest known key as a suggestion.
final class TableReader {
    let path: String
    private let entries: [String: TOMLNode]
    private let diagnostics: ConfigDiagnostics
    private var known: [String] = []

    init(path: String, entries: [String: TOMLNode], diagnostics: ConfigDiagnostics) {
        self.path = path
        self.entries = entries
        self.diagnostics = diagnostics
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Whether the key is present (and marks it known).
    func has(_ key: String) -> Bool {
        known.append(key)
        return entries[key] != nil
    }

    func node(_ key: String) -> TOMLNode? {
        known.append(key)
        return entries[key]
    }

    func missing(_ key: String, fix: String) {
        diagnostics.error(keyPath(key), "is required but missing", fix: fix)
    }

    func wrongType(_ key: String, expected: String, found: TOMLNode, fix: String) {
        diagnostics.error(keyPath(key), "expected \(expected), found \(found.typeName)", fix: fix)
    }

    func invalid(_ key: String, _ message: String, fix: String) {
        diagnostics.error(keyPath(key), message, fix: fix)
    }

    func warn(_ key: String, _ message: String, fix: String) {
        diagnostics.warning(keyPath(key), message, fix: fix)
    }

    func string(_ key: String, required: Bool = false, example: String) -> String? {
        guard let node = node(key) else {
            if required { missing(key, fix: "add \(key) = \(example)") }
            return nil
        }
        guard case .string(let value) = node else {
            wrongType(key, expected: "a string", found: node, fix: "write it in quotes, e.g. \(key) = \(example)")
            return nil
        }
        if required, value.trimmingCharacters(in: .whitespaces).isEmpty {
            invalid(key, "is empty", fix: "give it a value, e.g. \(key) = \(example)")
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .boolean(let value) = node else {
            wrongType(key, expected: "a boolean", found: node, fix: "write \(key) = true or \(key) = false (no quotes)")
            return nil
        }
        return value
    }

    func strings(_ key: String, example: String) -> [String]? {
        guard let node = node(key) else { return nil }
        guard case .array(let items) = node else {
            wrongType(key, expected: "an array of strings", found: node, fix: "write it as a list, e.g. \(key) = \(example)")
            return nil
        }
        var values: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let value) = item else {
                diagnostics.error("\(keyPath(key))[\(index)]", "expected a string, found \(item.typeName)",
                                  fix: "put every entry in quotes, e.g. \(key) = \(example)")
                return nil
            }
            values.append(value)
        }
        return values
    }

    func table(_ key: String, required: Bool = false, fix: String = "") -> TableReader? {
        guard let node = node(key) else {
            if required { missing(key, fix: fix) }
            return nil
        }
        guard case .table(let entries) = node else {
            wrongType(key, expected: "a table", found: node, fix: "write it as a section [\(keyPath(key))]")
            return nil
        }
        return TableReader(path: keyPath(key), entries: entries, diagnostics: diagnostics)
    }

    func tables(_ key: String) -> [TableReader] {
        guard let node = node(key) else { return [] }
        guard case .array(let items) = node else {
            wrongType(key, expected: "an array of tables", found: node, fix: "write each entry as a section [[\(keyPath(key))]]")
            return []
        }
        var readers: [TableReader] = []
        for (index, item) in items.enumerated() {
            guard case .table(let entries) = item else {
                diagnostics.error("\(keyPath(key))[\(index)]", "expected a table, found \(item.typeName)",
                                  fix: "write each entry as a section [[\(keyPath(key))]]")
                continue
            }
            readers.append(TableReader(path: "\(keyPath(key))[\(index)]", entries: entries, diagnostics: diagnostics))
        }
        return readers
    }

    /// The keys present that were never asked for.
    var unknownKeys: [String] { entries.keys.filter { !known.contains($0) }.sorted() }

    /// Reports every key of this table that nobody asked for.
    ///
    /// A table whose keys are names from a fixed list (the kinds of request under
    /// `[subject_rights.phrases]`) passes that list as `choices`: an unknown key is then named as
    /// an unknown `noun`, and the fix lists every valid name.
    func finish(choices: (noun: String, names: [String])? = nil) {
        let secretWords = ["password", "passwd", "secret", "token", "key", "credential"]
        for key in unknownKeys {
            if secretWords.contains(where: { key.lowercased().contains($0) }) && !key.hasSuffix("_file") {
                diagnostics.error(keyPath(key), "is not a known key, and secrets are never written into the configuration",
                                  fix: "remove it; put the secret into a file readable only by ticketd (chmod 600) and name that file with the matching *_file key")
                continue
            }
            let suggestion = Self.closest(to: key, among: Array(Set(known)))
            if let choices {
                var fix = "use one of: \(choices.names.joined(separator: ", "))"
                if let suggestion { fix += " (did you mean '\(suggestion)'?)" }
                diagnostics.error(keyPath(key), "is not a known \(choices.noun)", fix: fix)
                continue
            }
            var fix = "remove it"
            if let suggestion {
                fix += ", or did you mean '\(suggestion)'?"
            } else {
                fix += "; Config/ticketd.example.toml lists every key"
            }
            diagnostics.error(keyPath(key), "is not a known key", fix: fix)
        }
    }

    /// The known key within edit distance 3 of `key`, if any.
    static func closest(to key: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= min(3, max(1, key.count / 2)) }
        return scored.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
