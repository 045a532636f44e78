/// Names of people the mail mentions, found by the words that introduce them: a form of address
/// ("Herr", "Frau Dr.", "Mrs"), a relation ("meine Frau", "mein Kollege", "my wife") or a role
/// ("der Monteur,", "Geschäftsführer:", "our technician"), followed by capitalised words.
///
/// The customer's own name is known and found by ``Redactor``'s known values; this finder is for
/// everybody else — a spouse, a colleague, the technician who came — and for the customer's name
/// in a form the known values miss ("Herrn Grünewalds"). Only the name is replaced, the cue stays
/// ("meine Frau [name]"), so a department still reads who did what.
///
/// A capitalised word counts as a name only directly after its cue (spaces, one line break, a
/// comma or a colon between), and a run of names ends at a lower-case word, punctuation or a blank
/// line. German capitalises every noun, so a cue alone decides nothing: "meine Frau hat" and "der
/// Monteur kam" name nobody. After a role with a colon, a list of names is read
/// ("Geschäftsführer: Uwe Weiß, Günther Fuchs").
enum PersonNameFinder {
    /// The ranges of the names found, in order.
    static func names(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        let tokens = Token.all(in: bytes)
        var found: [Range<Int>] = []
        var index = 0
        while index < tokens.count {
            guard let (cue, afterCue) = cue(at: index, tokens, bytes) else {
                if let (name, after) = gazetteerName(at: index, tokens, bytes) {
                    found.append(name)
                    index = after
                } else {
                    index += 1
                }
                continue
            }
            var next = afterCue
            // More forms of address and titles may follow: "Frau Dr. Berger", "Herr Prof. Dr. Maier".
            while next < tokens.count, tokens[next - 1].mayPrecede(tokens[next], bytes), isTitle(tokens[next], bytes) { next += 1 }
            var names: [Range<Int>] = []
            while next < tokens.count, tokens[next - 1].mayPrecede(tokens[next], bytes, allowingColon: next == afterCue),
                  let (name, after) = name(from: next, tokens, bytes, particleFirst: cue == .address) {
                names.append(name)
                next = after
                // Only after "Role:" does a list follow: "Uwe Weiß, Günther Fuchs und Eva Roth".
                guard cue == .listRole, next < tokens.count else { break }
                if tokens[next - 1].separatorIsComma(before: tokens[next], bytes) { continue }
                if isAnd(tokens[next], bytes), next + 1 < tokens.count, tokens[next].mayPrecede(tokens[next + 1], bytes) { next += 1; continue }
                break
            }
            found += names
            index = max(next, index + 1)
        }
        return ASCIIClass.stringRanges(found, in: text)
    }

    /// The words of a name that fills a whole line, as people sign below a closing formula
    /// ("Jörg Hübner", "K. Dörfler", "Dörfler, Karin", "Hans-Peter von Hagenow"): those of three
    /// letters or more, particles and initials left out. Empty when the line is anything else
    /// ("Ihr Support-Team", "Die Geschäftsführung", "Tel. 030 2634701", a single word).
    static func signatureNameWords(in line: Substring) -> [Substring] {
        let bytes = Array(line.utf8)
        guard bytes.count <= 60, !bytes.contains(where: ASCIIClass.isDigit) else { return [] }
        let tokens = Token.all(in: bytes)
        guard (2...5).contains(tokens.count) else { return [] }
        var words: [Substring] = []
        for (position, token) in tokens.enumerated() {
            if position > 0 {
                // Between the words: spaces, ", " (surname first) or ". " after an initial.
                let between = bytes[tokens[position - 1].end..<token.start]
                guard between.allSatisfy({ $0 == 0x20 || $0 == 0x2C || $0 == 0x2E }), between.contains(0x20) else { return [] }
            }
            if position > 0, token.matches(any: particles, bytes) { continue }
            let length = token.end - token.start
            if length == 1 {
                // An initial: one capital and its dot.
                guard ASCIIClass.isUpper(bytes[token.start]), token.end < bytes.count, bytes[token.end] == 0x2E else { return [] }
                continue
            }
            guard token.isCapitalised(bytes), !token.matches(any: notNames, bytes), !token.matches(any: relations, bytes),
                  !token.matches(any: roles, bytes), !token.matches(any: addressForms, bytes), !token.matches(any: titles, bytes),
                  !token.matches(any: notSignatureNames, bytes) else { return [] }
            if length >= 3 {
                let utf8 = line.utf8
                words.append(Substring(line[utf8.index(utf8.startIndex, offsetBy: token.start)..<utf8.index(utf8.startIndex, offsetBy: token.end)]))
            }
        }
        return words
    }

    /// Capitalised words that sign for a company, not a person.
    static let notSignatureNames = words("""
        ihr ihre euer eure dein deine your yours the team die das der service support kundenservice kundendienst \
        geschäftsführung geschäftsleitung leitung abteilung verwaltung buchhaltung vertrieb gmbh ag kg ltd inc co \
        sent gesendet von from mobile iphone android
        """)

