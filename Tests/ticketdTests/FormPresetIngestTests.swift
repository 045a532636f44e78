import Foundation
import TestSupport
import Testing

/// `ticketd ingest` of a builder's sample mails with a configuration that names its preset.
@Suite("Ingesting form builder samples with a preset", .serialized)
struct FormPresetIngestTests {
    static let form = """
        [[forms]]
        name = "jotform-contact"
        match_to = ["support@example.com"]
        preset = "jotform"

        [forms.consent]
        processing = ["Datenschutz", "Ich stimme der Verarbeitung meiner Daten gemäß der Datenschutzerklärung zu"]

        [[forms]]
        """

    static func sample(_ file: String) -> String {
        (RepositoryPaths.root as NSString).appendingPathComponent("Samples/forms/jotform/\(file)")
    }

    @Test("a sample whose consent is the site's listed checkbox text becomes a ticket; one with an empty consent is quarantined")
    func jotform() throws {
        let fixture = ConfigFixture { replacingFirstForm($0) }
        let granted = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, Self.sample("html-de.eml")])
        #expect(granted.status == 0, "\(granted.stderr)")
        #expect(granted.stdout.contains("1 ticket, 0 quarantined"), "\(granted.stdout)")
        let unreadable = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, Self.sample("plain-de.eml")])
        #expect(unreadable.status == 0, "\(unreadable.stderr)")
        #expect(unreadable.stdout.contains("0 tickets, 1 quarantined (no_processing_consent 1)"), "\(unreadable.stdout)")
        // Nothing of the made-up customer reaches the command's output or log.
        for text in [granted.stdout, granted.stderr, unreadable.stdout, unreadable.stderr] {
            #expect(!text.contains("Muster") && !text.contains("Vorlage") && !text.contains("@example.org"))
        }
    }

    func replacingFirstForm(_ text: String) -> String {
        guard let range = text.range(of: "[[forms]]") else { fatalError("the example configuration has no [[forms]]") }
        return text.replacingCharacters(in: range, with: Self.form)
    }
}
