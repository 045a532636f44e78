import Privacy

/// The words and phrasings that make a mail a data-subject request, in German and English.
///
/// A value, so that a configuration can extend it (`var vocabulary = .standard;
/// vocabulary.rules.append(...)`) and tests can pass a small one.
///
/// Phrases are written the way people write them and folded like the text they are compared with
/// (see ``SubjectRequestRecognizer``): case, umlauts written as "ae"/"oe"/"ue", "ß" as "ss" and other
/// accents do not matter. Within a phrase:
/// - a word ending in `*` matches every word that starts with it ("auskunft*" finds
///   "Auskunftsersuchen");
/// - `...` stands for up to four words in between ("welche daten ... gespeichert" finds "welche
///   Daten haben Sie über mich gespeichert");
/// - punctuation is ignored, as in the text ("Art. 15" is the two words "art" "15").
public struct SubjectRequestVocabulary: Sendable, Hashable {
    /// Phrases that ask for one kind of request.
    public struct Rule: Sendable, Hashable {
        /// What the phrases ask for.
        public var kind: SubjectRequestKind
        /// Any one of them is enough.
        public var phrases: [String]
        /// When not empty, one of these must occur in the same sentence too: "Widerruf" alone is far
        /// more often the revocation of a purchase (BGB §355) than of a consent, and "Widerspruch" an
        /// objection to an invoice.
        public var context: [String]

        /// Makes a rule.
        public init(kind: SubjectRequestKind, phrases: [String], context: [String] = []) {
            self.kind = kind
            self.phrases = phrases
            self.context = context
        }
    }

    /// The phrasings recognised in subject and body.
    public var rules: [Rule]
    /// Words that make a withdrawal or objection in the same sentence one about marketing
    /// ("Widerruf ... Newsletter" → `.withdrawal(.marketing)`).
    public var marketingWords: [String]
    /// Words that negate a request when they stand up to three words before it ("bitte *nicht* löschen")
    /// or end its sentence up to four words after it ("löschen Sie meine Daten *nicht*").
    public var negations: [String]
    /// Words that negate only the word right after them: "keine Löschung" is no erasure request, but
    /// in "keine Werbung, bitte widerrufen" the "keine" belongs to "Werbung".
    public var negatingDeterminers: [String]
    /// Words that take back a negation that precedes them ("nicht *nur*", "not *only*").
    public var negationBreakers: [String]
    /// Labels of an explicit request line (`Anfrage: Auskunft`), which wins over everything else.
    public var explicitLabels: [String]
    /// The values an explicit line may name, per kind; phrases as in `rules`, without context.
    public var explicitValues: [SubjectRequestKind: [String]]

    /// Makes a vocabulary.
    public init(
        rules: [Rule], marketingWords: [String], negations: [String], negatingDeterminers: [String], negationBreakers: [String],
        explicitLabels: [String], explicitValues: [SubjectRequestKind: [String]]
    ) {
        self.rules = rules
        self.marketingWords = marketingWords
        self.negations = negations
        self.negatingDeterminers = negatingDeterminers
        self.negationBreakers = negationBreakers
        self.explicitLabels = explicitLabels
        self.explicitValues = explicitValues
    }
}

extension SubjectRequestVocabulary {
    /// Consent words: the context a bare "Widerruf" or "withdraw" needs.
    static let consentWords = [
        "einwilligung*", "zustimmung*", "einverstaendnis*", "consent*", "datenverarbeitung*", "verarbeitung*",
    ] + marketing

    /// What an objection needs to be about: data, its processing, or marketing.
    static let dataWords = [
        "daten", "datenverarbeitung*", "verarbeitung*", "personenbezogen*", "dsgvo", "gdpr", "art 21", "data", "processing",
    ] + marketing

    static let marketing = [
        "werbung", "werbe*", "newsletter*", "marketing*", "werbemail*", "produktempfehlung*", "promotion*", "promotional",
        "advertising", "advertisement*", "mailing*",
    ]

