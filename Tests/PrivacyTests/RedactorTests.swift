import Privacy
import Testing

@Suite("Redaction for recipients other than the support team")
struct RedactorTests {
    static let erika = PersonalData(
        name: "Erika Beispiel", email: "erika.beispiel@example.org", phone: "+49 30 5550 1234",
        postalAddress: "Heidestraße 17, 10557 Berlin"
    )

    @Test("the customer's known values are replaced in any case and spacing")
    func knownValues() {
        let text = "Hallo, hier ist ERIKA beispiel. Rufen Sie 030/5550-1234 an oder schreiben Sie an Erika.Beispiel@example.org. Ich wohne in der Heidestraße 17, 10557 Berlin."
        let result = Redactor.redact(text, known: Self.erika)
        for value in ["ERIKA", "beispiel", "5550", "Erika.Beispiel", "Heidestraße", "10557"] {
            #expect(!result.text.contains(value), "'\(value)' survived: \(result.text)")
        }
        #expect(result.replaced.isSuperset(of: [.name, .phone, .email, .address]))
    }

    @Test("detected patterns are replaced even when they are not the customer's")
    func patterns() {
        let text = "Mein Nachbar (max.muster@example.net, +49 151 5550 9876) hat dasselbe Problem. Konto DE89 3704 0044 0532 0130 00. 12 Baker Street."
        let result = Redactor.redact(text, known: PersonalData())
        #expect(result.text == "Mein Nachbar ([email], [phone]) hat dasselbe Problem. Konto [iban]. [address].")
    }

    @Test("links keep their site and path but lose their personal parameters")
    func links() {
        let text = "Mein Login-Link: https://www.example.com/account/reset?token=8f3ka9&user=4711, siehe auch https://www.example.com/faq/wlan."
        let result = Redactor.redact(text, known: PersonalData())
        #expect(result.text == "Mein Login-Link: https://www.example.com/account/reset[link-parameters], siehe auch https://www.example.com/faq/wlan.")
        #expect(result.replaced == [.linkParameters])
    }

    @Test("quoted history and signatures are cut; the closing stays")
    func cuts() {
        let text = """
        Der Fernseher geht jetzt, danke!

        Mit freundlichen Grüßen
        Erika Beispiel
        Tel. 030 5550 1234

        Am 03.11.2026 um 10:12 schrieb Support:
        > Bitte starten Sie den Router neu.
        """
        let result = Redactor.redact(text, known: PersonalData())
        #expect(result.text == "Der Fernseher geht jetzt, danke!\n\nMit freundlichen Grüßen")
        #expect(result.cutQuotedOrSignature)
    }

    @Test("dates, prices and model numbers stay")
    func keeps() {
        let text = "Gekauft am 12.03.2026 für 499,00 EUR, Modell QE55Q80C, Firmware 1402.5."
        #expect(Redactor.redact(text, known: Self.erika).text == text)
    }
}
