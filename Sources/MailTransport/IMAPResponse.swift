/// One IMAP response line as the server sent it (RFC 3501 §7, RFC 4731, RFC 4315, RFC 5530),
/// reduced to the parts the client needs.
///
/// libcurl hands every response line of a transfer to the header callback; ``IMAPResponseParser``
/// turns each into one of these. Lines the client has no use for become ``other``.
enum IMAPResponse: Equatable {
    /// `tag OK|NO|BAD [code] text`: the end of a command.
    case tagged(tag: String, condition: IMAPCondition, code: IMAPResponseCode?, text: String)
    /// `* OK|NO|BAD|BYE|PREAUTH [code] text`.
    case untaggedCondition(condition: IMAPCondition, code: IMAPResponseCode?, text: String)
    /// `* SEARCH 3 5 7`, or `* ESEARCH (TAG "A4") UID COUNT 3 ALL 3,5:7` with its UIDs expanded
    /// and the COUNT the server reported (ESEARCH only).
    case search([UInt32], count: Int?)
    /// `* STATUS mailbox (MESSAGES 3 UIDNEXT 8 UIDVALIDITY 1700000000)`; the mailbox name is not kept.
    case status([String: UInt64])
    /// `* CAPABILITY ...`.
    case capability(Set<String>)
    /// `* n EXISTS`.
    case exists(Int)
    /// `* n EXPUNGE`.
    case expunge(UInt32)
    /// `* n FETCH (... UID u ... RFC822.SIZE s ...)`: the items the client reads.
    case fetch(sequence: UInt32, uid: UInt32?, size: Int?)
    /// Anything else (FLAGS, LIST, RECENT, continuation requests, literal data).
    case other
}

/// The state word of a status response.
enum IMAPCondition: String, Equatable {
    case ok = "OK", no = "NO", bad = "BAD", bye = "BYE", preauth = "PREAUTH"
}

/// A bracketed response code such as `[COPYUID 17 3 9]` or `[NONEXISTENT]`.
struct IMAPResponseCode: Equatable {
    /// The code's name, upper-cased: `COPYUID`, `UIDVALIDITY`, `TRYCREATE`, ...
    var name: String
    /// The space-separated words after the name, as sent (a parenthesized list counts as one word).
    var arguments: [String]
}

/// Parses single IMAP response lines. A small recursive-descent reader over the bytes of one line,
/// following the grammar of RFC 3501 §9 for the productions the client needs.
enum IMAPResponseParser {
    /// Parses one line, with or without its CRLF. Never fails: what it does not understand is `.other`.
    static func parse(_ line: some Collection<UInt8>) -> IMAPResponse {
        var scanner = Scanner(Array(line))
        scanner.trimLineEnd()
        if scanner.consume("*") {
            guard scanner.consume(" ") else { return .other }
            return untagged(&scanner)
        }
        if scanner.peek == UInt8(ascii: "+") { return .other }
        guard let tag = scanner.atom(), scanner.consume(" "),
              let word = scanner.atom(), let condition = IMAPCondition(rawValue: word.uppercased()),
              condition == .ok || condition == .no || condition == .bad
        else { return .other }
        let (code, text) = responseText(&scanner)
        return .tagged(tag: tag, condition: condition, code: code, text: text)
    }

    private static func untagged(_ scanner: inout Scanner) -> IMAPResponse {
        if let number = scanner.number() {
            guard scanner.consume(" "), let word = scanner.atom()?.uppercased() else { return .other }
            switch word {
            case "EXISTS": return Int(exactly: number).map { .exists($0) } ?? .other
            case "EXPUNGE": return UInt32(exactly: number).map { .expunge($0) } ?? .other
            case "FETCH":
                guard let sequence = UInt32(exactly: number), scanner.consume(" ") else { return .other }
                return fetch(sequence: sequence, &scanner)
            default: return .other
            }
        }
        guard let word = scanner.atom()?.uppercased() else { return .other }
        if let condition = IMAPCondition(rawValue: word) {
            let (code, text) = responseText(&scanner)
            return .untaggedCondition(condition: condition, code: code, text: text)
        }
        switch word {
        case "SEARCH":
            var uids: [UInt32] = []
            while scanner.consume(" ") {
                // RFC 7162 may append "(MODSEQ n)"; stop at anything that is not a number.
                guard let number = scanner.number(), let uid = UInt32(exactly: number) else { break }
                uids.append(uid)
            }
            return .search(uids, count: nil)
        case "ESEARCH":
            return esearch(&scanner)
        case "STATUS":
            guard scanner.consume(" "), scanner.skipAString(), scanner.consume(" ") else { return .other }
            guard let attributes = numberPairs(&scanner) else { return .other }
            return .status(attributes)
        case "CAPABILITY":
            return .capability(capabilities(&scanner))
        default:
            return .other
        }
    }

