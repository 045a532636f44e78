internal import Foundation

/// The MIME entity of an outgoing message: the text alone, or the text and its attachments as
/// `multipart/mixed` (RFC 2045, RFC 2046 §5.1, RFC 2183, RFC 2231).
extension MailComposer {
    /// The Content-Type and Content-Transfer-Encoding fields (each with its CR LF) and the body
    /// that follows the empty line.
    ///
    /// Without attachments this is the single-part text message ticketd has always sent, byte
    /// for byte. With attachments the text becomes the first body part, unchanged, and each file
    /// follows as a base64 part.
    static func entity(_ mail: OutgoingMail) throws(CompositionError) -> (fields: [UInt8], body: [UInt8]) {
        var textFields = field("Content-Type", "text/plain; charset=utf-8")
        textFields += field("Content-Transfer-Encoding", "quoted-printable")
        let text = QuotedPrintableEncoder.encode(mail.body)
        guard !mail.attachments.isEmpty else { return (textFields, text) }

        var parts = [textFields + crlf + text]
        for (index, attachment) in mail.attachments.enumerated() {
            parts.append(try attachmentPart(attachment, index: index))
        }
        let boundary = boundary(messageID: mail.messageID, parts: parts)
        let delimiter = Array("--\(boundary)".utf8)
        // Each part is followed by a CR LF of its own before the next delimiter: the line break
        // in front of a delimiter belongs to the delimiter (RFC 2046 §5.1.1), so without it the
        // text would lose its last line break and read differently than in a single-part message.
        var body: [UInt8] = []
        body.reserveCapacity(parts.reduce(0) { $0 + $1.count + delimiter.count + 4 } + delimiter.count + 4)
        for part in parts {
            body += delimiter + crlf
            body += part
            body += crlf
        }
        body += delimiter + [ASCII.hyphen, ASCII.hyphen] + crlf

        var type = HeaderFieldWriter(name: "Content-Type")
        type.append(token: "multipart/mixed;")
        // The boundary holds `=`, a tspecial, so it must be quoted (RFC 2045 §5.1).
        type.append(token: "boundary=\"\(boundary)\"")
        return (type.field, body)
    }

    private static let crlf: [UInt8] = [ASCII.cr, ASCII.lf]

    /// A header field of one unbreakable token, with its CR LF.
    static func field(_ name: String, _ token: String) -> [UInt8] {
        var writer = HeaderFieldWriter(name: name)
        writer.append(token: token)
        return writer.field
    }

    // MARK: Attachment parts

