/// Lines of a text, and lower-casing with an ASCII fast path: the scanners run on every mail, and
/// going through `Character`s (grapheme breaking) for this costs more than the scanning itself.
package enum TextLines {
    /// The lines of a text, split at CR LF, LF and CR alike (and the rarer Unicode line ends: VT,
    /// FF, NEL, LS, PS), exactly as `split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)`,
    /// whose `Character`s take CR LF as one, but scalar by scalar.
    package static func split(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let value = scalars[index].value
            guard isLineEnd(value) else { scalars.formIndex(after: &index); continue }
            // Line ends are grapheme boundaries, so these indices are `Character` boundaries too.
            lines.append(text[start..<index])
            var next = scalars.index(after: index)
            if value == 0x0D, next < scalars.endIndex, scalars[next] == "\n" { scalars.formIndex(after: &next) }
            start = next
            index = next
        }
        lines.append(text[start..<scalars.endIndex])
        return lines
    }

    /// The text with every line end written as LF.
    package static func normalized(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0B || $0 == 0x0C || $0 >= 0x80 }) { return text }
        return split(text).joined(separator: "\n")
    }

    static func isLineEnd(_ value: UInt32) -> Bool {
        value == 0x0A || value == 0x0D || value == 0x0B || value == 0x0C || value == 0x85 || value == 0x2028 || value == 0x2029
    }
}

extension StringProtocol {
    /// `lowercased()`, with a fast path for ASCII text (most lines of most mail), which
    /// `String.lowercased()` reaches only through its general Unicode path.
    package func lowercasedFast() -> String {
        let utf8 = self.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: utf8.count) { buffer in
                var count = 0
                for byte in utf8 {
                    buffer[count] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    count += 1
                }
                return count
            }
        }
        // Scalar by scalar with the full lower-case mapping, as `lowercased()` does; bytes of
        // scalars that do not change are copied as they are.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            if scalar.value < 0x80 {
                let byte = UInt8(scalar.value)
                bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else if scalar.properties.changesWhenLowercased {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { UTF8.encode(lower) { bytes.append($0) } }
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
