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
