extension Redactor {
    /// Values found once by their cue or shape, looked for again in every text of the mail where no
    /// cue stands: a mail names a customer number, a postcode or a person once with what makes it
    /// recognisable, and again without ("Rückruf an Birgit Hoffmann" in the subject of a text that
    /// says "meine Kollegin Birgit Hoffmann").
    enum Echo {
        /// The echoes of `scans`: customer numbers whole, postcodes (four or five digits) of
        /// addresses, names of two words or more whole, from the texts and from what was cut off
        /// them; a name word of the quoted salutation, and the words of a name signed below the
        /// closing.
        static func values(of scans: [Scan]) -> [(keys: [UInt32], value: KnownValue)] {
            var found: [KnownValue] = []
            var seen: Set<Substring> = []
            func add(_ text: Substring, _ kind: Kind) {
                guard seen.insert(text).inserted else { return }
                found.append(KnownValue(text: String(text), kind: kind, wholeWords: true, capitalised: kind == .name))
            }
            func collect(_ text: Substring, _ kind: Kind) {
                switch kind {
                case .customerNumber:
                    add(text, .customerNumber)
                case .address:
                    for run in digitRuns(text) where (4...5).contains(run.utf8.count) { add(run, .address) }
                case .name:
                    // A whole name found by its cue ("meine Kollegin Birgit Hoffmann") is looked for
                    // whole: its surname alone may be a word ("Kai-Uwe Sommer", "im Sommer").
                    let words = nameWords(text)
                    if words.count >= 2 { add(text, .name) }
                default:
                    break
                }
            }
            for scan in scans {
                let body = scan.own.kept
                for span in scan.spans.dropFirst(scan.knownSpans) { collect(body[span.range], span.kind) }
                for word in scan.own.signatureName where !genericWords.contains(word.lowercased()) { add(word, .name) }
                let removed = scan.own.removed
                guard !removed.isEmpty else { continue }
                for range in CuedValueFinder.referenceNumbers(in: removed) { collect(removed[range], .customerNumber) }
                for range in CuedValueFinder.postcodes(in: removed) + PatternFinder.postalAddresses(in: removed) { collect(removed[range], .address) }
                // In quoted history, the support's salutation names the sender ("Sehr geehrte Frau
                // Dörfler"): a single name word found there is looked for too.
                for range in PersonNameFinder.names(in: removed) {
                    let words = nameWords(removed[range])
                    if words.count == 1 { add(words[0], .name) } else if words.count >= 2 { add(removed[range], .name) }
                }
            }
            return found.map { (FoldedText.keys($0.text), $0) }
        }

        /// The runs of ASCII digits in `text`.
        static func digitRuns(_ text: Substring) -> [Substring] {
            text.utf8.split { !ASCIIClass.isDigit($0) }.compactMap { Substring($0) }
        }

        /// The words of a name worth looking for alone: capitalised, three letters or more, no
        /// particle ("von", "van") and no generic word.
        static func nameWords(_ text: Substring) -> [Substring] {
            text.split { !$0.isLetter && $0 != "-" && $0 != "'" }.filter { word in
                word.count >= 3 && word.first?.isUppercase == true && !nameParticles.contains(word.lowercased())
                    && !genericWords.contains(word.lowercased())
            }
        }
    }
}
