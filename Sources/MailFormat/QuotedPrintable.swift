/// Quoted-printable decoding (RFC 2045 §6.7), as tolerant as mail in the wild needs.
enum QuotedPrintable {
    /// Decodes a quoted-printable body.
    ///
    /// Soft line breaks (`=` at the end of a line, even with trailing blanks after it) are removed,
    /// hex digits are accepted in either case, and an `=` that starts no valid escape is kept as it
    /// stands, because the sender most likely meant a literal equals sign. Line breaks stay as they are.
    static func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let byte = bytes[i]
            guard byte == ASCII.equals else {
                out.append(byte)
                i += 1
                continue
            }
            if i + 2 < end, let high = ASCII.hexValue(bytes[i + 1]), let low = ASCII.hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
                continue
            }
            // A soft line break: "=" then optional blanks, then CR LF, LF or the end of the text.
            var j = i + 1
            while j < end, ASCII.isWSP(bytes[j]) { j += 1 }
            if j == end {
                i = j
                continue
            }
            if bytes[j] == ASCII.lf {
                i = j + 1
                continue
            }
            if bytes[j] == ASCII.cr {
                i = (j + 1 < end && bytes[j + 1] == ASCII.lf) ? j + 2 : j + 1
                continue
            }
            out.append(byte)
            i += 1
        }
        return out
    }

    /// Decodes the `Q` form of an RFC 2047 encoded word: like quoted-printable, but `_` is a space.
    static func decodeQ(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let byte = bytes[i]
            if byte == ASCII.underscore {
                out.append(ASCII.space)
                i += 1
            } else if byte == ASCII.equals, i + 2 < end,
                      let high = ASCII.hexValue(bytes[i + 1]), let low = ASCII.hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out
    }
}
