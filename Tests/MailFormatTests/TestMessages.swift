import MailFormat

/// Builds test messages from lines, with LF or CR LF line ends.
enum TestMessages {
    static func bytes(_ lines: [String], crlf: Bool = true) -> [UInt8] {
        Array(lines.joined(separator: crlf ? "\r\n" : "\n").utf8)
    }

    static func parse(_ lines: [String], crlf: Bool = true) throws -> Message {
        try MessageParser().parse(bytes(lines, crlf: crlf))
    }
}
