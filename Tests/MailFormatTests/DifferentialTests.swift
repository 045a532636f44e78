import Foundation
import MailFormat
import Testing

extension String {
    /// The string without the given characters at its end (and, if `leading`, its start).
    func trimming(where isTrimmed: (Character) -> Bool, leading: Bool) -> String {
        var text = Substring(self)
        while let last = text.last, isTrimmed(last) { text = text.dropLast() }
        if leading { while let first = text.first, isTrimmed(first) { text = text.dropFirst() } }
        return String(text)
    }
}

/// One message as Python's `email` package reads it (Scripts/mail_oracle.py).
struct OracleRecord: Decodable {
    var file: String
    var subject: String?
    var from: String?
    var text: String?
    var html: Bool
    var attachments: [String?]
    var errors: [String: String]
    var replaced: [String]
}

/// Compares MessageParser with Python's standard `email` package over the generated corpus and
/// every Samples/**/*.eml. Each difference must be zero or one of the argued divergences below.
@Suite("Differential test against Python's email package", .enabled(if: CorpusSupport.pythonAvailable))
struct DifferentialTests {
    /// A field on which the two readings are compared.
    enum Field: String, CaseIterable {
        case subject, from, text, attachments
    }

    /// Both readings of one field, normalised for comparison.
    struct Difference {
        var file: String
        var field: Field
        var ours: String
        var theirs: String
    }

    @Test("every difference from Python's reading is a known, argued divergence")
    func agreesWithPython() throws {
        let corpus = try CorpusSupport.generateCorpus(count: 600)
        defer { try? FileManager.default.removeItem(at: corpus) }
        var inputs = [corpus.path]
        if let samples = CorpusSupport.samplesDirectory { inputs.append(samples.path) }
        // More .eml directories to compare, e.g. a colleague's work in progress (colon-separated).
        if let extra = ProcessInfo.processInfo.environment["MAILFORMAT_EXTRA_SAMPLES"] {
            inputs += extra.split(separator: ":").map(String.init)
        }
        let script = CorpusSupport.repositoryRoot.appendingPathComponent("Scripts/mail_oracle.py").path
        let result = try CorpusSupport.run(["python3", script] + inputs)
        #expect(result.status == 0)
        let decoder = JSONDecoder()
        let records = try String(decoding: result.output, as: UTF8.self)
            .split(separator: "\n")
            .map { try decoder.decode(OracleRecord.self, from: Data($0.utf8)) }
        #expect(records.count >= 600)

        var agreements = 0
        var known: [String: Int] = [:]
        var unexplained: [Difference] = []
        for record in records {
            let bytes = try CorpusSupport.bytes(of: URL(fileURLWithPath: record.file))
            let message: Message
            do {
                message = try MessageParser().parse(bytes)
            } catch {
                unexplained.append(Difference(file: record.file, field: .text, ours: "rejected: \(error)", theirs: "parsed"))
                continue
            }
            for field in Field.allCases {
                let (ours, theirs) = Self.values(field, message: message, record: record)
                if ours == theirs {
                    agreements += 1
                } else if let kind = Divergence.explain(field, ours: ours, theirs: theirs, message: message, record: record) {
                    known[kind, default: 0] += 1
                } else {
                    unexplained.append(Difference(file: record.file, field: field, ours: ours, theirs: theirs))
                }
            }
        }
        let kinds = known.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        print("differential: \(records.count) messages compared, \(agreements) field agreements, " +
              "\(known.values.reduce(0, +)) known divergences [\(kinds)], \(unexplained.count) unexplained")
        for difference in unexplained.prefix(15) {
            print("UNEXPLAINED \(difference.file) \(difference.field):\n  ours:   \(difference.ours.debugDescription)\n  python: \(difference.theirs.debugDescription)")
        }
        #expect(unexplained.isEmpty, "\(unexplained.count) unexplained differences from Python's reading")
    }

