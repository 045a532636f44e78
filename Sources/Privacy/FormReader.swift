import Foundation

/// Recognises contact-form mails and reads their fields and consents (DESIGN §6 `[[forms]]`).
///
/// It reads text, not MIME: the caller passes the mail's readable text (an HTML-only form
/// already turned into text, so HTML tables arrive as `Label: value` lines and
/// `<b>Label</b><br>value` as a label line followed by a value line).
public enum FormReader {
    /// The first profile whose every given matcher matches the envelope, or nil.
    public static func profile(for envelope: FormEnvelope, in profiles: [FormProfile]) -> FormProfile? {
        profiles.first { matches($0, envelope) }
    }

    static func matches(_ profile: FormProfile, _ envelope: FormEnvelope) -> Bool {
        if profile.matchTo.isEmpty && profile.matchSubjectPrefix.isEmpty && profile.matchHeader.isEmpty { return false }
        if !profile.matchTo.isEmpty {
            let wanted = Set(profile.matchTo.map { $0.lowercased() })
            guard envelope.recipients.contains(where: { wanted.contains($0.lowercased()) }) else { return false }
        }
        if !profile.matchSubjectPrefix.isEmpty {
            let subject = envelope.subject.trimmedSpaces().lowercased()
            guard profile.matchSubjectPrefix.contains(where: { subject.hasPrefix($0.lowercased()) }) else { return false }
        }
        if !profile.matchHeader.isEmpty {
            guard profile.matchHeader.contains(where: { wanted in
                envelope.headers.contains { $0.name.lowercased() == wanted.name.lowercased()
                    && $0.value.trimmedSpaces().lowercased() == wanted.value.lowercased() }
            }) else { return false }
        }
        return true
    }

    /// Reads a form mail's body with its profile.
    public static func read(_ text: String, with profile: FormProfile) -> FormSubmission {
        switch profile.format {
        case .labels: LabelFormReader(profile: profile).read(text)
        case .json: JSONFormReader(profile: profile).read(text)
        }
    }
}

/// What a label stands for.
enum LabelTarget: Sendable, Hashable {
    case field(FormProfile.Field)
    case consent(FormProfile.ConsentPurpose)
    case version
}

/// Reads `Label: value` lines. The message field runs over several lines, until the next known label.
struct LabelFormReader {
    let profile: FormProfile
    /// Every known label, lower-cased, longest first (prepared with the profile).
    var labels: [LabelTable.Entry] { profile.labelTable.entries }
    /// The first bytes of the lower-cased labels: an ASCII line start outside them starts no label.
    var firstBytes: Set<UInt8> { profile.labelTable.firstBytes }

    init(profile: FormProfile) {
        self.profile = profile
    }

    /// A line that starts a labelled entry: the target and the value on the same line (nil when
    /// the value follows on the next line). `mark` is a checkbox written before the label.
    struct LabelLine {
        var target: LabelTarget
        var value: String?
    }

