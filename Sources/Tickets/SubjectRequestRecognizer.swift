import Privacy

/// What a mail asks for: the data-subject requests found, and whether an explicit line named them.
public struct SubjectRequestRecognition: Sendable, Hashable {
    /// The requests, each once, in the order of ``SubjectRequestKind/allCases``; empty when the mail asks for none.
    public var kinds: [SubjectRequestKind]
    /// An explicit line (`Anfrage: Auskunft`) named them; keywords elsewhere were not looked at.
    public var isExplicit: Bool
    /// The sender's own text says something besides the request: a sentence of more than
    /// ``SubjectRequestRecognizer/courtesyWords`` words that asks for no request.
    /// Such a mail is a support question as well and becomes a ticket too; a mail that is nothing
    /// but its request ("Bitte löschen Sie meine Daten. Viele Grüße, Erika") does not.
    public var saysMore: Bool

    /// Describes a result.
    public init(kinds: [SubjectRequestKind], isExplicit: Bool, saysMore: Bool = false) {
        self.kinds = kinds
        self.isExplicit = isExplicit
        self.saysMore = saysMore
    }

    /// The mail asks for no request.
    public var isEmpty: Bool { kinds.isEmpty }
}

/// Recognises data-subject requests (access, erasure, rectification, restriction, objection, consent
/// withdrawal) in a mail's subject line and decoded plain-text body.
///
/// How it reads, in order:
/// 1. Only what the sender wrote counts: quoted lines (`>`), everything after a reply header ("On ...
///    wrote:", "Am ... schrieb ...:", "-----Original Message-----") and the signature after "-- " are
///    dropped, so our own confirmation mail quoted back is never read as a new request.
/// 2. An explicit line wins: `Anfrage: Auskunft`, `Request: erasure`, `Antrag: Löschung, Berichtigung`
///    (any label of ``SubjectRequestVocabulary/explicitLabels``, in the subject too, after "Re:"/"AW:").
///    When such lines name at least one request, they alone decide; keywords are not read.
/// 3. Otherwise the subject and the body are folded (case, umlauts as "ae"/"oe"/"ue", "ß" as "ss",
///    accents), cut into sentences and words, and the vocabulary's phrases are looked for as word
///    sequences. A rule with context words counts only when one of them is in the same sentence.
///    A subject that is nothing but a request's name ("Löschung", "Widerruf Newsletter") counts as well;
///    for a bare "Widerruf" the whole mail says whether marketing is meant.
/// 4. A withdrawal or objection in a sentence that names marketing ("Newsletter", "Werbung") becomes
///    `.withdrawal(.marketing)`.
///
/// It compares words, not characters, so "erase" does not fire inside "eraser" and "Art. 15" does not
/// fire on "Art. 150"; prefixes are allowed only where the vocabulary says so ("auskunft*").
///
/// Negation, handled because it is cheap and common:
/// - "nicht", "not", "never", "n't" up to three words before a phrase: "bitte nicht löschen",
///   "please do not delete my data", "Ich möchte nicht, dass Sie meine Daten löschen";
/// - "kein", "no", "ohne" right before it: "keine Löschung", "no erasure";
/// - "nicht" as the last word of the sentence, up to four words after: "Löschen Sie meine Daten bitte nicht.";
/// - "nicht nur", "not only", "nicht mehr", "no longer" do not negate.
///
/// Not handled, on purpose: double negation, conditionals ("falls Sie ... löschen"), questions (a
/// question how to get one's data deleted counts as a request, which is harmless: nothing happens
/// before the person confirms from their own address), a negation further away or in another clause
/// of the same sentence, irony, and languages other than German and English. A sentence that
/// withdraws both a processing and a marketing consent yields only the marketing withdrawal.
public struct SubjectRequestRecognizer: Sendable {
    /// The vocabulary it was made with.
    public let vocabulary: SubjectRequestVocabulary

    let rules: [(kind: SubjectRequestKind, phrases: [Phrase], context: [Phrase])]
    let marketing: [Phrase]
    let negations: Set<String>
    let determiners: Set<String>
    let breakers: Set<String>
    let labels: [[String]]
    let values: [(kind: SubjectRequestKind, phrases: [Phrase])]
    /// The rules' phrases by the word they start with, and those that start with a prefix.
    let phrasesByFirstWord: [String: [(rule: Int, phrase: Phrase)]]
    let phrasesStartingWithPrefix: [(rule: Int, phrase: Phrase, prefix: String)]
    /// Indices into `phrasesStartingWithPrefix` by their prefix's first byte.
    let prefixPhrasesByFirstByte: [[Int]]
    /// The first two bytes of the words in `phrasesByFirstWord`: most words are ruled out by one
    /// bit instead of a dictionary look-up that hashes them.
    let firstWordStarts: BytePairSet
    /// The first bytes of the explicit labels' first words (see `explicitValue`).
    let labelFirstBytes: Set<UInt8>
    /// How far into a line the colon of an explicit request line may stand, in UTF-8 bytes: room
    /// for the longest label written with generous spacing.
    let labelReach: Int

