/// Text a server sent, made fit for an error message or a log line.
enum ServerText {
    /// One line, printable, short: control characters (CR and LF included) and DEL removed, and
    /// anything past `limit` characters cut off with an ellipsis.
    static func clipped(_ text: String, limit: Int) -> String {
        let printable = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return printable.count > limit ? String(printable.prefix(limit)) + "…" : printable
    }
}
