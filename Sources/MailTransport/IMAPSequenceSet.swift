/// IMAP sequence sets of UIDs (RFC 3501 §9 `sequence-set`, RFC 4315 `uid-set`).
enum IMAPSequenceSet {
    /// The UIDs a set such as `3,5:7` names, in the order given; nil when malformed or when it uses `*`.
    static func uids(in set: String) -> [UInt32]? {
        var result: [UInt32] = []
        for part in set.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count) else { return nil }
            let numbers = bounds.compactMap { UInt32($0) }
            guard numbers.count == bounds.count, !numbers.contains(0) else { return nil }
            if numbers.count == 1 {
                result.append(numbers[0])
            } else {
                let low = min(numbers[0], numbers[1]), high = max(numbers[0], numbers[1])
                // A malicious range must not make the client allocate gigabytes.
                guard high - low < 10_000_000 else { return nil }
                if numbers[0] <= numbers[1] { result.append(contentsOf: low...high) } else { result.append(contentsOf: (low...high).reversed()) }
            }
        }
        return result
    }

    /// The shortest set naming exactly these UIDs: `[1, 2, 3, 7]` becomes `1:3,7`.
    static func compact(_ uids: some Sequence<UInt32>) -> String {
        let sorted = Set(uids).sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var last = index
            while last + 1 < sorted.count, sorted[last + 1] == sorted[last] + 1 { last += 1 }
            parts.append(last == index ? "\(sorted[index])" : "\(sorted[index]):\(sorted[last])")
            index = last + 1
        }
        return parts.joined(separator: ",")
    }
}
