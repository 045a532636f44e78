package import MailFormat
import Privacy
package import Tickets

extension Configuration {
    /// `[subject_rights]`: how data-subject requests in mail are recognised and confirmed.
    ///
    /// The section is optional and so is each of its keys; ``defaults`` stands in for whatever is
    /// not configured.
    package struct SubjectRights: Sendable {
        /// A second address whose mail is read for requests: an alias that delivers into the polled
        /// mailbox. Never the address of `smtp.from`, which is that mailbox itself.
        package var address: EmailAddress?
        /// The phrasings that make a mail a request: ``SubjectRequestVocabulary/standard`` plus the
        /// phrases of `[subject_rights.phrases]`, each a rule of its kind without context and a value
        /// an explicit request line may name. Setting it prepares ``recognizer`` anew.
        package var vocabulary: SubjectRequestVocabulary {
            get { recognizer.vocabulary }
            set { recognizer = SubjectRequestRecognizer(vocabulary: newValue) }
        }
        /// The recognizer for ``vocabulary``, prepared once per configuration (at start and on
        /// reload): preparing it folds every phrase, which cost more than reading a mail does.
        package private(set) var recognizer: SubjectRequestRecognizer
        /// How long the token in a confirmation mail is valid: fixed length, more than zero, at most 30 days.
        package var confirmationValid: ISO8601Duration
        /// At most this many confirmation mails go to one address within ``requestWindow`` (1 to 100).
        package var requestsPerAddress: Int
        /// The window ``requestsPerAddress`` is counted in: fixed length, more than zero.
        package var requestWindow: ISO8601Duration

        /// No extra address, the built-in vocabulary, a token valid for 7 days, 3 confirmation mails
        /// per address and day.
        package static let defaults = SubjectRights(
            address: nil,
            recognizer: SubjectRequestRecognizer(vocabulary: .standard),
            confirmationValid: SubjectRightsDefaults.duration(SubjectRightsDefaults.confirmationValid),
            requestsPerAddress: SubjectRightsDefaults.requestsPerAddress,
            requestWindow: SubjectRightsDefaults.duration(SubjectRightsDefaults.requestWindow)
        )
    }
}

/// The defaults of `[subject_rights]` as they are written in the file, so that the reader's
/// examples and ``Configuration/SubjectRights/defaults`` cannot drift apart.
enum SubjectRightsDefaults {
    static let confirmationValid = "P7D"
    static let requestWindow = "P1D"
    static let requestsPerAddress = 3
    static let requestsPerAddressRange = 1...100
    /// The longest `confirmation_valid`, in seconds (30 days).
    static let longestConfirmation = 30 * 86_400

    /// A default duration; the texts above are literals known to parse.
    static func duration(_ text: String) -> ISO8601Duration {
        do { return try ISO8601Duration(parsing: text) } catch { preconditionFailure("the default \(text) is not an ISO 8601 duration: \(error)") }
    }

    /// A phrase per kind for the fixes of `[subject_rights.phrases]`.
    static func examplePhrase(_ kind: SubjectRequestKind) -> String {
        switch kind {
        case .access: "\"was wissen sie ueber mich\""
        case .rectification: "\"meine anschrift ... aendern\""
        case .erasure: "\"vergessen werden\""
        case .restriction: "\"verarbeitung ... aussetzen\""
        case .objection: "\"gegen die nutzung meiner daten\""
        case .withdrawal(.processing): "\"nehme meine einwilligung zurueck\""
        case .withdrawal(.marketing): "\"keine post mehr\""
        }
    }
}

