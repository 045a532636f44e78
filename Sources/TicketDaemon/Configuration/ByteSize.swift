import Foundation

/// Sizes as operators write them: `25 MB`, `256 KiB`, `1048576`.
enum ByteSize {
    /// Bytes, or nil when the text is not a number with an optional unit (B, KB, KiB, MB, MiB, GB, GiB).
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let factors: [String: Int] = [
            "": 1, "b": 1, "kb": 1000, "k": 1000, "kib": 1024, "mb": 1_000_000, "m": 1_000_000, "mib": 1_048_576,
            "gb": 1_000_000_000, "gib": 1_073_741_824,
        ]
        guard let factor = factors[unit] else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: factor)
        return overflow ? nil : bytes
    }
}
