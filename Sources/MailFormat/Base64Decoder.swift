/// Base64 decoding (RFC 2045 §6.8) that reads what broken senders produce.
enum Base64Decoder {
    /// What was wrong with the input, if anything.
    struct Repairs: OptionSet {
        let rawValue: Int
        /// Bytes outside the alphabet other than white space were skipped.
        static let junk = Repairs(rawValue: 1)
        /// The last group lacked its `=` padding, or a lone character was left over.
        static let padding = Repairs(rawValue: 2)
    }

    /// The 6-bit value of each byte, or 0xFF for bytes outside the alphabet. URL-safe `-` and `_`
    /// are accepted too, since some web forms produce them.
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8).enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes, skipping white space and junk; `=` ends a group early, so bodies glued together
    /// from separately encoded pieces still decode.
    static func decode(_ bytes: ArraySlice<UInt8>) -> (bytes: [UInt8], repairs: Repairs) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 4 * 3 + 3)
        var repairs: Repairs = []
        var quad: UInt32 = 0
        var count = 0
        for byte in bytes {
            let value = table[Int(byte)]
            if value == 0xFF {
                if byte == ASCII.equals {
                    flush(&quad, &count, into: &out, repairs: &repairs, padded: true)
                } else if !ASCII.isWhitespace(byte) {
                    repairs.insert(.junk)
                }
                continue
            }
            quad = quad << 6 | UInt32(value)
            count += 1
            if count == 4 {
                out.append(UInt8(truncatingIfNeeded: quad >> 16))
                out.append(UInt8(truncatingIfNeeded: quad >> 8))
                out.append(UInt8(truncatingIfNeeded: quad))
                quad = 0
                count = 0
            }
        }
        if count > 0 {
            flush(&quad, &count, into: &out, repairs: &repairs, padded: false)
        }
        return (out, repairs)
    }

    /// Emits the bytes a partial group of 2 or 3 characters carries.
    private static func flush(_ quad: inout UInt32, _ count: inout Int, into out: inout [UInt8], repairs: inout Repairs, padded: Bool) {
        switch count {
        case 2:
            out.append(UInt8(truncatingIfNeeded: quad >> 4))
        case 3:
            out.append(UInt8(truncatingIfNeeded: quad >> 10))
            out.append(UInt8(truncatingIfNeeded: quad >> 2))
        case 1:
            repairs.insert(.padding)
        default:
            break
        }
        if !padded, count > 0 { repairs.insert(.padding) }
        quad = 0
        count = 0
    }
}
