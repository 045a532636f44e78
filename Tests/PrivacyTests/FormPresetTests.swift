import Foundation
import MailFormat
import Privacy
import TestSupport
import Testing

/// One sample mail of a preset and what it must give, from `Samples/forms/<preset>/expected.json`.
struct ExpectedFormSample: Decodable, Sendable, CustomTestStringConvertible {
    var preset: String = ""
    var file: String
    var name: String?
    var email: String?
    var phone: String?
    var processing: String?
    var marketing: String?
    var version: String?
    var message_starts: String
    var message_ends: String
    /// Labels the site adds for its consent checkbox (its text, for an acceptance field).
    var config_consent: [String]?

    var testDescription: String { "\(preset)/\(file)" }

    enum CodingKeys: String, CodingKey {
        case file, name, email, phone, processing, marketing, version, message_starts, message_ends, config_consent
    }

    static var directory: String { (RepositoryPaths.root as NSString).appendingPathComponent("Samples/forms") }

    static let all: [ExpectedFormSample] = FormPreset.allCases.flatMap { preset in
        let path = (directory as NSString).appendingPathComponent("\(preset.rawValue)/expected.json")
        let samples = (try? JSONDecoder().decode([ExpectedFormSample].self, from: Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
        return samples.map { var sample = $0; sample.preset = preset.rawValue; return sample }
    }
}

/// The presets read their builders' sample mails through the real MIME parser and form reader.
@Suite("Form builder presets")
struct FormPresetTests {
    static func profile(_ preset: FormPreset, consent: [String]? = nil) -> FormProfile {
        var profile = FormProfile(
            name: preset.rawValue, matchTo: ["support@example.com"], matchSubjectPrefix: [], matchHeader: [], format: .labels,
            versionLabel: preset.versionLabel, labels: preset.labels, consent: preset.consent, missingProcessingConsent: .quarantine
        )
        profile.spacedLabels = preset.spacedLabels
        if let consent { profile.consent[.processing] = consent }
        return profile
    }

    @Test("every preset has at least two samples, plain and HTML")
    func coverage() throws {
        for preset in FormPreset.allCases {
            let files = ExpectedFormSample.all.filter { $0.preset == preset.rawValue }.map(\.file)
            #expect(files.count >= 2, "\(preset.rawValue)")
            #expect(files.contains { $0.hasPrefix("plain") } && files.contains { $0.hasPrefix("html") }, "\(preset.rawValue)")
        }
    }

    @Test("a preset's sample gives the expected customer fields, consents and form version", arguments: ExpectedFormSample.all)
    func sample(expected: ExpectedFormSample) throws {
        let preset = try #require(FormPreset(rawValue: expected.preset))
        let path = (ExpectedFormSample.directory as NSString).appendingPathComponent("\(expected.preset)/\(expected.file)")
        let message = try MessageParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        // The text the ingest reads (the text/plain part, else the HTML as text) and, for a builder
        // that sends both, the HTML part as text too: both layouts must give the same.
        var texts = [("text", message.text)]
        if let html = message.html { texts.append(("html", HTMLText.text(from: html))) }
        let profile = Self.profile(preset, consent: expected.config_consent)
        for (part, body) in texts {
            let read = FormReader.read(body, with: profile)
            #expect(read.fields[.name] == expected.name, "\(part)")
            #expect(read.fields[.email] == expected.email, "\(part)")
            #expect(read.fields[.phone] == expected.phone, "\(part)")
            let text = read.fields[.message] ?? ""
            #expect(text.hasPrefix(expected.message_starts) && text.hasSuffix(expected.message_ends),
                    "\(part) message: \(text.count) characters")
            #expect(read.consents[.processing]?.rawValue == expected.processing, "\(part)")
            #expect(read.consents[.marketing]?.rawValue == expected.marketing, "\(part)")
            #expect(read.version == expected.version, "\(part)")
        }
    }

    @Test("a form's own labels replace the preset's for that field only")
    func ownLabelsOverride() {
        var profile = Self.profile(.shopware)
        profile.labels[.name] = ["Kunde"]
        let read = FormReader.read("Kunde: Emma Attrappe\nName: Nicht Gemeint\nKontakt E-Mail: emma.attrappe@example.org\nDatenschutz: ja", with: profile)
        #expect(read.fields[.name] == "Emma Attrappe")
        #expect(read.fields[.email] == "emma.attrappe@example.org")
        #expect(read.consents[.processing] == .granted)
    }
}
