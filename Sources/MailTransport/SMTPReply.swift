/// One SMTP reply (RFC 5321 §4.2): a three-digit code and its text, the lines of a multi-line
/// reply (`250-…` … `250 …`) joined.
struct SMTPReply: Sendable, Hashable {
    var code: Int
    /// The text after the code, lines joined by a space; without CR LF.
    var text: String

    /// The replies in the response lines libcurl passed to the header callback, in order.
    /// Lines that are not replies are skipped; a multi-line reply cut off before its last line
    /// still counts (with the lines it has).
    static func parse(_ lines: [[UInt8]]) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        var pending: (code: Int, texts: [String])?
        for line in lines {
            guard line.count >= 3, line[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  (2...5).contains(Int(line[0] - 0x30))
            else { continue }
            let code = line[0...2].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
            guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else { continue }
            let text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
            if let open = pending, open.code != code {
                replies.append(SMTPReply(code: open.code, text: open.texts.joined(separator: " ")))
                pending = nil
            }
            var texts = pending?.texts ?? []
            texts.append(text)
            if separator == UInt8(ascii: "-") {
                pending = (code, texts)
            } else {
                replies.append(SMTPReply(code: code, text: texts.joined(separator: " ")))
                pending = nil
            }
        }
        if let open = pending {
            replies.append(SMTPReply(code: open.code, text: open.texts.joined(separator: " ")))
        }
        return replies
    }
}
