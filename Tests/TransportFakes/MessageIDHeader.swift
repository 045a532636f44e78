/// What `UID SEARCH HEADER Message-ID "<id>"` matches: a case-insensitive substring of the
/// (unfolded) Message-ID field in the header section. Enough for the fake server; the real
/// search is the server's.
enum MessageIDHeader {
    static func contains(_ needle: String, in message: [UInt8]) -> Bool {
        // Lines are split on the bytes: in a Swift String, CR LF is one Character.
        var fields: [String] = []
        for var line in message.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { break }   // the end of the header section
            let text = String(decoding: line, as: UTF8.self)
            if line.first == 0x20 || line.first == 0x09, !fields.isEmpty {
                fields[fields.count - 1] += " " + text.drop { $0 == " " || $0 == "\t" }
            } else {
                fields.append(text)
            }
        }
        let wanted = needle.lowercased()
        return fields.contains { field in
            let lowered = field.lowercased()
            return lowered.hasPrefix("message-id:") && lowered.contains(wanted)
        }
    }
}
