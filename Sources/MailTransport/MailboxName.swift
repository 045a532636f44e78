/// Mailbox names as they travel over IMAP: modified UTF-7 (RFC 3501 §5.1.3), then quoted for
/// commands or percent-encoded for libcurl URLs (RFC 5092).
enum MailboxName {
    /// The modified UTF-7 form of a name: printable ASCII stays as it is (`&` becomes `&-`),
    /// everything else is UTF-16 in base64 with `,` for `/`, between `&` and `-`.
    static func modifiedUTF7(_ name: String) -> String {
        var output = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
            output += "&" + base64(bytes) + "-"
            pending.removeAll()
        }
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20, scalar.value <= 0x7E {
                flush()
                output += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending.append(contentsOf: Array(String(scalar).utf16))
            }
        }
        flush()
        return output
    }

    /// The name as an IMAP quoted string, ready to put into a command.
    static func quoted(_ name: String) -> String {
        quotedString(modifiedUTF7(name))
    }

    /// Text as an IMAP quoted string (RFC 3501 §4.3): between double quotes, `"` and `\` escaped.
    /// The text must be printable ASCII already (no CR, LF or 8-bit byte, which a quoted string
    /// cannot hold).
    static func quotedString(_ text: String) -> String {
        var output = "\""
        for character in text {
            if character == "\"" || character == "\\" { output.append("\\") }
            output.append(character)
        }
        return output + "\""
    }

    /// The name as one path segment of an `imap://` URL; libcurl decodes it and quotes it itself.
    static func urlSegment(_ name: String) -> String {
        var output = ""
        for byte in modifiedUTF7(name).utf8 {
            let isUnreserved = (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            if isUnreserved {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }

    /// Modified base64: the alphabet of RFC 4648 with `,` instead of `/`, and no padding.
    private static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,")
        var output = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * UInt32(offset)) }
            let characters = chunk.count + 1
            for position in 0..<characters {
                output.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)])
            }
            index += 3
        }
        return output
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