    /// `* ESEARCH [(TAG "x")] [UID] *(SP return-data)`; ALL and COUNT are read (RFC 4731 §3.1).
    private static func esearch(_ scanner: inout Scanner) -> IMAPResponse {
        var uids: [UInt32] = []
        var count: Int?
        while scanner.consume(" ") {
            if scanner.peek == UInt8(ascii: "(") {
                guard scanner.skipParenthesized() else { return .other }
                continue
            }
            guard let name = scanner.atom()?.uppercased() else { return .other }
            if name == "UID" { continue }
            guard scanner.consume(" ") else { return .other }
            if name == "ALL" {
                guard let set = scanner.atom(), let parsed = IMAPSequenceSet.uids(in: set) else { return .other }
                uids.append(contentsOf: parsed)
            } else if name == "COUNT" {
                guard let number = scanner.number(), let value = Int(exactly: number) else { return .other }
                count = value
            } else if scanner.peek == UInt8(ascii: "(") {
                guard scanner.skipParenthesized() else { return .other }
            } else {
                guard scanner.atom() != nil else { return .other }
            }
        }
        return .search(uids, count: count)
    }

    /// The FETCH attributes UID and RFC822.SIZE; other attributes are skipped.
    private static func fetch(sequence: UInt32, _ scanner: inout Scanner) -> IMAPResponse {
        guard scanner.consume("(") else { return .other }
        var uid: UInt32?, size: Int?
        while !scanner.atEnd, !scanner.consume(")") {
            _ = scanner.consume(" ")
            guard let name = scanner.attributeName()?.uppercased(), scanner.consume(" ") else { break }
            switch name {
            case "UID": uid = scanner.number().flatMap { UInt32(exactly: $0) }
            case "RFC822.SIZE": size = scanner.number().flatMap { Int(exactly: $0) }
            default:
                if scanner.peek == UInt8(ascii: "(") { _ = scanner.skipParenthesized() } else { _ = scanner.skipAString() }
            }
        }
        return .fetch(sequence: sequence, uid: uid, size: size)
    }

    /// `(NAME number NAME number ...)`, as in a STATUS response.
    private static func numberPairs(_ scanner: inout Scanner) -> [String: UInt64]? {
        guard scanner.consume("(") else { return nil }
        var result: [String: UInt64] = [:]
        while !scanner.consume(")") {
            if !result.isEmpty { guard scanner.consume(" ") else { return nil } }
            guard let name = scanner.atom()?.uppercased(), scanner.consume(" "), let value = scanner.number() else { return nil }
            result[name] = value
        }
        return result
    }

    private static func capabilities(_ scanner: inout Scanner) -> Set<String> {
        var result: Set<String> = []
        while scanner.consume(" ") {
            guard let word = scanner.atom() else { break }
            result.insert(word.uppercased())
        }
        return result
    }

    /// `[SP] ["[" code "]" SP] text` after a condition word.
    private static func responseText(_ scanner: inout Scanner) -> (IMAPResponseCode?, String) {
        _ = scanner.consume(" ")
        var code: IMAPResponseCode?
        if scanner.consume("[") {
            if let name = scanner.atom() {
                var arguments: [String] = []
                while scanner.consume(" ") {
                    if scanner.peek == UInt8(ascii: "(") {
                        let start = scanner.position
                        guard scanner.skipParenthesized() else { break }
                        arguments.append(scanner.text(from: start))
                    } else if let word = scanner.word(until: [UInt8(ascii: " "), UInt8(ascii: "]")]) {
                        arguments.append(word)
                    } else {
                        break
                    }
                }
                code = IMAPResponseCode(name: name.uppercased(), arguments: arguments)
            }
            _ = scanner.skip(until: UInt8(ascii: "]"))
            _ = scanner.consume("]")
            _ = scanner.consume(" ")
        }
        return (code, scanner.rest())
    }
}

extension IMAPResponseParser {
    /// A cursor over the bytes of one line.
    struct Scanner {
        private let bytes: [UInt8]
        private(set) var position = 0
        private var end: Int

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            end = bytes.count
        }

        var atEnd: Bool { position >= end }
        var peek: UInt8? { atEnd ? nil : bytes[position] }

        mutating func trimLineEnd() {
            while end > position, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        }

        mutating func consume(_ literal: StaticString) -> Bool {
            let expected = literal.withUTF8Buffer { Array($0) }
            guard end - position >= expected.count else { return false }
            for (offset, byte) in expected.enumerated() where bytes[position + offset] != byte { return false }
            position += expected.count
            return true
        }

