@testable import Privacy
import Testing

/// Consent values as form builders write them (issue 16): each spelling with its positive and
/// negative forms, and what stays unreadable.
@Suite("Consent spellings")
struct ConsentGrammarTests {
    @Test("a checkbox mark with a word", arguments: [
        ("☑ Ja", ConsentReading.granted), ("☐ Ja", .refused), ("☑ Nein", .refused), ("☐ Nein", .refused),
        ("[x] Ich willige ein", .granted), ("[ ] Ich willige ein", .refused), ("[x] Ich willige nicht ein", .refused),
        ("✔ yes", .granted), ("✔ no", .refused), ("(•) Ja", .granted), ("( ) Ja", .refused), ("(x) Nein", .refused),
        ("Ja ☑", .granted), ("[X] Ich habe die Datenschutzerklärung gelesen", .granted),
        ("[ ] Ich habe die Datenschutzerklärung gelesen", .refused),
    ])
    func markWithWord(value: String, expected: ConsentReading) { #expect(ConsentReading(value: value) == expected, "\(value)") }

    @Test("an answer with an explanation", arguments: [
        ("Ja, ich stimme zu", ConsentReading.granted), ("Nein, ich stimme nicht zu", .refused),
        ("1 - Ja", .granted), ("0 - Nein", .refused), ("2 - Nein", .refused),
        ("Einwilligung erteilt am 12.03.2026", .granted), ("Einwilligung nicht erteilt", .refused),
        ("Einwilligung erteilt am 12.03.2026 um 14:03 Uhr", .granted),
        ("Consented: Ich habe die Datenschutzerklärung gelesen.", .granted),
        ("Not consented: Ich habe die Datenschutzerklärung gelesen.", .refused),
        ("I consent to having this website store my submitted information so they can respond to my inquiry.", .granted),
        ("Ich bin damit einverstanden, dass diese Website meine Angaben speichert.", .granted),
        ("Yes - please handle my request", .granted), ("opt-in", .granted), ("opt-out", .refused),
    ])
    func answerWithExplanation(value: String, expected: ConsentReading) { #expect(ConsentReading(value: value) == expected, "\(value)") }

    @Test("ambiguous stays unreadable", arguments: [
        "Ja / Nein", "Yes/No", "[x] Ja [ ] Nein", "☑ ☐ Ja", "☑ Ja, nein", "Ja, aber nur telefonisch", "Ja?",
        "Einwilligung erteilt am 12.03.2026, widerrufen am 14.03.2026", "yes please contact me later",
        "Nein, ja", "Ja 👍", "Ich habe die Datenschutzerklärung gelesen", "[x] Ich möchte keinen Newsletter",
        "-", "Ja ☑ Nein",
    ])
    func unreadable(value: String) { #expect(ConsentReading(value: value) == .unreadable, "\(value)") }

    @Test("the consent's own label as the value counts as given; other text does not")
    func labelAsValue() {
        let labels = ["Datenschutz", "Ich habe die Datenschutzerklärung gelesen und akzeptiere sie."]
        #expect(ConsentReading(value: "Ich habe die Datenschutzerklärung gelesen und akzeptiere sie", labels: labels) == .granted)
        #expect(ConsentReading(value: "ich habe die  Datenschutzerklärung gelesen und akzeptiere sie.", labels: labels) == .granted)
        #expect(ConsentReading(value: "Ich habe die Datenschutzerklärung gelesen", labels: labels) == .unreadable)
        #expect(ConsentReading(value: "Ich habe die Datenschutzerklärung nicht gelesen", labels: labels) == .unreadable)
        #expect(ConsentReading(value: "Nein", labels: labels) == .refused)
        let form = FormReaderTests.website
        var withText = form
        withText.consent[.processing] = ["Einwilligung Datenverarbeitung", "Ich willige in die Verarbeitung meiner Daten ein"]
        let read = FormReader.read("Einwilligung Datenverarbeitung: Ich willige in die Verarbeitung meiner Daten ein", with: withText)
        #expect(read.consents[.processing] == .granted)
        #expect(FormReader.read("Einwilligung Datenverarbeitung: Ich willige in die Verarbeitung meiner Daten ein", with: form)
            .consents[.processing] == .unreadable)
    }

    @Test("the tokens: bracket marks with spaces inside, symbols, words and separators")
    func tokens() {
        #expect(ConsentGrammar.tokenize("[ x ] ja") == [.mark(true), .word("ja")])
        #expect(ConsentGrammar.tokenize("( ) nein.") == [.mark(false), .word("nein"), .separator(".")])
        #expect(ConsentGrammar.tokenize("(siehe oben)") == [.separator("("), .word("siehe"), .word("oben"), .separator(")")])
        #expect(ConsentGrammar.tokenize("ja?") == [.word("ja"), .doubt])
    }
}
