import Testing
@testable import Privacy

/// The safety net's signs, counted in texts as the redactor leaves them.
@Suite("Residual risk of a redacted text")
struct ResidualRiskTests {
    @Test("signs of personal data left over", arguments: [
        ("Rufen Sie 4711 0815 23 an.", ResidualRisk(digitRuns: 1)),
        ("Schreiben Sie an jemand@@ oder x (at) y.", ResidualRisk(addressSigns: 3)),
        ("Frau Kowalczyk und Herr Dr. Nowakowski kommen.", ResidualRisk(formsOfAddress: 2)),
        ("Mr Aberforth called twice: 0049 171 55 00 99.", ResidualRisk(digitRuns: 1, formsOfAddress: 1)),
    ])
    func signs(text: String, expected: ResidualRisk) {
        #expect(ResidualRisk.of(text) == expected)
    }

    @Test("what the redactor explains is no risk", arguments: [
        "Gekauft am 09.04.2025, geliefert am 06/28/2025.",
        "Frau [name] und Herr Dr. [name] kommen; Tel. [phone].",
        "Die Seriennummer ist 0549 694 602, die IMEI 018476789252600.",
        "Bestellung EB-2026-960725, Sendung 1Z441058238088.",
        "Preis 1.299,00 Euro, 20000 Stunden.",
        "meine Frau hat angerufen, der Herr am Schalter auch.",
    ])
    func explained(text: String) {
        #expect(ResidualRisk.of(text).score == 0)
    }

    @Test("the summary names the signs without any value")
    func summary() {
        let risk = ResidualRisk.of("Frau Kowalczyk: 4711 0815 23")
        #expect(risk.summary == "1 unexplained digit run, 1 form of address before a capitalised word")
        #expect(!risk.summary.contains("Kowalczyk") && !risk.summary.contains("4711"))
    }
}
