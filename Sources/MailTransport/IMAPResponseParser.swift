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