    /// Prepares a recognizer; the phrases are folded once, here.
    public init(vocabulary: SubjectRequestVocabulary = .standard) {
        self.vocabulary = vocabulary
        rules = vocabulary.rules.map { ($0.kind, $0.phrases.compactMap(Phrase.init), $0.context.compactMap(Phrase.init)) }
        marketing = vocabulary.marketingWords.compactMap(Phrase.init)
        negations = Set(vocabulary.negations.flatMap { RequestText.words($0) })
        determiners = Set(vocabulary.negatingDeterminers.flatMap { RequestText.words($0) })
        breakers = Set(vocabulary.negationBreakers.flatMap { RequestText.words($0) })
        labels = vocabulary.explicitLabels.map { RequestText.words($0) }.filter { !$0.isEmpty }
        labelReach = max(64, 3 * (vocabulary.explicitLabels.map(\.utf8.count).max() ?? 0))
        var byFirstWord: [String: [(rule: Int, phrase: Phrase)]] = [:]
        var byPrefix: [(rule: Int, phrase: Phrase, prefix: String)] = []
        var byFirstByte = [[Int]](repeating: [], count: 256)
        var starts = BytePairSet()
        for (index, rule) in rules.enumerated() {
            for phrase in rule.phrases {
                switch phrase.tokens[0] {
                case .word(let first):
                    byFirstWord[first, default: []].append((index, phrase))
                    starts.insert(word: first.utf8)
                case .prefix(let prefix):
                    // Folded words are never empty (see `Phrase.init`).
                    byFirstByte[Int(prefix.utf8.first!)].append(byPrefix.count)
                    byPrefix.append((index, phrase, prefix))
                case .gap:
                    preconditionFailure("a phrase never starts with a gap (see Phrase.init)")
                }
            }
        }
        phrasesByFirstWord = byFirstWord
        phrasesStartingWithPrefix = byPrefix
        firstWordStarts = starts
        prefixPhrasesByFirstByte = byFirstByte
        labelFirstBytes = Set(labels.compactMap { $0.first?.utf8.first })
        values = SubjectRequestKind.allCases.compactMap { kind in
            vocabulary.explicitValues[kind].map { (kind, $0.compactMap(Phrase.init)) }
        }
    }

    /// The requests a mail contains.
    public func recognize(subject: String, body: String) -> SubjectRequestRecognition {
        let subjectLine = Self.withoutReplyPrefixes(subject)
        let lines = OwnText.lines(of: body)
        var explicit: Set<SubjectRequestKind> = []
        for line in [Substring(subjectLine)] + lines {
            if let value = explicitValue(line) { explicit.formUnion(valueKinds(value)) }
        }
        if !explicit.isEmpty {
            let rest = lines.filter { explicitValue($0) == nil }.joined(separator: "\n")
            return SubjectRequestRecognition(kinds: explicit.sorted(), isExplicit: true, saysMore: saysMore(rest, requestSentences: []))
        }

        var found: Set<SubjectRequestKind> = []
        var requestSentences: Set<[String]> = []
        let body = lines.joined(separator: "\n")
        let sentences = RequestText.sentences(subjectLine) + RequestText.sentences(body)
        // A subject that is only a request's name: "Löschung", "Auskunft", "Widerruf Newsletter". What a
        // bare "Widerruf" withdraws is said in the body, so the whole mail decides whether it is marketing.
        let subjectWords = RequestText.words(subjectLine)
        for (kind, phrases) in values where phrases.contains(where: { $0.matchesWhole(subjectWords) }) {
            found.insert(upgraded(kind, in: sentences.flatMap { $0 }))
        }
        for sentence in sentences {
            // Only the phrases that start with one of the sentence's words (or with a prefix) are tried:
            // one look-up per word instead of one match per phrase.
            var asked = [Bool](repeating: false, count: rules.count)
            func tryPhrase(_ rule: Int, _ phrase: Phrase) {
                guard !asked[rule] else { return }
                if phrase.matches(in: sentence).contains(where: { !isNegated($0, in: sentence) }) { asked[rule] = true }
            }
            // Trying a phrase again gives the same answer, so a word that recurs needs no set. A
            // phrase that starts with a prefix is tried when a word starts with that prefix:
            // otherwise it cannot match anywhere in the sentence.
            var prefixCandidates: [Int] = []
            for word in sentence {
                let utf8 = word.utf8
                if let first = utf8.first {
                    for candidate in prefixPhrasesByFirstByte[Int(first)]
                    where !prefixCandidates.contains(candidate) && utf8.starts(with: phrasesStartingWithPrefix[candidate].prefix.utf8) {
                        prefixCandidates.append(candidate)
                    }
                }
                guard firstWordStarts.contains(word: word), let entries = phrasesByFirstWord[word] else { continue }
                for entry in entries { tryPhrase(entry.rule, entry.phrase) }
            }
            for candidate in prefixCandidates.sorted() {
                let entry = phrasesStartingWithPrefix[candidate]
                tryPhrase(entry.rule, entry.phrase)
            }
            for (index, rule) in rules.enumerated() where asked[index] {
                if !rule.context.isEmpty, !rule.context.contains(where: { !$0.matches(in: sentence).isEmpty }) { continue }
                found.insert(upgraded(rule.kind, in: sentence))
                requestSentences.insert(sentence)
            }
        }
        return SubjectRequestRecognition(kinds: found.sorted(), isExplicit: false,
                                         saysMore: !found.isEmpty && saysMore(body, requestSentences: requestSentences))
    }

