/// Quoted-printable encoding of an outgoing text body (RFC 2045 §6.7).
enum QuotedPrintableEncoder {
    /// The longest encoded line, the soft-break `=` included (RFC 2045 §6.7, rule 5).
    static let lineLimit = 76

    /// Encodes UTF-8 text: every line break (CR LF, lone CR, lone LF) becomes CR LF, and the text
    /// ends with one.
    ///
    /// Written as they are: printable ASCII other than `=`, and blanks that do not end a line.
    /// Everything else is `=XX`, and so is the first character of a line (after a soft break too)
    /// that is a `.` (SMTP's end-of-data marker, should a transport forget to dot-stuff) or the
    /// `F` of `From ` (which mbox writers would quote with `>`, changing the text). The output
    /// is 7-bit; a CR or LF in it is always part of a CR LF.
    static func encode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8 + 2)
        var line: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == ASCII.cr || byte == ASCII.lf {
                encodeLine(line, into: &out)
                line.removeAll(keepingCapacity: true)
                i += (byte == ASCII.cr && i + 1 < bytes.count && bytes[i + 1] == ASCII.lf) ? 2 : 1
                continue
            }
            line.append(byte)
            i += 1
        }
        if !line.isEmpty { encodeLine(line, into: &out) }
        return out
    }

    /// One line of text (without its break), with soft breaks where needed, and CR LF.
    private static func encodeLine(_ line: [UInt8], into out: inout [UInt8]) {
        var length = 0
        var i = 0
        while i < line.count {
            let isLast = i == line.count - 1
            var piece = encoded(line, at: i, atLineStart: length == 0, isLast: isLast)
            // The `=` of a soft break needs a column of its own unless this piece ends the line.
            if length + piece.count > lineLimit - (isLast ? 0 : 1) {
                out.append(contentsOf: [ASCII.equals, ASCII.cr, ASCII.lf])
                length = 0
                piece = encoded(line, at: i, atLineStart: true, isLast: isLast)
            }
            out.append(contentsOf: piece)
            length += piece.count
            i += 1
        }
        out.append(contentsOf: [ASCII.cr, ASCII.lf])
    }

    private static let from = Array("From ".utf8)

    /// The byte at `index` as it is or as `=XX`.
    private static func encoded(_ line: [UInt8], at index: Int, atLineStart: Bool, isLast: Bool) -> [UInt8] {
        let byte = line[index]
        let literal: Bool
        switch byte {
        case ASCII.space, ASCII.tab:
            literal = !isLast
        case ASCII.equals:
            literal = false
        case ASCII.dot:
            literal = !atLineStart
        case UInt8(ascii: "F"):
            literal = !(atLineStart && line[index...].starts(with: from))
        case 0x21...0x7E:
            literal = true
        default:
            literal = false
        }
        return literal ? [byte] : HeaderFieldWriter.hexEscape(byte)
    }
}
