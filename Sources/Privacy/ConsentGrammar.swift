/// Reads a consent value as form builders write it: an optional checkbox mark, then an answer
/// phrase, then an optional explanation (`☑ Ja`, `[x] Ich willige ein`, `1 - Ja`,
/// `Ja, ich stimme zu`, `Einwilligung erteilt am 12.03.2026`, Contact Form 7's
/// `Consented: <text>`).
///
/// The value is split into tokens (marks, words, separators) and read by position, not searched
/// for words: a word means "yes" only where an answer stands. Whatever could be read two ways is
/// unreadable, because a consent must be demonstrable (Art. 7(1) GDPR) and a guess is not.
///
/// - An unticked mark never grants, whatever word stands beside it: no affirmative act was made
///   (Art. 4(11)). A ticked mark beside "Nein" is the answer "no".
/// - Two marks, a yes and a no, a question mark, an unknown symbol, a condition ("aber",
///   "unless") or a revocation ("widerrufen") make the value unreadable.
enum ConsentGrammar {
    /// What the value says; ``label`` is text with no answer and no mark, which only the
    /// consent's own label can turn into a "yes" (an acceptance field that sends its text).
    enum Outcome: Equatable {
        case granted, refused, unreadable, label
    }

    /// One piece of the value.
    enum Token: Equatable {
        case word(String)
        /// A checkbox or radio mark: ticked or not.
        case mark(Bool)
        case separator(Unicode.Scalar)
        /// A question mark or a symbol with no known meaning.
        case doubt
    }

    /// What the words after a possible mark say.
    enum Statement: Equatable {
        case yes, no, empty, neutral, unclear
    }

    static func read(_ raw: String) -> Outcome {
        let tokens = tokenize(raw.lowercased())
        if tokens.contains(.doubt) { return .unreadable }
        let markPositions = tokens.indices.filter { if case .mark = tokens[$0] { true } else { false } }
        guard markPositions.count <= 1 else { return .unreadable }
        var ticked: Bool?
        var rest = tokens
        if let position = markPositions.first {
            // A mark stands before its word ("☑ Ja") or after it ("Ja ☑"), never in the middle.
            guard position == 0 || position == tokens.count - 1, case .mark(let isTicked) = tokens[position] else { return .unreadable }
            ticked = isTicked
            rest.remove(at: position)
        }
        let statement = self.statement(rest)
        switch (ticked, statement) {
        case (_, .unclear): return .unreadable
        case (nil, .yes): return .granted
        case (nil, .no): return .refused
        case (nil, .empty): return .unreadable
        case (nil, .neutral): return .label
        case (true, .no): return .refused
        case (true, _): return .granted
        case (false, _): return .refused
        }
    }

    /// Reads the words: an answer phrase at the start (after an option number such as "1 -"),
    /// then nothing, an explanation after a separator, a date, or the rest of a sentence.
    static func statement(_ tokens: [Token]) -> Statement {
        var start = 0
        while start < tokens.count, case .separator = tokens[start] { start += 1 }
        guard start < tokens.count else { return .empty }
        // "1 - Ja": the number is the option's key, the word is the answer.
        if case .word(let first) = tokens[start], first.allSatisfy(\.isASCIIDigit), start + 2 < tokens.count,
           case .separator(let separator) = tokens[start + 1], "-–—).:".unicodeScalars.contains(separator),
           phrase(in: tokens, from: start + 2) != nil {
            start += 2
        }
        guard let (isYes, end) = phrase(in: tokens, from: start) else {
            return words(tokens[start...]).contains(where: { ConsentVocabulary.doubtWords.contains($0) }) ? .unclear : .neutral
        }
        let explanation = tokens[end...]
        guard let head = explanation.first else { return isYes ? .yes : .no }
        switch head {
        case .separator(let separator) where separator != "/": break
        // A sentence ("I consent to having this website store ...") goes on after its answer;
        // a bare "yes" goes on only with a date, else "yes please call me later" would pass.
        case .word: guard end - start > 1 || words(explanation).allSatisfy(isDateWord) else { return .unclear }
        default: return .unclear
        }
        let opposing = isYes ? ConsentVocabulary.doubtWords : ConsentVocabulary.plainYes
        return words(explanation).contains(where: { opposing.contains($0) }) ? .unclear : isYes ? .yes : .no
    }

    /// The longest answer phrase starting at `index`: whether it means yes, and where it ends.
    /// Phrase words may be joined by hyphens ("opt-in").
    static func phrase(in tokens: [Token], from index: Int) -> (Bool, Int)? {
        var best: (Bool, Int)?
        var bestLength = 0
        for (phrase, isYes) in ConsentVocabulary.phrases where phrase.count > bestLength {
            var position = index
            var matched = true
            for (offset, word) in phrase.enumerated() {
                if offset > 0, position < tokens.count, tokens[position] == .separator("-") { position += 1 }
                guard position < tokens.count, tokens[position] == .word(word) else { matched = false; break }
                position += 1
            }
            if matched { best = (isYes, position); bestLength = phrase.count }
        }
        return best
    }

    static func words(_ tokens: ArraySlice<Token>) -> [String] {
        tokens.compactMap { if case .word(let word) = $0 { word } else { nil } }
    }

    /// "am 12.03.2026", "on 2026-03-12 at 14:03", "um 9 Uhr": a date or time, nothing more.
    static func isDateWord(_ word: String) -> Bool {
        word.allSatisfy(\.isASCIIDigit) || ConsentVocabulary.dateWords.contains(word)
    }

    /// Splits the lower-cased value into marks, words and separators.
    static func tokenize(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var word = String.UnicodeScalarView()
        func endWord() {
            if !word.isEmpty { tokens.append(.word(String(word))); word = String.UnicodeScalarView() }
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            // "[x]", "[ ]", "(•)", "( )": a bracket mark, possibly with spaces inside.
            if scalar == "[" || scalar == "(", let (ticked, end) = bracketMark(scalars, from: index) {
                endWord(); tokens.append(.mark(ticked)); index = end; continue
            }
            if let ticked = ConsentVocabulary.symbolMarks[scalar] {
                endWord(); tokens.append(.mark(ticked))
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                        || (scalar == "'" || scalar == "’") && !word.isEmpty {
                word.append(scalar)
            } else if scalar.properties.isWhitespace || scalar == "\u{00A0}" {
                endWord()
            } else if scalar == "?" || !ConsentVocabulary.separators.contains(scalar) {
                endWord(); tokens.append(.doubt)
            } else {
                endWord(); if scalar != "*" { tokens.append(.separator(scalar)) }
            }
            index += 1
        }
        endWord()
        return tokens
    }

    /// A mark in brackets at `index`: whether it is ticked, and the index after it.
    static func bracketMark(_ scalars: [Unicode.Scalar], from index: Int) -> (Bool, Int)? {
        let close: Unicode.Scalar = scalars[index] == "[" ? "]" : ")"
        var position = index + 1
        var inside: [Unicode.Scalar] = []
        while position < scalars.count, scalars[position] != close, inside.count < 4 {
            if scalars[position] != " " { inside.append(scalars[position]) }
            position += 1
        }
        guard position < scalars.count, scalars[position] == close, inside.count <= 1 else { return nil }
        guard let content = inside.first else { return (false, position + 1) }
        return ConsentVocabulary.bracketTicks.contains(content) ? (true, position + 1) : nil
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