    func read(_ text: String) -> FormSubmission {
        let lines = TextLines.split(text).map(String.init)
        var fields: [FormProfile.Field: String] = [:]
        var consents: [FormProfile.ConsentPurpose: ConsentReading] = [:]
        var version: String?
        var index = 0
        let spaced = profile.spacedLabels
        while index < lines.count {
            guard let entry = labelLine(lines[index], spaced: spaced) else { index += 1; continue }
            index += 1
            var value = entry.value ?? ""
            if entry.target == .field(.message) {
                // The message runs until the next known label; blank lines inside it are kept.
                var body: [String] = value.isEmpty ? [] : [value]
                // A signature delimiter ("-- ") ends it too: Contact Form 7 puts its footer there.
                // powermail's text part ends every row with a space, so a spaced label starts a row
                // only after such a line, never inside the message ("Telefon geht nicht").
                while index < lines.count, labelLine(lines[index], spaced: spaced && lines[index - 1].hasSuffix(" ")) == nil,
                      lines[index].trimmingTrailingWhitespace() != "--" {
                    body.append(lines[index])
                    index += 1
                }
                while body.last?.trimmedSpaces().isEmpty == true { body.removeLast() }
                while body.first?.trimmedSpaces().isEmpty == true { body.removeFirst() }
                value = body.map { $0.trimmingTrailingWhitespace() }.joined(separator: "\n")
            } else if entry.value == nil {
                // "<b>Label</b><br>value": the value is the next non-blank line, unless that is a label.
                while index < lines.count, lines[index].trimmedSpaces().isEmpty { index += 1 }
                if index < lines.count,
                   labelLine(lines[index], spaced: spaced).map({ isOwnText($0, of: entry, at: index, in: lines) }) ?? true {
                    value = lines[index].trimmedSpaces()
                    index += 1
                }
            }
            switch entry.target {
            case .field(.name) where fields[.name] != nil && !value.isEmpty:
                // Given and family name in fields of their own (Shopware, powermail): one name.
                fields[.name]! += " " + value
            case .field(let field):
                if fields[field] == nil, !value.isEmpty { fields[field] = value }
            case .consent(let purpose):
                if consents[purpose] == nil { consents[purpose] = ConsentReading(value: value, labels: profile.consent[purpose] ?? []) }
            case .version:
                if version == nil, !value.isEmpty { version = value }
            }
        }
        Self.splitAddress(&fields)
        return FormSubmission(profile: profile.name, version: version, fields: fields, consents: consents, problems: [])
    }

    /// Whether the label line at `index`, below a consent label with no value, is that consent's
    /// value: its own checkbox text, which a site lists among the consent's labels (Gravity Forms
    /// puts a ticked box's text in the row below the field's label). Only a line that is nothing
    /// but a label of the same purpose, with no value of its own after it, counts.
    func isOwnText(_ line: LabelLine, of entry: LabelLine, at index: Int, in lines: [String]) -> Bool {
        guard case .consent = entry.target, line.target == entry.target, line.value == nil else { return false }
        let after = index + 1
        return after == lines.count || lines[after].trimmedSpaces().isEmpty || labelLine(lines[after], spaced: profile.spacedLabels) != nil
    }

    /// "Erika Beispiel <erika@example.org>" or "Erika Beispiel erika@example.org" in the name
    /// field (Contact Form 7's default `From:` line: `[your-name] <[your-email]>` before 5.7.4,
    /// `[your-name] [your-email]` since): the name, and the address when no field gave one.
    static func splitAddress(_ fields: inout [FormProfile.Field: String]) {
        guard let name = fields[.name], name.contains("@") else { return }
        let open: String.Index
        let address: String
        if name.last == ">", let bracket = name.lastIndex(of: "<") {
            open = bracket
            address = String(name[name.index(after: bracket)..<name.index(before: name.endIndex)]).trimmedSpaces()
        } else if let space = name.lastIndex(of: " ") {
            open = space
            address = String(name[name.index(after: space)...])
        } else {
            return
        }
        guard address.contains("@"), !address.contains(" ") else { return }
        if fields[.email] == nil { fields[.email] = address }
        let person = String(name[..<open]).trimmedSpaces()
        fields[.name] = person.isEmpty ? nil : person
    }

