extension StringProtocol {
    /// The text without leading and trailing characters that match `isTrimmed`.
    func trimming(where isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else {
            return ""
        }
        return String(self[first...last])
    }

    /// The text without leading and trailing white space (line breaks included).
    func trimmingSpace() -> String { trimming(where: \.isWhitespace) }
}