/// `[subject_rights]` and `[subject_rights.phrases]`.
extension ConfigSections {
    /// `smtp` is the valid `[smtp]`, if any: its sender must not be the requests' address.
    /// Nil only when a value is wrong (which is then reported).
    func subjectRights(_ root: TableReader, smtp: Configuration.SMTP?) -> Configuration.SubjectRights? {
        var rights = Configuration.SubjectRights.defaults
        guard let table = root.table("subject_rights") else {
            return root.has("subject_rights") ? nil : rights
        }
        defer { table.finish() }
        var valid = true

        if table.has("address") {
            if let address = address(table, "address") {
                if let smtp, address.lookupForm == smtp.from.address.lookupForm {
                    table.invalid("address", "is the address of smtp.from, the support mailbox itself, whose mail is read for requests anyway",
                                  fix: "name the separate data-protection address that delivers into the polled mailbox, "
                                      + "e.g. address = \"datenschutz@example.com\", or remove the key")
                    valid = false
                } else {
                    rights.address = address
                }
            } else {
                valid = false
            }
        }

        if let confirmation = duration(table, "confirmation_valid", default: SubjectRightsDefaults.confirmationValid, mustBeFixed: true, allowZero: false) {
            if let seconds = confirmation.fixedSeconds, seconds > SubjectRightsDefaults.longestConfirmation {
                table.invalid("confirmation_valid", "is longer than 30 days; a request must be answered within a month of its arrival "
                                  + "(Art. 12(3) GDPR), so a confirmation that late would come after the deadline",
                              fix: "keep it at most P30D, e.g. confirmation_valid = \"\(SubjectRightsDefaults.confirmationValid)\"")
                valid = false
            } else {
                rights.confirmationValid = confirmation
            }
        } else {
            valid = false
        }

        if let count = integer(table, "requests_per_address", in: SubjectRightsDefaults.requestsPerAddressRange, default: SubjectRightsDefaults.requestsPerAddress,
                               why: "allow a few confirmation mails to one address within request_window") {
            rights.requestsPerAddress = count
        } else {
            valid = false
        }

        if let window = duration(table, "request_window", default: SubjectRightsDefaults.requestWindow, mustBeFixed: true, allowZero: false) {
            rights.requestWindow = window
        } else {
            valid = false
        }

        if let phrases = table.table("phrases") {
            if let extra = extraPhrases(phrases) { rights.vocabulary = rights.vocabulary.adding(extra) } else { valid = false }
        } else if table.has("phrases") {
            valid = false
        }
        return valid ? rights : nil
    }

    /// `[subject_rights.phrases]`: a list of phrases per kind of request, keyed by the kind's stable
    /// name. Nil when anything in it is wrong.
    func extraPhrases(_ table: TableReader) -> [SubjectRequestKind: [String]]? {
        let errorsBefore = diagnostics.problems.count { $0.severity == .error }
        var phrases: [SubjectRequestKind: [String]] = [:]
        for kind in SubjectRequestKind.allCases {
            let key = kind.rawValue
            let example = SubjectRightsDefaults.examplePhrase(kind)
            guard let list = table.strings(key, example: "[\(example)]") else { continue }
            for (index, phrase) in list.enumerated() where !phrase.contains(where: { $0.isLetter || $0.isNumber }) {
                let empty = phrase.allSatisfy(\.isWhitespace)
                diagnostics.error("\(table.keyPath(key))[\(index)]",
                                  empty ? "is empty, so it would match nothing"
                                      : "has no letter or digit; punctuation is ignored when phrases are compared, so it would match nothing",
                                  fix: "write the words a request of this kind contains, e.g. \(key) = [\(example)]")
            }
            phrases[kind] = list
        }
        table.finish(choices: (noun: "kind of request", names: SubjectRequestKind.allCases.map(\.rawValue)))
        let errorsAfter = diagnostics.problems.count { $0.severity == .error }
        return errorsAfter == errorsBefore ? phrases : nil
    }
}

extension SubjectRequestVocabulary {
    /// This vocabulary with `extra` phrases: each kind's list becomes a rule of that kind without
    /// context, and values an explicit line (`Anfrage: ...`) may name. Kinds are added in the order
    /// of ``SubjectRequestKind/allCases``, so the result does not depend on the order of the file.
    func adding(_ extra: [SubjectRequestKind: [String]]) -> SubjectRequestVocabulary {
        var vocabulary = self
        for kind in SubjectRequestKind.allCases {
            guard let phrases = extra[kind], !phrases.isEmpty else { continue }
            vocabulary.rules.append(Rule(kind: kind, phrases: phrases))
            vocabulary.explicitValues[kind, default: []].append(contentsOf: phrases)
        }
        return vocabulary
    }
}