    /// The default German and English vocabulary.
    public static let standard = SubjectRequestVocabulary(
        rules: [
            // "Auskunft" alone is everyday German for any information ("Auskunft über den Lieferstatus").
            Rule(kind: .access, phrases: ["auskunft"], context: [
                "daten", "datenschutz*", "gespeichert*", "speichern", "personenbezogen*", "dsgvo", "gdpr", "art 15", "ueber mich", "zu meiner person",
            ]),
            Rule(kind: .access, phrases: [
                "auskunftsersuchen", "auskunftsanfrage", "auskunftsantrag", "auskunftsbegehren", "auskunftsrecht", "auskunft nach",
                "datenauskunft*", "selbstauskunft*", "alle daten ... ueber mich", "art 15", "artikel 15", "art 20", "artikel 20",
                "welche daten ... gespeichert", "welche daten ... ueber mich", "welche daten ... von mir", "welche personenbezogenen daten",
                "kopie meiner daten", "kopie meiner personenbezogenen daten", "kopie ... meiner daten", "datenkopie", "datenuebertragbarkeit",
                "subject access request", "data subject access request", "access request", "access to my data",
                "access to my personal data", "access to the data", "copy of my data", "copy of my personal data", "copy of ... data you hold",
                "what data ... about me", "what personal data", "which data ... about me", "data portability", "export of my data",
            ]),
            Rule(kind: .rectification, phrases: [
                "berichtigung*", "berichtigen", "art 16", "artikel 16", "korrigieren sie", "korrektur meiner", "meine daten ... korrigieren",
                "meine daten ... aktualisieren", "rectify", "rectification", "correct my", "update my ... details", "update my ... address",
                "update my ... name", "update my ... phone",
            ]),
            Rule(kind: .erasure, phrases: [
                "loeschung*", "loeschantrag", "loeschen sie", "loeschen meiner", "meine daten ... loeschen", "meine daten zu loeschen",
                "mein konto ... loeschen", "meinen account ... loeschen", "alle daten ... loeschen", "recht auf vergessenwerden",
                "recht auf loeschung", "art 17", "artikel 17", "delete my", "delete all my", "delete ... my data", "delete ... my personal data",
                "deletion of my", "erase", "erasure", "right to be forgotten",
            ]),
            Rule(kind: .restriction, phrases: [
                "einschraenkung der verarbeitung", "einschraenkung der datenverarbeitung", "verarbeitung ... einschraenken",
                "sperrung meiner daten", "meine daten ... sperren", "art 18", "artikel 18", "restrict processing",
                "restrict the processing", "restriction of processing", "restrict ... processing of my",
            ]),
            Rule(kind: .objection, phrases: [
                "widerspruch*", "widerspreche*", "widersprechen", "art 21", "artikel 21", "object to", "i object", "objection",
            ], context: dataWords),
            Rule(kind: .withdrawal(.processing), phrases: [
                "widerruf*", "widerrufe*", "widerrufen", "ziehe ... einwilligung ... zurueck", "einwilligung ... zurueckziehen",
                "art 7 abs 3", "withdraw*", "revoke*", "revocation",
            ], context: consentWords),
            Rule(kind: .withdrawal(.marketing), phrases: [
                "unsubscribe", "abbestellen", "abbestellung", "newsletter ... abmelden", "abmeldung vom newsletter", "abmelden vom newsletter",
                "keine werbung", "keine werbemails", "keinen newsletter", "keine newsletter", "opt out", "stop sending me",
                "no more marketing", "no more newsletters",
            ]),
        ],
        marketingWords: marketing,
        // "t" is what is left of "don't", "doesn't", "won't" once the apostrophe separates the words.
        negations: ["nicht", "nichts", "nie", "niemals", "not", "t", "dont", "never"],
        negatingDeterminers: ["kein", "keine", "keinen", "keiner", "keinerlei", "no", "ohne", "without"],
        negationBreakers: ["nur", "only", "mehr", "longer"],
        explicitLabels: ["anfrage", "antrag", "art der anfrage", "betroffenenanfrage", "betroffenenrecht", "request", "request type", "type of request"],
        explicitValues: [
            .access: ["auskunft*", "kopie", "datenkopie", "datenuebertragbarkeit", "access", "copy", "portability", "export", "art 15", "art 20"],
            .rectification: ["berichtigung", "korrektur", "rectification", "correction", "art 16"],
            .erasure: ["loeschung", "loeschen", "erasure", "deletion", "delete", "erase", "art 17"],
            .restriction: ["einschraenkung*", "sperrung", "restriction", "restrict", "art 18"],
            .objection: ["widerspruch", "objection", "art 21"],
            .withdrawal(.processing): ["widerruf", "widerruf der einwilligung", "withdrawal", "withdrawal of consent", "art 7"],
            .withdrawal(.marketing): ["abmeldung", "newsletter abmelden", "unsubscribe", "opt out"],
        ]
    )
}
