import Privacy

/// The part of a reply its sender wrote: without quoted lines, the quoted history after a reply
/// header, and the signature.
///
/// Subject-rights mail is read from this part only, so that our own confirmation mail, quoted
/// back, never reads as a new request, and a forwarded conversation does not speak for its writer.
enum OwnText {
    /// The sender's own lines, in order.
    ///
    /// Dropped: lines starting with `>` (after spaces); everything from a reply header ("On ... wrote:",
    /// "Am ... schrieb ...:", "-----Original Message-----", a forwarded-message marker) or a signature
    /// delimiter ("-- " on its own line, RFC 3676 §4.3; a bare "--" too, as clients strip the space).
    static func lines(of text: String) -> [Substring] {
        var kept: [Substring] = []
        for line in TextLines.split(text) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
            if trimmed.hasPrefix(">") { continue }
            if line == "-- " || line == "--" { break }
            // Only a line that starts like a reply header is folded and looked at.
            if mayStartReplyHeader(trimmed), isReplyHeader(RequestText.fold(trimmed)) { break }
            kept.append(line)
        }
        return kept
    }

    /// Whether a line may start a reply header: its first two characters (after white space) are,
    /// lower-cased, "--", "on", "am" or "be" ("Begin forwarded message"). Form lines such as
    /// "Anrede:" or "Bestellnummer:" start with the same letters, and folding a line costs more
    /// than this look at two scalars. A second character outside ASCII is left to
    /// ``isReplyHeader(_:)`` (folding could make it ASCII).
    static func mayStartReplyHeader(_ line: Substring) -> Bool {
        var scalars = line.unicodeScalars.drop(while: { $0.properties.isWhitespace }).makeIterator()
        guard let first = scalars.next(), first.isASCII, let second = scalars.next() else { return false }
        guard second.isASCII else { return Self.headerStarts.contains(lowered(first)) }
        switch (lowered(first), lowered(second)) {
        case (0x2D, 0x2D), (0x6F, 0x6E), (0x61, 0x6D), (0x62, 0x65): return true
        default: return false
        }
    }

    /// An ASCII scalar's byte, lower-cased.
    private static func lowered(_ scalar: Unicode.Scalar) -> UInt8 {
        let byte = UInt8(scalar.value)
        return (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// The first bytes a reply header can start with: "-", "On", "Am", "Begin" (lower-cased).
    private static let headerStarts: Set<UInt8> = Set("-oab".utf8)

    /// A line that introduces quoted history, given folded (see `RequestText.fold`).
    static func isReplyHeader(_ folded: String) -> Bool {
        let trimmed = folded.trimmedSpaces()
        let markers = ["-----original message", "-----urspruengliche nachricht", "-------- weitergeleitete nachricht",
                       "---------- forwarded message", "-------- forwarded message", "begin forwarded message"]
        if markers.contains(where: { trimmed.hasPrefix($0) }) { return true }
        // Clients wrap a long header line; it still starts with "On"/"Am" and ends with the colon
        // within a line or two, but the first line alone is the one we see, so the colon is not required
        // when the verb is there.
        if trimmed.hasPrefix("on "), trimmed.contains(" wrote") { return trimmed.hasSuffix(":") || trimmed.hasSuffix("wrote") }
        if trimmed.hasPrefix("am "), trimmed.contains(" schrieb") { return trimmed.hasSuffix(":") || trimmed.hasSuffix("schrieb") }
        return false
    }
}
