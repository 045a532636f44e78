/// What `UID SEARCH HEADER Message-ID "<id>"` matches: a case-insensitive substring of the
/// (unfolded) Message-ID field in the header section. Enough for the fake server; the real
/// search is the server's.
enum MessageIDHeader {
    static func contains(_ needle: String, in message: [UInt8]) -> Bool {
        let text = String(decoding: message, as: UTF8.self)
        var fields: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty { break }   // the end of the header section
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1] += " " + line.drop { $0 == " " || $0 == "\t" }
            } else {
                fields.append(String(line))
            }
        }
        let wanted = needle.lowercased()
        return fields.contains { field in
            field.lowercased().hasPrefix("message-id:") && field.lowercased().contains(wanted)
        }
    }
}
