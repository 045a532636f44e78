/// Lines of a text, and lower-casing with an ASCII fast path: the scanners run on every mail, and
/// going through `Character`s (grapheme breaking) for this costs more than the scanning itself.
package enum TextLines {
    /// The lines of a text, split at CR LF, LF and CR alike (and the rarer Unicode line ends: VT,
    /// FF, NEL, LS, PS), exactly as `split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)`,
    /// whose `Character`s take CR LF as one, but scalar by scalar.
    package static func split(_ text: String) -> [Substring] {
        var text = text
        text.makeContiguousUTF8()
        let utf8 = text.utf8
        let ends: [(start: Int, end: Int)] = utf8.withContiguousStorageIfAvailable(lineRanges) ?? Array(utf8).withUnsafeBufferPointer(lineRanges)
        // Line ends are grapheme boundaries, so these indices are `Character` boundaries too.
        return ends.map { range in
            text[utf8.index(utf8.startIndex, offsetBy: range.start)..<utf8.index(utf8.startIndex, offsetBy: range.end)]
        }
    }

    /// The byte ranges of the lines: LF, VT, FF, CR (CR LF as one), NEL (C2 85), LS and PS (E2 80 A8/A9).
    private static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [(start: Int, end: Int)] {
        var ranges: [(start: Int, end: Int)] = []
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            var length = 0
            switch byte {
            case 0x0A, 0x0B, 0x0C: length = 1
            case 0x0D: length = index + 1 < count && bytes[index + 1] == 0x0A ? 2 : 1
            case 0xC2: length = index + 1 < count && bytes[index + 1] == 0x85 ? 2 : 0
            case 0xE2: length = index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) ? 3 : 0
            default: break
            }
            if length == 0 { index += 1; continue }
            ranges.append((start, index))
            index += length
            start = index
        }
        ranges.append((start, count))
        return ranges
    }

    /// The text with every line end written as LF.
    package static func normalized(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0B || $0 == 0x0C || $0 >= 0x80 }) { return text }
        return split(text).joined(separator: "\n")
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