        /// ATOM-CHAR+ (RFC 3501 §9), also allowing `]`-free flag words like `\Seen` and `*`.
        mutating func atom() -> String? {
            let start = position
            while let byte = peek, Self.isAtomChar(byte) || byte == UInt8(ascii: "\\") { position += 1 }
            return position > start ? text(from: start) : nil
        }

        /// A FETCH attribute name, which may carry a section: `BODY[HEADER]<0>`.
        mutating func attributeName() -> String? {
            let start = position
            while let byte = peek, byte != UInt8(ascii: " "), byte != UInt8(ascii: ")") {
                position += 1
                if byte == UInt8(ascii: "[") { _ = skip(until: UInt8(ascii: "]")); _ = consume("]") }
            }
            return position > start ? text(from: start) : nil
        }

        /// Bytes up to (not including) any of the stop bytes or the end.
        mutating func word(until stops: [UInt8]) -> String? {
            let start = position
            while let byte = peek, !stops.contains(byte) { position += 1 }
            return position > start ? text(from: start) : nil
        }

        mutating func number() -> UInt64? {
            var value: UInt64 = 0
            let start = position
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                if overflow1 || overflow2 { return nil }
                value = sum
                position += 1
            }
            return position > start ? value : nil
        }

        /// Skips an astring or nstring: an atom, a quoted string, or a literal marker `{n}`
        /// (whose data libcurl hands over as further lines).
        mutating func skipAString() -> Bool {
            if consume("\"") {
                while let byte = peek {
                    position += 1
                    if byte == UInt8(ascii: "\\") { position += 1 } else if byte == UInt8(ascii: "\"") { return true }
                }
                return false
            }
            if consume("{") {
                guard number() != nil else { return false }
                _ = consume("+")
                return consume("}")
            }
            return word(until: [UInt8(ascii: " "), UInt8(ascii: ")"), UInt8(ascii: "(")]) != nil
        }

        /// Skips a balanced parenthesized list, respecting quoted strings.
        mutating func skipParenthesized() -> Bool {
            guard consume("(") else { return false }
            var depth = 1
            while let byte = peek, depth > 0 {
                if byte == UInt8(ascii: "\"") {
                    guard skipAString() else { return false }
                    continue
                }
                if byte == UInt8(ascii: "(") { depth += 1 }
                if byte == UInt8(ascii: ")") { depth -= 1 }
                position += 1
            }
            return depth == 0
        }

        mutating func skip(until stop: UInt8) -> Bool {
            while let byte = peek {
                if byte == stop { return true }
                position += 1
            }
            return false
        }

        mutating func rest() -> String {
            let start = position
            position = end
            return text(from: start)
        }

        func text(from start: Int) -> String {
            String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// ATOM-CHAR: any CHAR except atom-specials `(){ %*"\]` , CTL and SP. `*` and `%` are allowed
        /// here because they appear in sequence sets and capability words the client reads as atoms.
        static func isAtomChar(_ byte: UInt8) -> Bool {
            guard byte > 0x20, byte < 0x7F else { return false }
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "\""),
                 UInt8(ascii: "\\"), UInt8(ascii: "]"), UInt8(ascii: "["):
                return false
            default:
                return true
            }
        }
    }
}

/// IMAP sequence sets of UIDs (RFC 3501 §9 `sequence-set`, RFC 4315 `uid-set`).
enum IMAPSequenceSet {
    /// The UIDs a set such as `3,5:7` names, in the order given; nil when malformed or when it uses `*`.
    static func uids(in set: String) -> [UInt32]? {
        var result: [UInt32] = []
        for part in set.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count) else { return nil }
            let numbers = bounds.compactMap { UInt32($0) }
            guard numbers.count == bounds.count, !numbers.contains(0) else { return nil }
            if numbers.count == 1 {
                result.append(numbers[0])
            } else {
                let low = min(numbers[0], numbers[1]), high = max(numbers[0], numbers[1])
                // A malicious range must not make the client allocate gigabytes.
                guard high - low < 10_000_000 else { return nil }
                if numbers[0] <= numbers[1] { result.append(contentsOf: low...high) } else { result.append(contentsOf: (low...high).reversed()) }
            }
        }
        return result
    }

    /// The shortest set naming exactly these UIDs: `[1, 2, 3, 7]` becomes `1:3,7`.
    static func compact(_ uids: some Sequence<UInt32>) -> String {
        let sorted = Set(uids).sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var last = index
            while last + 1 < sorted.count, sorted[last + 1] == sorted[last] + 1 { last += 1 }
            parts.append(last == index ? "\(sorted[index])" : "\(sorted[index]):\(sorted[last])")
            index = last + 1
        }
        return parts.joined(separator: ",")
    }
}