    /// Recognises `Label: value`, `Label:`, `Label` alone, `Label<TAB>value`, and checkbox lines
    /// `[x] Label` / `☑ Label` for consents; with `spaced`, also `Label value` (powermail's text
    /// part, where a label followed by blanks only has an empty value, not one on the next line).
    func labelLine(_ raw: String, spaced: Bool = false) -> LabelLine? {
        var line = Substring(raw)
        while let first = line.first, first == " " || first == "\u{00A0}" || first == "\t" || first == "*" || first == "-" && line.dropFirst().first == " " {
            line = line.dropFirst()
        }
        // WPForms' plain-text notifications head each field "--- Label ---", the value below.
        if line.hasPrefix("---") {
            var inner = line.drop { $0 == "-" || $0 == " " }
            while let last = inner.last, last == "-" || last == " " { inner = inner.dropLast() }
            if let (target, remainder) = match(inner), remainder.isEmpty {
                return LabelLine(target: target, value: nil)
            }
            return nil
        }
        // A checkbox before the label: the mark is the value. Every mark starts with "[", "(" or a
        // non-ASCII symbol, which rules out most lines at once.
        let head = line.utf8.first ?? 0
        for mark in Self.checkboxMarks where head == 0x5B || head == 0x28 || head >= 0x80 {
            if line.hasPrefix(mark) {
                let rest = line.dropFirst(mark.count).drop { $0 == " " }
                if let (target, remainder) = match(rest), case .consent = target,
                   remainder.trimmedSpaces().isEmpty {
                    return LabelLine(target: target, value: mark)
                }
            }
        }
        guard let (target, remainder) = match(line) else { return nil }
        var rest = remainder.drop { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
        if rest.isEmpty { return LabelLine(target: target, value: spaced && remainder.first == " " ? "" : nil) }
        if rest.first == ":" {
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
            let value = String(rest).trimmedSpaces()
            return LabelLine(target: target, value: value.isEmpty ? nil : value)
        }
        // A tab-separated cell ("Name\tErika") counts; a label word inside prose does not.
        if remainder.first == "\t" || spaced && remainder.first == " " {
            return LabelLine(target: target, value: String(rest).trimmedSpaces())
        }
        return nil
    }

    /// The known label the line starts with (case-insensitive), and what follows it.
    func match(_ line: Substring) -> (LabelTarget, Substring)? {
        if let head = line.utf8.first, head < 0x80, !firstBytes.contains(head | (ASCIIClass.isUpper(head) ? 0x20 : 0)) { return nil }
        // Only the head of the line can hold a label; lower-casing the whole line would be waste.
        let lowered = line.prefix(labels.first?.label.count ?? 0).lowercasedFast()
        let table = profile.labelTable
        // An empty line can only start an empty label (the candidates of byte 0 include it).
        for index in table.candidates[Int(lowered.utf8.first ?? 0)] {
            let (label, target) = (table.entries[index].label, table.entries[index].target)
            guard lowered.hasPrefix(label) else { continue }
            let rest = line.dropFirst(label.count)
            // "Name" must not match "Namenszusatz": the label must end at a separator.
            if let next = rest.first, next.isLetter || next.isNumber { continue }
            return (target, rest)
        }
        return nil
    }

    static let checkboxMarks = ["[x]", "[X]", "[ ]", "[]", "(x)", "(•)", "( )", "☑", "☒", "☐", "✓", "✔", "✅", "◉", "○"]
}

/// Reads a JSON body whose labels are dotted paths (`fields.fullName`, `consents.processing`).
struct JSONFormReader {
    let profile: FormProfile

    func read(_ text: String) -> FormSubmission {
        guard let data = text.trimmingCharacters(in: .whitespacesAndNewlines).data(using: .utf8),
              let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any]
        else {
            return FormSubmission(profile: profile.name, version: nil, fields: [:], consents: [:],
                                  problems: ["the body is not a JSON object"])
        }
        var fields: [FormProfile.Field: String] = [:]
        for (field, paths) in profile.labels {
            for path in paths {
                if let value = Self.value(at: path, in: root), let text = Self.text(value), !text.isEmpty {
                    fields[field] = text
                    break
                }
            }
        }
        var consents: [FormProfile.ConsentPurpose: ConsentReading] = [:]
        for (purpose, paths) in profile.consent {
            for path in paths where Self.value(at: path, in: root) != nil {
                consents[purpose] = ConsentReading(json: Self.value(at: path, in: root))
                break
            }
        }
        let version = profile.versionLabel.flatMap { Self.value(at: $0, in: root) }.flatMap(Self.text)
        return FormSubmission(profile: profile.name, version: version, fields: fields, consents: consents, problems: [])
    }

    static func value(at path: String, in root: [String: Any]) -> Any? {
        var current: Any? = root
        for key in path.split(separator: ".") {
            guard let object = current as? [String: Any] else { return nil }
            current = object[String(key)]
        }
        if current is NSNull { return nil }
        return current
    }

    static func text(_ value: Any) -> String? {
        switch value {
        case let text as String: text.trimmingCharacters(in: .whitespacesAndNewlines)
        case let flag as Bool: flag ? "true" : "false"
        case let number as Int: String(number)
        case let number as Double: String(number)
        default: nil
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var slice = Substring(self)
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
