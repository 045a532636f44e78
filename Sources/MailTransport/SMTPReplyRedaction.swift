/// Takes the people out of a server's reply text before it becomes an error or a receipt, which
/// end up in the outbox's `last_error`, the log and `ticketd outbox` (DESIGN §3, invariant 3).
///
/// Servers quote the envelope in many ways: the whole address (`<a.person@example.org>`), its
/// local part alone (`a.person... User unknown`), or another address of the same person (an
/// alias the server resolved). So the envelope addresses become `recipient` and `sender`, what
/// is left of anything shaped like an address becomes `[address]`, and the envelope's local
/// parts of the recipients (the people; the sender is ticketd itself) of three or more characters
/// become `[local-part]`.
struct SMTPReplyRedaction {
    let sender: String
    let recipients: [String]

    func callAsFunction(_ text: String) -> String {
        var result = Array(text.utf8)
        for recipient in recipients where !recipient.isEmpty {
            result = Self.replacing(Array(recipient.utf8), in: result, with: "recipient")
        }
        if !sender.isEmpty { result = Self.replacing(Array(sender.utf8), in: result, with: "sender") }
        result = Self.blankingAddresses(in: result)
        for address in recipients {
            guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else { continue }
            let localPart = Array(address.utf8[..<at])
            if localPart.count >= 3 { result = Self.replacing(localPart, in: result, with: "[local-part]") }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Case-insensitive replacement of every occurrence (ASCII addresses only, as checked).
    static func replacing(_ needle: [UInt8], in haystack: [UInt8], with placeholder: String) -> [UInt8] {
        let pattern = needle.map(lower)
        guard !pattern.isEmpty, haystack.count >= pattern.count else { return haystack }
        var output: [UInt8] = []
        output.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if index + pattern.count <= haystack.count,
               zip(haystack[index..<index + pattern.count], pattern).allSatisfy({ lower($0) == $1 }) {
                output += Array(placeholder.utf8)
                index += pattern.count
            } else {
                output.append(haystack[index])
                index += 1
            }
        }
        return output
    }

    /// Every run of non-delimiter bytes around an `@` becomes `[address]`.
    static func blankingAddresses(in text: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count, !isDelimiter(text[end]) { end += 1 }
            if end > start {
                let word = text[start..<end]
                if word.contains(UInt8(ascii: "@")) { output += Array("[address]".utf8) } else { output += word }
            }
            if end < text.count { output.append(text[end]) }
            start = end + 1
        }
        return output
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: "["), UInt8(ascii: "]"):
            true
        default:
            false
        }
    }

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
}
