/// Undoing a part's Content-Transfer-Encoding.
enum TransferEncoding {
    /// The decoded bytes and, when something had to be repaired or guessed, a note.
    static func decode(_ bytes: ArraySlice<UInt8>, encoding: String) -> (bytes: [UInt8], note: ParseNote?) {
        switch encoding {
        case "7bit", "8bit", "binary", "":
            return (Array(bytes), nil)
        case "quoted-printable":
            return (QuotedPrintable.decode(bytes), nil)
        case "base64":
            let (decoded, repairs) = Base64Decoder.decode(bytes)
            var problems: [String] = []
            if repairs.contains(.junk) { problems.append("characters outside the alphabet skipped") }
            if repairs.contains(.padding) { problems.append("missing padding tolerated") }
            let note = problems.isEmpty ? nil : ParseNote(code: "base64-repaired", detail: problems.joined(separator: ", "))
            return (decoded, note)
        default:
            return (Array(bytes), ParseNote(code: "unknown-transfer-encoding", detail: "\(ParseNote.label(encoding)) treated as 8bit"))
        }
    }

    /// The encoding name from a header value: lower-cased, comments and quotes dropped; "7bit" when absent.
    static func name(from value: String?) -> String {
        guard let value else { return "7bit" }
        var name = ""
        var depth = 0
        for character in value {
            if character == "(" { depth += 1; continue }
            if character == ")", depth > 0 { depth -= 1; continue }
            if depth > 0 || character == "\"" || character.isWhitespace { continue }
            name.append(character)
        }
        let lowered = name.lowercased()
        return lowered.isEmpty ? "7bit" : lowered
    }
}