    /// Sentences of at most this many words are taken for courtesy ("Guten Tag", "Mit freundlichen
    /// Grüßen", a name) rather than a concern of their own.
    public static let courtesyWords = 4

    /// Whether `text` holds a sentence longer than a courtesy that is not part of one of the
    /// request's own sentences. Lines of courtesy length are left out first, because a greeting
    /// and a signature ("Mit freundlichen Grüßen" / "Jörg Testmann") run together without a full
    /// stop. (A question counts by its length like any sentence: "Welche Daten haben Sie
    /// gespeichert?" is the request itself, "Wie setze ich das Gerät zurück?" a concern of its own.)
    func saysMore(_ text: String, requestSentences: Set<[String]>) -> Bool {
        let substantial = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { RequestText.wordCount($0) > Self.courtesyWords ? String($0) : "" }
            .joined(separator: "\n")
        return RequestText.sentences(substantial).contains { sentence in
            sentence.count > Self.courtesyWords && !requestSentences.contains { Self.contains($0, run: sentence) }
        }
    }

    /// Whether `run` occurs in `words` as consecutive words.
    static func contains(_ words: [String], run: [String]) -> Bool {
        guard run.count <= words.count else { return false }
        return (0...(words.count - run.count)).contains { start in words[start..<(start + run.count)].elementsEqual(run) }
    }

    /// The value of an explicit request line (`Label: value`), or nil when the line is not one.
    func explicitValue(_ line: Substring) -> Substring? {
        // Labels are a few words: a colon further in is no label's (this runs on every line).
        guard let colon = line.utf8.prefix(labelReach).firstIndex(of: UInt8(ascii: ":")) else { return nil }
        // Form lines are "Label: value" too: a line whose first letter (ASCII, so folding only
        // lower-cases it) starts no label's first word is not folded into words at all.
        func isWordStart(_ byte: UInt8) -> Bool { byte >= 0x80 || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        if let head = line.utf8[..<colon].first(where: isWordStart), head < 0x80,
           !labelFirstBytes.contains((0x41...0x5A).contains(head) ? head | 0x20 : head) {
            return nil
        }
        let label = RequestText.words(line[..<colon])
        guard labels.contains(label) else { return nil }
        return line[line.index(after: colon)...]
    }

    /// The kinds an explicit line's value names ("Auskunft, Löschung"; "Widerruf Newsletter").
    func valueKinds(_ value: Substring) -> Set<SubjectRequestKind> {
        var kinds: Set<SubjectRequestKind> = []
        for sentence in RequestText.sentences(value) {
            for (kind, phrases) in values
            where phrases.contains(where: { phrase in phrase.matches(in: sentence).contains { !isNegated($0, in: sentence) } }) {
                kinds.insert(upgraded(kind, in: sentence))
            }
        }
        return kinds
    }

    /// A withdrawal or objection about marketing is a marketing withdrawal (see ``SubjectRequestKind/withdrawal(_:)``).
    func upgraded(_ kind: SubjectRequestKind, in sentence: [String]) -> SubjectRequestKind {
        guard kind == .objection || kind == .withdrawal(.processing) else { return kind }
        return marketing.contains(where: { !$0.matches(in: sentence).isEmpty }) ? .withdrawal(.marketing) : kind
    }

    /// Whether the words at `range` are negated (see the type's summary for the rules).
    func isNegated(_ range: Range<Int>, in sentence: [String]) -> Bool {
        if range.lowerBound > 0, determiners.contains(sentence[range.lowerBound - 1]) { return true }
        for position in max(0, range.lowerBound - 3)..<range.lowerBound where negations.contains(sentence[position]) {
            let next = position + 1
            if next < sentence.count, breakers.contains(sentence[next]) { continue }
            return true
        }
        // German puts "nicht" last: "Löschen Sie meine Daten bitte nicht."
        if let last = sentence.last, negations.contains(last), sentence.count - range.upperBound <= 4, range.upperBound < sentence.count {
            return true
        }
        return false
    }

    /// The subject without "Re:", "AW:", "Fwd:", "WG:" and the like, however many there are.
    static func withoutReplyPrefixes(_ subject: String) -> String {
        var rest = Substring(subject)
        while let colon = rest.firstIndex(of: ":"),
              let prefix = Optional(RequestText.fold(rest[..<colon]).trimmedSpaces()),
              ["re", "aw", "wg", "fw", "fwd", "antw", "sv", "vs"].contains(prefix) {
            rest = rest[rest.index(after: colon)...]
        }
        return rest.trimmedSpaces()
    }
}
