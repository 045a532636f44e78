import Foundation
import Privacy
import TestSupport
import Testing
@testable import TicketDaemon

/// `preset = "…"` in `[[forms]]`: the builder's labels, the form's own replacing them, and an
/// unknown preset named as an error with the known ones (issue 16).
@Suite("config check: form builder presets")
struct FormPresetConfigurationTests {
    static let presetForm = """
        [[forms]]
        name = "shop"
        match_to = ["shop@example.com"]
        preset = "PRESET"
        labels.name = ["Kunde"]

        [[queues]]
        """

    func fixture(_ preset: String) -> ConfigFixture {
        ConfigFixture { replacingFirst($0, "[[queues]]", Self.presetForm.replacingOccurrences(of: "PRESET", with: preset)) }
    }

    @Test("a known preset gives its labels; the form's own labels replace the preset's for that field only")
    func known() throws {
        let fixture = fixture("shopware")  // kept alive: its directory goes with it
        let report = ConfigCheck.run(configPath: fixture.configPath, environment: [:])
        let form = try #require(report.configuration?.forms.first { $0.name == "shop" }, "errors: \(report.errors)")
        #expect(form.labels[.name] == ["Kunde"])
        #expect(form.labels[.email] == FormPreset.shopware.labels[.email])
        #expect(form.consent[.processing] == FormPreset.shopware.consent[.processing])
        #expect(form.versionLabel == "Formular-Version")
        #expect(!report.warnings.contains { $0.keyPath.hasPrefix("forms[2]") })
    }

    @Test("an unknown preset is an error that names the known ones")
    func unknown() {
        let fixture = fixture("wordpress")
        let report = ConfigCheck.run(configPath: fixture.configPath, environment: [:])
        #expect(report.configuration == nil)
        let error = report.errors.first { $0.keyPath == "forms[2].preset" }
        let text = error?.description ?? ""
        #expect(FormPreset.allCases.allSatisfy { text.contains("\"\($0.rawValue)\"") }, "\(report.errors)")
        #expect(!(error?.fix.isEmpty ?? true))
    }
}
