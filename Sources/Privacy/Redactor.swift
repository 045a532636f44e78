import Foundation

/// Makes the text that people other than the support team may see: the customer's known values
/// and anything that looks like personal data replaced, quoted history and signatures cut.
///
/// It errs on the side of removing too much: a department that misses a phone number in a
/// redacted copy loses nothing, a customer whose number leaks does.
public enum Redactor {
    /// Raised whenever the redactor replaces more or less than before: stored redacted texts made
    /// by an older version are computed again (TicketStore's `refreshRedactions`). 1: up to
    /// December 2026; 2: free-text detectors (cued values, other people's names, echoes,
    /// signatures by layout).
    public static let version = 2

    /// What a placeholder stands for; the placeholders appear in the text as `[name]`, `[email]`, ...
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        case name, email, phone, address, iban, card
        /// A date that a cue ("geb.", "born", "DOB") makes a birth date.
        case birthDate = "birth-date"
        /// A customer, contract or account number, known by its cue ("Kundennummer", "customer no.").
        case customerNumber = "customer-number"
        /// The query or fragment of a link, where sites put tokens, user ids and e-mail addresses.
        case linkParameters = "link-parameters"

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The redacted text and what was replaced (kinds only, no values).
    public struct Result: Sendable, Hashable {
        public var text: String
        public var replaced: Set<Kind>
        /// Whether a quoted history or signature was cut off.
        public var cutQuotedOrSignature: Bool
    }

    /// The customer's values made ready for matching: made once for all the texts of one mail
    /// (its subject and its body) instead of once for each.
    public struct Known: Sendable {
        let data: PersonalData
        let values: [(keys: [UInt32], value: KnownValue)]

        /// Prepares the values of `data` (see ``knownValues(_:)``), each in every spelling of its
        /// umlauts and ß that people use ("Müller", "Mueller", "Muller"; "Weiß", "Weiss").
        public init(_ data: PersonalData) {
            self.data = data
            var values: [(keys: [UInt32], value: KnownValue)] = []
            for value in Redactor.knownValues(data) {
                var seen: Set<[UInt32]> = []
                for spelling in Transliteration.spellings(of: value.text) {
                    let keys = FoldedText.keys(spelling)
                    if seen.insert(keys).inserted { values.append((keys, value)) }
                }
            }
            self.values = values
        }
    }

    /// Redacts `text` for a recipient who must not learn who the customer is.
    public static func redact(_ text: String, known: PersonalData) -> Result {
        redact(text, known: Known(known))
    }

    /// Redacts `text` with the customer's values prepared beforehand.
    public static func redact(_ text: String, known prepared: Known) -> Result {
        redact([text], known: prepared)[0]
    }

    /// Redacts the texts of one mail together (its subject and its text; a copy's note): a value
    /// found by its cue or its shape in one of them, or in the signature and quoted history that
    /// are cut off, is replaced wherever it appears in any of them, also where no cue stands: the
    /// customer number after "Kd.-Nr." in the text is the same number alone in the subject, the
    /// postcode of the address in the signature is the one asked about in the text, the name
    /// signed below "Viele Grüße" is the sender's.
    public static func redact(_ texts: [String], known prepared: Known) -> [Result] {
        let scans = texts.map { Scan($0, known: prepared) }
        let echoes = Echo.values(of: scans)
        return scans.map { $0.result(echoes: echoes) }
    }

    /// One text's own part and what the finders found in it.
    struct Scan {
        let own: OwnPart
        let folded: FoldedText
        var spans: [(range: Range<String.Index>, kind: Kind)] = []
        /// How many of the first `spans` are places of the customer's known values (no echo needed).
        var knownSpans = 0

