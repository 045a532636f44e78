import Privacy

/// One phrase of the vocabulary, folded into words (see ``SubjectRequestVocabulary`` for the notation).
struct Phrase: Sendable, Hashable {
    enum Token: Sendable, Hashable {
        case word(String)
        case prefix(String)
        /// Up to `Phrase.maximumGap` words.
        case gap
    }

    static let maximumGap = 4

    let tokens: [Token]

    /// Folds a phrase; nil when nothing of it is left (a phrase of punctuation only).
    init?(_ text: String) {
        var tokens: [Token] = []
        for part in text.split(whereSeparator: \.isWhitespace) {
            if part == "..." || part == "…" {
                if let last = tokens.last, last != .gap { tokens.append(.gap) }
                continue
            }
            let isPrefix = part.hasSuffix("*")
            let words = RequestText.words(isPrefix ? part.dropLast() : part)
            for (index, word) in words.enumerated() {
                tokens.append(isPrefix && index == words.count - 1 ? .prefix(word) : .word(word))
            }
        }
        while tokens.last == .gap { tokens.removeLast() }
        guard !tokens.isEmpty else { return nil }
        self.tokens = tokens
    }

    /// Every place in `words` where the phrase starts, with the end of its shortest match.
    func matches(in words: [String]) -> [Range<Int>] {
        words.indices.compactMap { start in
            // The first token is never a gap (see `init`); testing it here spares most calls.
            switch tokens[0] {
            case .word(let word): guard words[start] == word else { return nil }
            case .prefix(let prefix):
                guard words[start].utf8.first == prefix.utf8.first, words[start].utf8.starts(with: prefix.utf8) else { return nil }
            case .gap: break
            }
            return match(token: 0, at: start, in: words).map { start..<$0 }
        }
    }

    /// The phrase covers all of `words`, nothing before or after.
    func matchesWhole(_ words: [String]) -> Bool {
        !words.isEmpty && match(token: 0, at: 0, in: words, whole: true) == words.count
    }

    /// The end of a match of tokens[token...] at `position`, or nil.
    private func match(token: Int, at position: Int, in words: [String], whole: Bool = false) -> Int? {
        if token == tokens.count { return !whole || position == words.count ? position : nil }
        switch tokens[token] {
        case .gap:
            for skip in 0...Self.maximumGap where position + skip <= words.count {
                if let end = match(token: token + 1, at: position + skip, in: words, whole: whole) { return end }
            }
            return nil
        case .word(let word):
            guard position < words.count, words[position] == word else { return nil }
            return match(token: token + 1, at: position + 1, in: words, whole: whole)
        case .prefix(let prefix):
            guard position < words.count, words[position].hasPrefix(prefix) else { return nil }
            return match(token: token + 1, at: position + 1, in: words, whole: whole)
        }
    }
}
