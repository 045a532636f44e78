import Foundation
import Privacy
import TestSupport
import Testing

/// A bounded mutation loop over form texts: the form reader, the redactor and the special-category
/// detector must finish on anything, without crashing, and produce output bounded by the input.
/// `TICKETD_FUZZ_SECONDS=N` runs it for N seconds instead of the default two.
@Suite("Fuzzing the form reader, redactor and detectors")
struct PrivacyFuzzTests {
    static let seeds: [String] = [
        FormReaderTests.formText,
        "Your name\nBrian Example\n\nEmail\nbrian@example.net\nMessage: The remote does not pair.\n[x] Consent to processing\n[ ] Product recommendations",
        #"{"version": "5.1.0", "fields": {"fullName": "Aylin Musterfrau", "mail": "aylin@example.net", "text": "App"}, "consents": {"processing": true}}"#,
        "IBAN DE89 3704 0044 0532 0130 00, Karte 4111 1111 1111 1111, Tel +49 (0)30 5550-1234, Heidestraße 17, 10557 Berlin",
        "Am 03.11.2026 um 10:12 schrieb Support:\n> alt\n-- \nSignatur",
    ]

    static let fragments: [String] = [
        "Name:", "E-Mail:", "Nachricht:", "Einwilligung Datenverarbeitung: ja", "[x]", "☑", ":", "\n", "\r\n", "\t", "@", "+49", "DE89",
        "{", "}", "\"", "[", "]", "\u{0}", "\u{FEFF}", "ß", "é", "💡", String(repeating: "a", count: 300), String(repeating: "1", count: 40),
        "Mit freundlichen Grüßen", "> ", "-- ", "Straße 1", "12345 Berlin",
    ]

    @Test("random mutations never crash or explode")
    func mutations() {
        let seconds = Double(ProcessInfo.processInfo.environment["TICKETD_FUZZ_SECONDS"] ?? "") ?? 2
        let deadline = Date().addingTimeInterval(seconds)
        var generator = SeededGenerator(seed: 20_261_129)
        let profiles = [FormReaderTests.website, FormReaderTests.app]
        var runs = 0
        while Date() < deadline {
            var text = Array(Self.seeds[Int(generator.next() % UInt64(Self.seeds.count))])
            for _ in 0..<Int(generator.next() % 8) {
                let position = text.isEmpty ? 0 : Int(generator.next() % UInt64(text.count + 1))
                switch generator.next() % 4 {
                case 0: text.insert(contentsOf: Self.fragments[Int(generator.next() % UInt64(Self.fragments.count))], at: position)
                case 1: if position < text.count { text.remove(at: position) }
                case 2: if position < text.count { text[position] = Character(UnicodeScalar(UInt8(generator.next() % 128))) }
                default: text = Array(text[..<position]) + Array(text[position...].reversed())
                }
            }
            let input = String(text)
            for profile in profiles {
                let submission = FormReader.read(input, with: profile)
                #expect(submission.fields.values.allSatisfy { $0.count <= input.count })
            }
            let redacted = Redactor.redact(input, known: PersonalData(name: "Erika Beispiel", email: "erika@example.org", phone: "030 5550 1234"))
            #expect(redacted.text.count <= input.count * 10 + 10)
            _ = SpecialCategoryDetector.categories(in: input)
            runs += 1
        }
        #expect(runs > 10)
    }

    @Test("pathological inputs finish quickly")
    func pathological() {
        let long = String(repeating: "Name: x\n", count: 20_000) + String(repeating: "4", count: 100_000)
        let started = Date()
        _ = FormReader.read(long, with: FormReaderTests.website)
        _ = Redactor.redact(long, known: PersonalData(name: "x y z"))
        _ = SpecialCategoryDetector.categories(in: long)
        _ = IBAN.ranges(in: String(repeating: "DE89 ", count: 20_000))
        #expect(Date().timeIntervalSince(started) < 20)
    }
}