        init(_ text: String, known prepared: Known) {
            let known = prepared.data
            // CRLF, CR and LF line ends become LF.
            own = cutQuotedHistoryAndSignature(TextLines.normalized(text))
            let body = own.kept
            folded = FoldedText(body)
            for (keys, value) in prepared.values {
                for range in folded.ranges(of: keys, wholeWords: value.wholeWords, capitalised: value.capitalised, genitive: value.kind == .name, in: body) {
                    spans.append((range, value.kind))
                }
            }
            knownSpans = spans.count
            // Cued values first: where a phone number and a birth date ("DOB: 07/14/1979") cover the
            // same span, the cue says what it is.
            spans += CuedValueFinder.birthDates(in: body).map { ($0, .birthDate) }
            spans += CuedValueFinder.referenceNumbers(in: body).map { ($0, .customerNumber) }
            spans += CuedValueFinder.cardDetails(in: body).map { ($0, .card) }
            spans += CuedValueFinder.postcodes(in: body).map { ($0, .address) }
            spans += PersonNameFinder.names(in: body).map { ($0, .name) }
            spans += PatternFinder.emailAddresses(in: body).map { ($0, .email) }
            spans += ObfuscatedEmail.ranges(in: body).map { ($0, .email) }
            spans += IBAN.ranges(in: body).map { ($0, .iban) }
            spans += PaymentCard.ranges(in: body).map { ($0, .card) }
            spans += PatternFinder.phoneNumbers(in: body, known: known.phone).map { ($0, .phone) }
            spans += PatternFinder.postalAddresses(in: body).map { ($0, .address) }
            spans += PatternFinder.linkParameters(in: body).map { ($0, .linkParameters) }
        }

        /// The redacted text: the spans found and every place of the `echoes`, each replaced by its
        /// kind's placeholder.
        func result(echoes: [(keys: [UInt32], value: KnownValue)]) -> Result {
            let body = own.kept
            var spans = spans
            for (keys, value) in echoes {
                for range in folded.ranges(of: keys, wholeWords: true, capitalised: value.capitalised, genitive: value.kind == .name, in: body) {
                    spans.append((range, value.kind))
                }
            }
            // Earliest first, longest first among equals, then in the order found; overlapping
            // later spans are dropped.
            let ordered = spans.enumerated().sorted { left, right in
                let (a, b) = (left.element.range, right.element.range)
                if a.lowerBound != b.lowerBound { return a.lowerBound < b.lowerBound }
                if a.upperBound != b.upperBound { return a.upperBound > b.upperBound }
                return left.offset < right.offset
            }
            var output = ""
            var replaced: Set<Kind> = []
            var cursor = body.startIndex
            for span in ordered.lazy.map(\.element) where span.range.lowerBound >= cursor {
                output += body[cursor..<span.range.lowerBound]
                output += "[\(span.kind.rawValue)]"
                replaced.insert(span.kind)
                cursor = span.range.upperBound
            }
            output += body[cursor...]
            return Result(text: output, replaced: replaced, cutQuotedOrSignature: own.cut)
        }
    }

    struct KnownValue: Sendable {
        var text: String
        var kind: Kind
        var wholeWords: Bool
        /// Found only where the text writes it with a capital: a customer named Weiß or Black is
        /// named so, while "ich weiß nicht" and "the screen goes black" are words.
        var capitalised = false
    }

