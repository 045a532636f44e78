/// How to recognise a contact-form mail and read its fields and consents.
public struct FormProfile: Sendable, Hashable {
    /// How the form's fields are written in the mail body.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// `Label: value` lines (also after HTML-to-text, so HTML tables work).
        case labels
        /// A JSON body; labels are dotted paths into it.
        case json
    }

    /// A field the form can carry.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case name, email, phone, address, message
    }

    /// A purpose the form can ask consent for.
    public enum ConsentPurpose: String, Sendable, Hashable, CaseIterable {
        /// Processing the request at all (Art. 6(1)(a)).
        case processing
        /// Product recommendations and other marketing: a purpose of its own.
        case marketing
    }

    /// What to do when the processing consent is absent or unreadable.
    public enum MissingConsentPolicy: String, Sendable, Hashable, CaseIterable {
        /// Keep the mail sealed in quarantine; no ticket.
        case quarantine
        /// Make a restricted ticket that only agents see.
        case restrict
    }

    /// A header that must be present with a value: `X-Form: app-support`.
    public struct HeaderMatch: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var name: String
    public var matchTo: [String]
    public var matchSubjectPrefix: [String]
    public var matchHeader: [HeaderMatch]
    public var format: Format
    public var versionLabel: String? { didSet { labelTable = LabelTable(self) } }
    public var labels: [Field: [String]] { didSet { labelTable = LabelTable(self) } }
    public var consent: [ConsentPurpose: [String]] { didSet { labelTable = LabelTable(self) } }
    public var missingProcessingConsent: MissingConsentPolicy
    /// Whether a label may also be followed by a single space and its value, with no colon
    /// (`Vorname Erika `): the text part that TYPO3 powermail makes from its HTML table. Only a
    /// preset that needs it sets this; a label word at the start of prose would otherwise count.
    public var spacedLabels = false
    /// The labels prepared for reading: made with the profile and again when its labels change,
    /// never for each mail.
    private(set) var labelTable = LabelTable.empty

    /// Makes a profile; at least one of the three match lists should be non-empty.
    public init(
        name: String, matchTo: [String], matchSubjectPrefix: [String], matchHeader: [HeaderMatch],
        format: Format, versionLabel: String?, labels: [Field: [String]], consent: [ConsentPurpose: [String]],
        missingProcessingConsent: MissingConsentPolicy
    ) {
        self.name = name
        self.matchTo = matchTo
        self.matchSubjectPrefix = matchSubjectPrefix
        self.matchHeader = matchHeader
        self.format = format
        self.versionLabel = versionLabel
        self.labels = labels
        self.consent = consent
        self.missingProcessingConsent = missingProcessingConsent
        labelTable = LabelTable(self)
    }
}

/// A form profile's labels, lower-cased, longest first (so that "E-Mail-Adresse" wins over
/// "E-Mail"), with the first bytes they start with.
struct LabelTable: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var label: String
        var target: LabelTarget
    }

    let entries: [Entry]
    /// The first bytes of the labels: an ASCII line start outside them starts no label.
    let firstBytes: Set<UInt8>
    /// For each first byte of a lower-cased line, the indices of the entries that can start it, in
    /// the entries' order: for an ASCII byte those that start with it, and those that start
    /// outside ASCII (a precomposed "é" in a label compares equal to "e" and a combining accent
    /// in the line); for any other byte all of them.
    let candidates: [[Int]]

    static let empty = LabelTable(entries: [])

    private init(entries: [Entry]) {
        self.entries = entries
        firstBytes = Set(entries.compactMap { $0.label.utf8.first })
        candidates = (0..<256).map { byte in
            entries.indices.filter { index in
                guard byte < 0x80, let first = entries[index].label.utf8.first else { return true }
                return Int(first) == byte || first >= 0x80
            }
        }
    }

    init(_ profile: FormProfile) {
        var entries: [Entry] = []
        for (field, names) in profile.labels { entries += names.map { Entry(label: $0, target: .field(field)) } }
        for (purpose, names) in profile.consent { entries += names.map { Entry(label: $0, target: .consent(purpose)) } }
        if let version = profile.versionLabel { entries.append(Entry(label: version, target: .version)) }
        self.init(entries: entries.map { Entry(label: $0.label.lowercased(), target: $0.target) }.sorted { $0.label.count > $1.label.count })
    }
}
