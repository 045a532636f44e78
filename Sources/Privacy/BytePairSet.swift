/// A set of two-byte word starts, one bit each: a look-up that rules most words out before a
/// dictionary or a phrase list has to hash or compare them.
///
/// A word's pair is its first byte shifted left by eight, or-ed with its second byte; a word of
/// one byte pairs its byte with 0, which no longer word has as its second byte.
package struct BytePairSet: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1024)

    /// An empty set.
    package init() {}

    /// The pair of a word's first two bytes (see the type's summary); 0 for an empty word.
    package static func pair(_ word: some Collection<UInt8>) -> Int {
        var bytes = word.makeIterator()
        let first = Int(bytes.next() ?? 0)
        return first << 8 | Int(bytes.next() ?? 0)
    }

    /// Adds the pair of `word`.
    package mutating func insert(word: some Collection<UInt8>) { insert(Self.pair(word)) }

    /// Adds a pair.
    package mutating func insert(_ pair: Int) { bits[pair >> 6] |= 1 << UInt64(pair & 63) }

    /// Whether the set holds a pair.
    package func contains(_ pair: Int) -> Bool { bits[pair >> 6] & (1 << UInt64(pair & 63)) != 0 }

    /// Whether the set holds the pair of `word`.
    package func contains(word: some Collection<UInt8>) -> Bool { contains(Self.pair(word)) }

    /// Whether the set holds the pair of a string's first two bytes; not generic, so that a caller
    /// in another module does not go through the unspecialised generic version for every word.
    package func contains(word: String) -> Bool {
        var bytes = word.utf8.makeIterator()
        let first = Int(bytes.next() ?? 0)
        return contains(first << 8 | Int(bytes.next() ?? 0))
    }
}