    /// The customer's values and their parts: the full name and each name part of three or more
    /// letters, the address and its local part, each line or comma part of the postal address
    /// that holds a digit (a street with its number, a postcode with its town: "Deutschland" or
    /// "Berlin" alone names nobody). Generic words in a display name or a local part ("Service",
    /// "GmbH", "hello@") are no one's name.
    static func knownValues(_ known: PersonalData) -> [KnownValue] {
        var values: [KnownValue] = []
        var nameParts: Set<String> = []
        // A name read from HTML may hold a soft hyphen ("Col&shy;lins"): it is no part of the name.
        if let name = known.name.map(withoutInvisibles)?.trimmedWhitespace(), !name.isEmpty {
            values.append(KnownValue(text: name, kind: .name, wholeWords: true, capitalised: startsCapitalised(name)))
            let parts = name.split { !$0.isLetter && $0 != "'" }.map(String.init)
            for part in parts where part.count >= 3 && !nameParticles.contains(part.lowercased()) && !genericWords.contains(part.lowercased()) {
                values.append(KnownValue(text: part, kind: .name, wholeWords: true, capitalised: startsCapitalised(part)))
                nameParts.insert(part.lowercased())
            }
        }
        if let email = known.email?.trimmedWhitespace(), !email.isEmpty {
            values.append(KnownValue(text: email, kind: .email, wholeWords: false))
            if let local = email.split(separator: "@").first, local.count >= 4, !genericWords.contains(local.lowercased()) {
                values.append(KnownValue(text: String(local), kind: .email, wholeWords: true))
            }
            // Most people's address is their name ("kirsty_gruenewald@", "m.whitaker@"): its words
            // name the person where the mail has no display name, and where the signature spells the
            // name otherwise ("K. Dörfler" for "karin_doerfler"). Found only where written with a
            // capital, as names are; "info@" or "hello@" name no one.
            if let local = email.split(separator: "@").first {
                for word in local.split(whereSeparator: { !$0.isLetter }) where word.count >= 3 {
                    let lowered = word.lowercased()
                    if genericWords.contains(lowered) || nameParticles.contains(lowered) || !nameParts.insert(lowered).inserted { continue }
                    values.append(KnownValue(text: String(word), kind: .name, wholeWords: true, capitalised: true))
                }
            }
        }
        if let address = known.postalAddress {
            for part in address.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
                let trimmed = part.trimmedSpaces()
                if trimmed.count >= 4, trimmed.contains(where: \.isNumber) {
                    values.append(KnownValue(text: trimmed, kind: .address, wholeWords: true))
                    // The postcode alone ("80331", "LS6 4DX") identifies the person's street in
                    // many towns; a mail mentions it without the town too.
                    let words = trimmed.split(separator: " ")
                    if let postcode = words.first(where: { $0.count >= 4 && $0.allSatisfy(\.isNumber) }) {
                        values.append(KnownValue(text: String(postcode), kind: .address, wholeWords: true))
                    }
                    if let outward = words.firstIndex(where: { PatternFinder.isBritishOutwardCode($0) }), outward + 1 < words.endIndex,
                       PatternFinder.isBritishInwardCode(words[outward + 1]) {
                        values.append(KnownValue(text: "\(words[outward]) \(words[outward + 1])", kind: .address, wholeWords: true))
                    }
                }
            }
        }
        // Longest first; the lengths are counted once, not in every comparison.
        return values.map { ($0, $0.text.count) }.sorted { $0.1 > $1.1 }.map(\.0)
    }

    private static func startsCapitalised(_ text: String) -> Bool { text.first?.isUppercase == true }

    private static func withoutInvisibles(_ text: String) -> String {
        text.contains(where: FoldedText.invisible.contains) ? String(text.filter { !FoldedText.invisible.contains($0) }) : text
    }

    static let nameParticles: Set<String> = ["von", "van", "der", "den", "del", "della", "zu", "und", "the", "mrs", "frau", "herr"]
    /// Words of display names and local parts that name a function, not a person.
    static let genericWords: Set<String> = [
        "gmbh", "service", "support", "team", "info", "hello", "hallo", "kontakt", "contact", "office", "mail", "admin", "shop",
        "store", "kundenservice", "noreply", "no-reply", "website", "online", "firma", "company", "group", "ltd", "inc", "kunde",
        "customer", "familie", "family", "buchhaltung", "accounts", "billing", "sales", "vertrieb", "post", "anfrage", "anfragen",
        "enquiries", "orders", "bestellung", "home", "privat", "private", "webmaster", "postmaster", "news", "newsletter", "jobs",
        "kundendienst", "help", "hilfe", "technik", "werkstatt", "praxis", "kanzlei", "verwaltung", "zentrale", "empfang",
        "reception", "mailbox", "inbox", "mobil", "mobile", "business", "work", "arbeit", "email",
    ]
}