    /// The field as each side reads it, normalised: line ends as LF, trailing blanks per line and
    /// final line breaks removed; attachment names sorted, unnamed ones left out.
    static func values(_ field: Field, message: Message, record: OracleRecord) -> (ours: String, theirs: String) {
        switch field {
        case .subject:
            return (message.subject ?? "<none>", record.subject ?? "<none>")
        case .from:
            return (message.from.first?.address.description ?? "<none>", record.from ?? "<none>")
        case .text:
            let ours = record.html ? (message.html ?? "<none>") : message.text
            let theirs = record.text ?? (record.errors["text"].map { "<error \($0)>" } ?? "")
            return (normalize(ours), normalize(theirs))
        case .attachments:
            let ours = message.attachments.compactMap(\.filename).sorted()
            let theirs = record.attachments.compactMap { $0 }.sorted()
            return (ours.joined(separator: " | "), theirs.joined(separator: " | "))
        }
    }

    static func normalize(_ text: String) -> String {
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = unified.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = Substring(line)
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            return line
        }
        var result = lines.joined(separator: "\n")
        while result.hasSuffix("\n") { result.removeLast() }
        return result
    }
}

/// The differences from Python that are understood, each a named predicate with the reason
/// MailFormat's reading is right or acceptable. Anything not matched here fails the test.
enum Divergence {
    static func explain(_ field: DifferentialTests.Field, ours: String, theirs: String,
                        message: Message, record: OracleRecord) -> String? {
        let predicates: [(String, (DifferentialTests.Field, String, String, Message, OracleRecord) -> Bool)] = [
            ("python-unknown-charset", pythonUnknownCharset),
            ("python-replacement-characters", pythonReplacementCharacters),
            ("nested-attachments", nestedAttachments),
            ("single-part-attachment", singlePartAttachment),
            ("multipart-without-delimiters", multipartWithoutDelimiters),
            ("trailing-header-blanks", trailingHeaderBlanks),
            ("named-inline-text-part", namedInlineTextPart),
        ]
        return predicates.first { $0.1(field, ours, theirs, message, record) }?.0
    }

    /// Python raises LookupError in get_content() for a charset it does not know, so it has no
    /// text at all. A help desk must still show the customer's words: MailFormat decodes the bytes
    /// as UTF-8 (or Windows-1252) and records an `unknown-charset` note.
    static func pythonUnknownCharset(_ field: DifferentialTests.Field, _ ours: String, _ theirs: String,
                                     _ message: Message, _ record: OracleRecord) -> Bool {
        field == .text && record.errors["text"] == "LookupError" && message.notes.contains { $0.code == "unknown-charset" }
    }

    /// Where Python cannot decode bytes (8-bit header bytes, text mislabelled as US-ASCII, bytes
    /// undefined in its codec) it puts U+FFFD; MailFormat decodes them as UTF-8 if valid, else as
    /// Windows-1252, which keeps the characters. Each run of U+FFFD on Python's side must stand
    /// for one to four characters on ours, and everything else must agree.
    static func pythonReplacementCharacters(_ field: DifferentialTests.Field, _ ours: String, _ theirs: String,
                                            _ message: Message, _ record: OracleRecord) -> Bool {
        guard record.replaced.contains(field.rawValue), !ours.contains("\u{FFFD}") else { return false }
        return matchesWithWildcards(pattern: Array(theirs.unicodeScalars), text: Array(ours.unicodeScalars))
    }

    /// Python's iter_attachments() only looks at the direct children of the top-level multipart,
    /// so a file inside a nested multipart/mixed is not listed. MailFormat lists every attachment
    /// in the main body (an agent needs the invoice whether or not the mailer nested it). Python's
    /// names must all be ours, and each extra name of ours must sit deeper than the top level.
    static func nestedAttachments(_ field: DifferentialTests.Field, _ ours: String, _ theirs: String,
                                  _ message: Message, _ record: OracleRecord) -> Bool {
        guard field == .attachments else { return false }
        var extra = message.attachments.compactMap(\.filename)
        for name in record.attachments.compactMap({ $0 }) {
            guard let index = extra.firstIndex(of: name) else { return false }
            extra.remove(at: index)
        }
        let topLevel = Set(message.root.children.compactMap(\.filename) + [message.root.filename].compactMap { $0 })
        return message.root.isMultipart && !extra.isEmpty && extra.allSatisfy { !topLevel.contains($0) }
    }