    /// One attachment as a body part: its header and its content in base64 lines of 76
    /// characters (RFC 2045 §6.8), joined by CR LF, without a final one.
    static func attachmentPart(_ attachment: OutgoingAttachment, index: Int) throws(CompositionError) -> [UInt8] {
        guard let type = mediaType(attachment.mimeType) else { throw .invalidAttachmentType(index: index) }
        let filename = HeaderText.sanitized(attachment.filename)
        guard !filename.isEmpty, filename.utf8.count <= OutgoingAttachment.maxFilenameBytes else {
            throw .invalidAttachmentFilename(index: index)
        }
        // Content-Type's `name` is deprecated in favour of Content-Disposition's `filename`
        // (RFC 2046 §4.5.1, RFC 2183 §2.3), but some mail clients look only at it, so both
        // carry the name.
        var part = parameterField("Content-Type", value: type, parameters: parameter("name", filename))
        part += parameterField("Content-Disposition", value: "attachment", parameters: parameter("filename", filename))
        part += field("Content-Transfer-Encoding", "base64")
        part += crlf
        part += Data(attachment.data).base64EncodedData(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return part
    }

    /// A structured field `value; p1; p2 ...`, folded between the parameters.
    private static func parameterField(_ name: String, value: String, parameters: [String]) -> [UInt8] {
        var writer = HeaderFieldWriter(name: name)
        writer.append(token: parameters.isEmpty ? value : value + ";")
        for (index, parameter) in parameters.enumerated() {
            writer.append(token: index < parameters.count - 1 ? parameter + ";" : parameter)
        }
        return writer.field
    }

    /// `type/subtype` lower-cased, if `text` is two RFC 2045 tokens of 1 to 127 characters
    /// (RFC 6838 §4.2) and not a type that may not be base64-encoded: `multipart` (RFC 2045
    /// §6.4) and `message` (RFC 2046 §5.2.1 to §5.2.3 allow identity encodings only).
    static func mediaType(_ text: String) -> String? {
        let pieces = text.utf8.split(separator: ASCII.slash, omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces.allSatisfy({
            (1...OutgoingAttachment.maxTypeNameLength).contains($0.count) && $0.allSatisfy(ASCII.isToken)
        }) else { return nil }
        let lower = text.lowercased()
        guard !lower.hasPrefix("multipart/"), !lower.hasPrefix("message/") else { return nil }
        return lower
    }

    /// A MIME parameter as header tokens, each short enough to stand on a folded line of its own
    /// with its `;` (RFC 5322 §2.1.1).
    ///
    /// Printable ASCII is a quoted string, `name="value"`, unless it holds `"` or `\` (which
    /// readers unescape differently) or `=?` (which some readers decode as an encoded word even
    /// in quotes). Anything else, and a value too long for one line, is written as an RFC 2231
    /// extended parameter in UTF-8: `name*=utf-8''%C3%BC.json` (§4), or in numbered sections
    /// `name*0*=utf-8''...; name*1*=...` (§3). Sections end only between Unicode scalars:
    /// readers such as Python's `email` decode each section on its own, and a UTF-8 sequence
    /// split across two would come out as two broken characters.
    static func parameter(_ name: String, _ value: String) -> [String] {
        // The folding space before the token and the `;` after it.
        let limit = HeaderFieldWriter.lineLimit - 2
        if value.utf8.allSatisfy({ (0x20...0x7E).contains($0) && $0 != ASCII.quote && $0 != ASCII.backslash }),
           !value.contains("=?") {
            let quoted = "\(name)=\"\(value)\""
            if quoted.utf8.count <= limit { return [quoted] }
        }
        let units = value.unicodeScalars.map { percentEncoded(String($0).utf8) }
        let whole = "\(name)*=utf-8''" + units.joined()
        if whole.utf8.count <= limit { return [whole] }
        var sections: [String] = []
        var current = "\(name)*0*=utf-8''"
        var unitsInCurrent = 0
        for unit in units {
            // A unit is at most 12 characters (a four-byte scalar), so a section always has room
            // for one.
            if unitsInCurrent > 0, current.utf8.count + unit.utf8.count > limit {
                sections.append(current)
                current = "\(name)*\(sections.count)*="
                unitsInCurrent = 0
            }
            current += unit
            unitsInCurrent += 1
        }
        sections.append(current)
        return sections
    }

    /// Bytes as an RFC 2231 extended value: attribute-chars as they are, every other byte `%XX`
    /// (§7: attribute-char is any printable ASCII but space, `*`, `'`, `%` and the tspecials).
    static func percentEncoded(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            if ASCII.isToken(byte), byte != ASCII.star, byte != ASCII.apostrophe, byte != ASCII.percent {
                out.append(byte)
            } else {
                out += HeaderFieldWriter.hexEscape(byte, marker: ASCII.percent)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Boundary

    /// The multipart boundary for `parts`: `=_` and 32 hexadecimal digits derived from the
    /// message ID and the parts, so the same message always gets the same boundary and the
    /// composer stays pure (no randomness), while different messages get different ones (a
    /// message of ours forwarded inside another keeps delimiters of its own).
    ///
    /// The `=_` prefix cannot occur in any encoded part: in quoted-printable every `=` starts an
    /// escape of two hexadecimal digits or a soft line break (RFC 2045 §6.7, rules 1 and 5), and
    /// `_` is neither; the base64 alphabet has no `_`, and `=` only pads at the end (RFC 2045
    /// §6.8). The part headers are lines that begin with a field name, and a delimiter must
    /// begin its line with `--` (RFC 2046 §5.1.1). So no part holds a delimiter line. That holds
    /// for the encoders here; the parts are searched all the same, and if the boundary appears
    /// anywhere in one (even inside a line, such as in a file name), the next candidate is taken.
    static func boundary(messageID: String, parts: [[UInt8]]) -> String {
        var digest = BoundaryDigest()
        digest.add(messageID.utf8)
        for part in parts {
            digest.add(count: part.count)
            digest.add(part)
        }
        return boundary(digest, avoiding: parts)
    }

    /// The first candidate boundary of `digest` that occurs in none of `parts`.
    ///
    /// Candidates differ from each other (the mixing is a bijection of the 64-bit attempt
    /// counter), and finite parts hold finitely many 34-character strings, so this ends.
    static func boundary(_ digest: BoundaryDigest, avoiding parts: [[UInt8]]) -> String {
        var attempt: UInt64 = 0
        while true {
            let candidate = digest.boundary(attempt: attempt)
            let bytes = Array(candidate.utf8)
            if !parts.contains(where: { contains($0, bytes) }) { return candidate }
            attempt += 1
        }
    }

    /// Whether `needle` occurs anywhere in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}

/// A deterministic 128-bit digest for multipart boundaries: two 64-bit FNV lanes (FNV-1a and
/// FNV-1 with different offsets), finished with the SplitMix64 mixer.
///
/// It is not cryptographic and need not be: it only makes boundaries differ between messages.
/// That a boundary is absent from its parts is checked, never assumed from the digest.
struct BoundaryDigest {
    private static let prime: UInt64 = 0x0000_0100_0000_01B3
    private var a: UInt64 = 0xCBF2_9CE4_8422_2325
    private var b: UInt64 = 0x6C62_272E_07BB_0142

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* Self.prime
            b = (b &* Self.prime) ^ UInt64(byte)
        }
    }

    /// Adds a length, so that parts cannot shift into each other.
    mutating func add(count: Int) {
        var value = UInt64(count)
        for _ in 0..<8 {
            add(CollectionOfOne(UInt8(truncatingIfNeeded: value)))
            value >>= 8
        }
    }

    /// `=_` and 32 lower-case hexadecimal digits for this attempt.
    func boundary(attempt: UInt64) -> String {
        "=_" + Self.hex(Self.mix(a &+ attempt)) + Self.hex(Self.mix(b ^ attempt))
    }

    /// The SplitMix64 finalizer: a bijection that spreads every input bit over the output.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