    /// A name without a cue: a given name from the gazetteer and a capitalised surname right
    /// after it (particles between: "Callum van der Merwe"), at most one more capitalised part.
    private static func gazetteerName(at index: Int, _ tokens: [Token], _ bytes: [UInt8]) -> (Range<Int>, Int)? {
        let given = tokens[index]
        // Cheap tests first: most words are no capitalised word before another one.
        guard given.isCapitalised(bytes), index + 1 < tokens.count, given.isSpaceOnly(before: tokens[index + 1], bytes),
              bytes[given.start] >= 0x80 || GivenNames.shapes.contains(GivenNames.shape(pair: given.loweredPair(bytes), length: given.end - given.start)),
              GivenNames.contains(word(given, bytes)) else { return nil }
        var surname = index + 1
        while surname < tokens.count, surname - index <= 3, tokens[surname].matches(any: particles, bytes),
              surname + 1 < tokens.count, tokens[surname].isSpaceOnly(before: tokens[surname + 1], bytes) {
            surname += 1
        }
        guard surname < tokens.count, isSurname(tokens[surname], bytes) else { return nil }
        var last = surname
        if last + 1 < tokens.count, tokens[last].isSpaceOnly(before: tokens[last + 1], bytes), isSurname(tokens[last + 1], bytes),
           GivenNames.contains(word(tokens[surname], bytes)) {
            last += 1  // a second given name: "Anna Maria Schulte"
        }
        return (given.start..<tokens[last].end, last + 1)
    }

    /// A capitalised word that can be a surname: no cue word, no legal form, no place or day.
    private static func isSurname(_ token: Token, _ bytes: [UInt8]) -> Bool {
        token.isCapitalised(bytes) && !token.matches(any: notNames, bytes) && !token.matches(any: relations, bytes)
            && !token.matches(any: roles, bytes) && !token.matches(any: addressForms, bytes) && !token.matches(any: titles, bytes)
            && !token.matches(any: companyForms, bytes) && !GivenNames.notSurnames.contains(word(token, bytes).lowercased())
    }

    private static func word(_ token: Token, _ bytes: [UInt8]) -> Substring {
        Substring(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }

    enum Cue { case address, relation, role, listRole }

    /// The cue at `index` and the token after it, or nil.
    private static func cue(at index: Int, _ tokens: [Token], _ bytes: [UInt8]) -> (Cue, Int)? {
        let token = tokens[index]
        // Most words start with two letters no cue starts with.
        guard cueStarts.contains(token.loweredPair(bytes)) else { return nil }
        if token.matches(any: addressForms, bytes) { return (.address, index + 1) }
        if token.matches(any: possessives, bytes), index + 1 < tokens.count, token.mayPrecede(tokens[index + 1], bytes),
           tokens[index + 1].matches(any: relations, bytes) {
            return (.relation, index + 2)
        }
        if token.matches(any: roles, bytes) {
            // "Geschäftsführer: Uwe Weiß, Günther Fuchs" lists; "der Monteur, Jens Meißner," names one.
            let colon = token.end < bytes.count && bytes[token.end] == 0x3A
            // "Ansprechpartnerin vor Ort ist Annika Hoffmann", "our contact on site is Dave Miller":
            // a few linking words may stand between the role and the name.
            var next = index + 1
            while next < tokens.count, next - index <= 4, tokens[next - 1].isSpaceOnly(before: tokens[next], bytes),
                  tokens[next].matches(any: roleLinks, bytes) {
                next += 1
            }
            return (colon ? .listRole : .role, next)
        }
        return nil
    }

    /// A name at `index`: one to four capitalised words on one line, with particles ("von der",
    /// "van") before or between them; its byte range and the token after it. A noun that German
    /// writes after a genitive name ("Herrn Grünewalds Vater") is not part of it.
    private static func name(from index: Int, _ tokens: [Token], _ bytes: [UInt8], particleFirst: Bool) -> (Range<Int>, Int)? {
        // "Herr von Bülow" is a name; "mein Kollege von der Buchhaltung" is a department.
        if !particleFirst, !tokens[index].isCapitalised(bytes) { return nil }
        var last: Int?
        var next = index
        while next < tokens.count, next - index < 6 {
            if next > index, !tokens[next - 1].isSpaceOnly(before: tokens[next], bytes) { break }
            let token = tokens[next]
            if token.isCapitalised(bytes), !token.matches(any: notNames, bytes), !token.matches(any: relations, bytes),
               !token.matches(any: nounsAfterNames, bytes) {
                last = next
            } else if !token.matches(any: particles, bytes) {
                break
            }
            next += 1
        }
        guard let last else { return nil }
        // "Director Meadowlark Consulting Ltd" names a company.
        if tokens[index...last].contains(where: { $0.matches(any: companyForms, bytes) }) { return nil }
        return (tokens[index].start..<tokens[last].end, last + 1)
    }

    /// Legal forms that end a company's name.
    static let companyForms = words("gmbh ltd llc inc plc ag kg ohg ug gbr corp co limited")

    private static func isTitle(_ token: Token, _ bytes: [UInt8]) -> Bool { token.matches(any: titles, bytes) }
    private static func isAnd(_ token: Token, _ bytes: [UInt8]) -> Bool { token.matches(any: ands, bytes) }
}
