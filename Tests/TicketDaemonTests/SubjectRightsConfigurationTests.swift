import Foundation
import MailFormat
import Privacy
import TestSupport
import Testing
import Tickets
@testable import TicketDaemon

/// The example configuration with its `[subject_rights]` section, `[subject_rights.phrases]` included,
/// replaced by `section` (which may be empty).
func replacingSubjectRights(_ text: String, with section: String) -> String {
    guard let start = text.range(of: "[subject_rights]"),
          let end = text.range(of: "[register]", range: start.upperBound..<text.endIndex) else {
        fatalError("the example configuration has no [subject_rights] section before [register]")
    }
    return text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: section.isEmpty ? "" : section + "\n\n")
}

@Suite("config check: [subject_rights]")
struct SubjectRightsConfigurationTests {
    func check(_ section: String) -> ConfigurationReport {
        let fixture = ConfigFixture { replacingSubjectRights($0, with: section) }
        return ConfigCheck.run(configPath: fixture.configPath, environment: [:])
    }

    func subjectRights(_ section: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Configuration.SubjectRights {
        let report = check(section)
        #expect(report.problems.isEmpty, "\(report.problems)", sourceLocation: sourceLocation)
        return try #require(report.configuration, "\(report.problems)", sourceLocation: sourceLocation).subjectRights
    }

    // MARK: defaults and values

    @Test("without the section, and with an empty one, every default applies", arguments: ["", "[subject_rights]"])
    func defaults(section: String) throws {
        let rights = try subjectRights(section)
        #expect(rights.address == nil)
        #expect(rights.vocabulary == .standard)
        #expect(rights.confirmationValid.text == "P7D")
        #expect(rights.confirmationValid.fixedSeconds == 7 * 86_400)
        #expect(rights.requestsPerAddress == 3)
        #expect(rights.requestWindow.text == "P1D")
        #expect(rights.requestWindow.fixedSeconds == 86_400)
        let defaults = Configuration.SubjectRights.defaults
        #expect(defaults.address == nil && defaults.vocabulary == .standard && defaults.requestsPerAddress == 3)
        #expect(defaults.confirmationValid == rights.confirmationValid && defaults.requestWindow == rights.requestWindow)
    }

    @Test("the example's section is read: the address, and its phrases on top of the built-in ones")
    func example() throws {
        let fixture = ConfigFixture()
        let report = ConfigCheck.run(configPath: fixture.configPath, environment: [:])
        let rights = try #require(report.configuration, "\(report.problems)").subjectRights
        #expect(rights.address?.description == "datenschutz@example.com")
        #expect(rights.vocabulary.rules.count == SubjectRequestVocabulary.standard.rules.count + 2)
        #expect(rights.vocabulary.rules.suffix(2).map(\.kind) == [.access, .erasure])
        #expect(rights.vocabulary.rules.suffix(2).allSatisfy { $0.context.isEmpty })
    }

    @Test("every key is read")
    func everyKey() throws {
        let rights = try subjectRights("""
            [subject_rights]
            address = "privacy@example.com"
            confirmation_valid = "PT48H"
            requests_per_address = 5
            request_window = "P2W"
            [subject_rights.phrases]
            erasure = ["vergessen werden", "forget me"]
            withdrawal_marketing = ["keine post mehr"]
            rectification = []
            """)
        #expect(rights.address?.description == "privacy@example.com")
        #expect(rights.confirmationValid.fixedSeconds == 48 * 3600)
        #expect(rights.requestsPerAddress == 5)
        #expect(rights.requestWindow.fixedSeconds == 14 * 86_400)
        let added = rights.vocabulary.rules.dropFirst(SubjectRequestVocabulary.standard.rules.count)
        #expect(added.map(\.kind) == [.erasure, .withdrawal(.marketing)])
        #expect(added.first?.phrases == ["vergessen werden", "forget me"])
        #expect(rights.vocabulary.explicitValues[.erasure]?.suffix(2) == ["vergessen werden", "forget me"])
        #expect(rights.vocabulary.explicitValues[.rectification] == SubjectRequestVocabulary.standard.explicitValues[.rectification])
    }

    @Test("the limits themselves are accepted: one request, 30 days, 100 mails")
    func bounds() throws {
        let rights = try subjectRights("""
            [subject_rights]
            confirmation_valid = "P30D"
            requests_per_address = 100
            request_window = "PT1M"
            """)
        #expect(rights.confirmationValid.fixedSeconds == 30 * 86_400)
        #expect(rights.requestsPerAddress == 100)
        let lowest = try subjectRights("[subject_rights]\nconfirmation_valid = \"P4W2D\"\nrequests_per_address = 1")
        #expect(lowest.requestsPerAddress == 1 && lowest.confirmationValid.fixedSeconds == 30 * 86_400)
    }

    @Test("configured phrases reach the recognizer, in running text and as an explicit request line")
    func phrasesRecognized() throws {
        let rights = try subjectRights("""
            [subject_rights]
            [subject_rights.phrases]
            erasure = ["vergessen werden", "forget me"]
            access = ["was wissen sie über mich"]
            """)
        let configured = SubjectRequestRecognizer(vocabulary: rights.vocabulary)
        let standard = SubjectRequestRecognizer()
        #expect(configured.recognize(subject: "", body: "Bitte vergessen werden").kinds == [.erasure])
        #expect(standard.recognize(subject: "", body: "Bitte vergessen werden").isEmpty)
        #expect(configured.recognize(subject: "Frage", body: "Hallo,\nwas wissen Sie ueber mich?\nGruß").kinds == [.access])
        let explicit = configured.recognize(subject: "", body: "Anfrage: forget me")
        #expect(explicit.kinds == [.erasure] && explicit.isExplicit)
        // The built-in phrases are all still there.
        #expect(configured.recognize(subject: "Löschung meiner Daten", body: "").kinds == [.erasure])
    }

    // MARK: mistakes

    @Test("each wrong value is refused, naming the key, what is wrong and how to fix it", arguments: [
        ("address = \"not an address\"", "subject_rights.address", ["is not an e-mail address"], ["team@example.com"]),
        ("address = 3", "subject_rights.address", ["expected a string, found an integer"], ["quotes"]),
        ("address = \"\"", "subject_rights.address", ["is empty"], ["address = "]),
        ("address = \"support@example.com\"", "subject_rights.address", ["smtp.from", "the support mailbox itself"], ["datenschutz@example.com", "remove the key"]),
        ("address = \"SUPPORT@Example.COM\"", "subject_rights.address", ["smtp.from"], ["datenschutz@example.com"]),
        ("confirmation_valid = \"seven days\"", "subject_rights.confirmation_valid", ["not an ISO 8601 duration", "must start with 'P'"], ["\"P7D\""]),
        ("confirmation_valid = 7", "subject_rights.confirmation_valid", ["expected a string (an ISO 8601 duration), found an integer"], ["\"P7D\""]),
        ("confirmation_valid = \"P1M\"", "subject_rights.confirmation_valid", ["years or months"], ["weeks, days, hours", "\"P7D\""]),
        ("confirmation_valid = \"PT0S\"", "subject_rights.confirmation_valid", ["is zero"], ["\"P7D\""]),
        ("confirmation_valid = \"P31D\"", "subject_rights.confirmation_valid", ["longer than 30 days", "Art. 12(3)"], ["P30D", "confirmation_valid = \"P7D\""]),
        ("confirmation_valid = \"P4W3D\"", "subject_rights.confirmation_valid", ["longer than 30 days"], ["P30D"]),
        ("confirmation_valid = \"P30DT1M\"", "subject_rights.confirmation_valid", ["longer than 30 days"], ["P30D"]),
        ("requests_per_address = 0", "subject_rights.requests_per_address", ["must be from 1 to 100"], ["requests_per_address = 3"]),
        ("requests_per_address = 101", "subject_rights.requests_per_address", ["must be from 1 to 100"], ["requests_per_address = 3"]),
        ("requests_per_address = -2", "subject_rights.requests_per_address", ["must be from 1 to 100"], ["requests_per_address = 3"]),
        ("requests_per_address = \"3\"", "subject_rights.requests_per_address", ["expected an integer, found a string"], ["without quotes"]),
        ("requests_per_address = 2.5", "subject_rights.requests_per_address", ["expected an integer, found a floating-point number"], ["requests_per_address = 3"]),
        ("request_window = \"P1Y\"", "subject_rights.request_window", ["years or months"], ["\"P1D\""]),
        ("request_window = \"P0D\"", "subject_rights.request_window", ["is zero"], ["\"P1D\""]),
        ("request_window = \"P1DT\"", "subject_rights.request_window", ["'T' must be followed"], ["\"P1D\""]),
        ("adress = \"datenschutz@example.com\"", "subject_rights.adress", ["is not a known key"], ["did you mean 'address'"]),
        ("phrases = [\"forget me\"]", "subject_rights.phrases", ["expected a table, found an array"], ["[subject_rights.phrases]"]),
    ] as [(String, String, [String], [String])])
    func refused(line: String, key: String, message: [String], fix: [String]) {
        expectError(check("[subject_rights]\n" + line), key: key, message: message, fix: fix)
    }

    @Test("each wrong [subject_rights.phrases] entry is refused at its key, with an example of the kind", arguments: [
        ("erasur = [\"forget me\"]", "subject_rights.phrases.erasur", ["is not a known kind of request"],
         ["access, rectification, erasure, restriction, objection, withdrawal_processing, withdrawal_marketing", "did you mean 'erasure'"]),
        ("withdrawal = [\"ich widerrufe alles\"]", "subject_rights.phrases.withdrawal", ["is not a known kind of request"],
         ["use one of: access, rectification, erasure, restriction, objection, withdrawal_processing, withdrawal_marketing"]),
        ("Erasure = [\"forget me\"]", "subject_rights.phrases.Erasure", ["is not a known kind of request"], ["erasure"]),
        ("erasure = \"forget me\"", "subject_rights.phrases.erasure", ["expected an array of strings, found a string"], ["erasure = [\"vergessen werden\"]"]),
        ("access = [\"kopie\", 3]", "subject_rights.phrases.access[1]", ["expected a string, found an integer"], ["access = [\"was wissen sie ueber mich\"]"]),
        ("erasure = [\"forget me\", \"\"]", "subject_rights.phrases.erasure[1]", ["is empty", "match nothing"], ["erasure = [\"vergessen werden\"]"]),
        ("erasure = [\"   \"]", "subject_rights.phrases.erasure[0]", ["is empty"], ["erasure = [\"vergessen werden\"]"]),
        ("objection = [\"?!\"]", "subject_rights.phrases.objection[0]", ["no letter or digit", "match nothing"], ["objection = ["]),
        ("restriction = [\"... *\"]", "subject_rights.phrases.restriction[0]", ["no letter or digit"], ["restriction = ["]),
        ("withdrawal_marketing = [\"-- » --\"]", "subject_rights.phrases.withdrawal_marketing[0]", ["no letter or digit"], ["withdrawal_marketing = [\"keine post mehr\"]"]),
    ] as [(String, String, [String], [String])])
    func refusedPhrases(line: String, key: String, message: [String], fix: [String]) {
        expectError(check("[subject_rights]\n[subject_rights.phrases]\n" + line), key: key, message: message, fix: fix)
    }

    @Test("a refused phrase is not quoted back (a configuration's values are never repeated in problems)")
    func phraseNotQuoted() throws {
        let report = check("[subject_rights]\n[subject_rights.phrases]\naccess = [\"?!?!\"]\nerasure = [\"ok\", 42]")
        #expect(report.configuration == nil)
        #expect(report.errors.map(\.keyPath) == ["subject_rights.phrases.access[0]", "subject_rights.phrases.erasure[1]"])
        #expect(!ConfigCheck.text(report).contains("?!?!"))
    }

    @Test("every problem in the section is reported at once")
    func allAtOnce() {
        let report = check("""
            [subject_rights]
            address = "support@example.com"
            confirmation_valid = "P60D"
            requests_per_address = 0
            request_window = "P1M"
            colour = "blue"
            [subject_rights.phrases]
            erasure = [""]
            forget = ["me"]
            """)
        #expect(report.configuration == nil)
        #expect(Set(report.errors.map(\.keyPath)) == [
            "subject_rights.address", "subject_rights.confirmation_valid", "subject_rights.requests_per_address",
            "subject_rights.request_window", "subject_rights.colour", "subject_rights.phrases.erasure[0]", "subject_rights.phrases.forget",
        ])
        #expect(report.errors.count == 7, "\(report.errors)")
    }

    @Test("without [smtp] there is no sender to compare the address with, and any address is taken")
    func noSMTP() throws {
        let fixture = ConfigFixture { text in
            let start = text.range(of: "[smtp]")!.lowerBound
            let end = text.range(of: "# How to read contact-form mails")!.lowerBound
            return replacingSubjectRights(text.replacingCharacters(in: start..<end, with: ""),
                                          with: "[subject_rights]\naddress = \"support@example.com\"")
        }
        let report = ConfigCheck.run(configPath: fixture.configPath, environment: [:])
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.configuration?.subjectRights.address?.description == "support@example.com")
    }

    /// The single error at `key`; its message holds every word of `message`, its fix every word of `fix`.
    func expectError(_ report: ConfigurationReport, key: String, message: [String], fix: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(report.configuration == nil, sourceLocation: sourceLocation)
        let matching = report.errors.filter { $0.keyPath == key }
        #expect(matching.count == 1 && report.errors.count == 1, "errors: \(report.errors)", sourceLocation: sourceLocation)
        guard let problem = matching.first else { return }
        for word in message {
            #expect(problem.message.contains(word), "'\(word)' is not in the message: \(problem.message)", sourceLocation: sourceLocation)
        }
        for word in fix {
            #expect(problem.fix.contains(word), "'\(word)' is not in the fix: \(problem.fix)", sourceLocation: sourceLocation)
        }
    }
}