    /// A message whose only part is a named file (no multipart around it) has no attachments for
    /// Python, which only lists parts of a multipart; for a help desk that file is the attachment.
    static func singlePartAttachment(_ field: DifferentialTests.Field, _ ours: String, _ theirs: String,
                                     _ message: Message, _ record: OracleRecord) -> Bool {
        field == .attachments && theirs.isEmpty && message.root.children.isEmpty
            && message.attachments.count == 1 && message.root.isAttachment
    }

    /// A multipart body with no delimiter line has no parts for Python, hence no text; MailFormat
    /// keeps the content readable as one text/plain part and notes the broken boundary.
    static func multipartWithoutDelimiters(_ field: DifferentialTests.Field, _ ours: String, _ theirs: String,
                                           _ message: Message, _ record: OracleRecord) -> Bool {
        field == .text && theirs.isEmpty
            && message.notes.contains { $0.code == "boundary-not-found" || $0.code == "missing-boundary" }
    }

    /// Python keeps blanks at the end of an unstructured header (left behind where a sender
    /// dropped a word or folded before nothing). They are invisible, and a help desk compares
    /// subjects for threading, so MailFormat trims them; everything else must agree.
    static func trailingHeaderBlanks(_ field: DifferentialTests.Field, _ ours: String, _ theirs: String,
                                     _ message: Message, _ record: OracleRecord) -> Bool {
        field == .subject && ours == theirs.trimming(where: { $0 == " " || $0 == "\t" }, leading: false)
    }

    /// Python's iter_attachments() skips the first inline text/plain or text/html child of the top
    /// level, assuming it is the body, even when get_body() found the body elsewhere (inside a
    /// multipart/alternative). Such a part that carries a file name and is not the body is a file
    /// the sender attached, so MailFormat lists it. Python's names must all be ours; each extra one
    /// must be a named, non-"attachment"-disposition text part directly under the top level.
    static func namedInlineTextPart(_ field: DifferentialTests.Field, _ ours: String, _ theirs: String,
                                    _ message: Message, _ record: OracleRecord) -> Bool {
        guard field == .attachments else { return false }
        var extra = message.attachments.compactMap(\.filename)
        for name in record.attachments.compactMap({ $0 }) {
            guard let index = extra.firstIndex(of: name) else { return false }
            extra.remove(at: index)
        }
        let candidates = message.root.children.filter {
            $0.contentType.type == "text" && $0.disposition != "attachment" && $0.filename != nil
        }
        return !extra.isEmpty && extra.allSatisfy { name in candidates.contains { $0.filename == name } }
    }

    /// Whether `text` equals `pattern` when each run of U+FFFD in the pattern matches 1...4 scalars.
    /// Tracks the set of reachable positions in `text`, which stays small, so it is fast on long bodies.
    static func matchesWithWildcards(pattern: [Unicode.Scalar], text: [Unicode.Scalar]) -> Bool {
        var reachable: Set<Int> = [0]
        var previousWasWildcard = false
        for scalar in pattern {
            var next: Set<Int> = []
            if scalar == "\u{FFFD}" {
                if previousWasWildcard { continue }
                previousWasWildcard = true
                for position in reachable {
                    for length in 1...4 where position + length <= text.count { next.insert(position + length) }
                }
            } else {
                previousWasWildcard = false
                for position in reachable where position < text.count && text[position] == scalar {
                    next.insert(position + 1)
                }
            }
            reachable = next
            if reachable.isEmpty { return false }
        }
        return reachable.contains(text.count)
    }
}
