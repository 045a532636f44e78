import Testing
@testable import Privacy

/// Other people's names, by the words that introduce them; the same words without a name after
/// them, and ordinary capitalised words, stay.
@Suite("Names of other people")
struct PersonNameFinderTests {
    static func names(_ text: String) -> [String] {
        PersonNameFinder.names(in: text).map { String(text[$0]) }
    }

    @Test("a form of address, a relation or a role before a name", arguments: [
        ("Das Gerät hat meine Frau Anna Schmidt gekauft.", ["Anna Schmidt"]),
        ("Sehr geehrter Herr Grünewald,", ["Grünewald"]),
        ("die Bestellung von Herrn Grünewalds Vater", ["Grünewalds"]),
        ("Geschäftsführer: Uwe Weiß, Günther Fuchs", ["Uwe Weiß", "Günther Fuchs"]),
        ("Der Monteur, Jens Meißner, kam gestern.", ["Jens Meißner"]),
        ("Frau Dr. Berger hat angerufen", ["Berger"]),
        ("Hr. Maier und Fr. von der Heide", ["Maier", "von der Heide"]),
        ("our technician Dave Miller said", ["Dave Miller"]),
        ("Dear Mrs Olivia Hart,", ["Olivia Hart"]),
        ("mein Kollege\nJens Meißner meinte", ["Jens Meißner"]),
        ("Familie Weber-Schmidt aus Köln", ["Weber-Schmidt"]),
        ("Inhaber: Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
        ("my wife Sarah O'Neill called", ["Sarah O'Neill"]),
        ("Ansprechpartnerin vor Ort ist Annika Hoffmann.", ["Annika Hoffmann"]),
        ("Please contact our office manager, Gemma McAllister, about access", ["Gemma McAllister"]),
        ("Directors: Harriet Smith-Pemberton, Emily Whitaker", ["Harriet Smith-Pemberton", "Emily Whitaker"]),
        ("Unser Monteur Callum van de\u{AD}r Mer\u{AD}we kam.", ["Callum van de\u{AD}r Mer\u{AD}we"]),
    ])
    func found(text: String, expected: [String]) {
        #expect(Self.names(text) == expected)
    }

    @Test("a given name from the gazetteer and a surname, without a cue", arguments: [
        ("Please call Kevin Hughes-Carter back", ["Kevin Hughes-Carter"]),
        ("Rückruf bitte an Birgit Hoffmann", ["Birgit Hoffmann"]),
        ("Unterschrieben hat Anna Lena Schulte.", ["Anna Lena Schulte"]),
        ("Ask Callum van der Merwe about it", ["Callum van der Merwe"]),
    ])
    func gazetteer(text: String, expected: [String]) {
        #expect(Self.names(text) == expected)
    }

    @Test("given names that are words, and given names before places, days or companies, stay", arguments: [
        "Will it be repaired or replaced?",
        "Ich sage es Frank und frei.",
        "The shop in Victoria Street is closed.",
        "Das Gerät steht im Keller.",
        "Lieferung kam am Paula Montag.",
        "Grace Period applies",
        "Sarah Ltd supplies the parts.",
        "Kevin",
    ])
    func gazetteerLookalikes(text: String) {
        #expect(Self.names(text).isEmpty)
    }

    @Test("cues without a name after them, and names without a cue, stay", arguments: [
        "Meine Frau hat das Gerät gekauft.",
        "Der Monteur kam gestern, das Gerät läuft.",
        "Ich frage meine Frau. Gestern ging es noch.",
        "Sehr geehrte Damen und Herren,",
        "my wife and I bought the Smart Ring 2",
        "The technician replaced the Router X200.",
        "Frau Doktor hat es empfohlen",
        "Vistara 55 QX zeigt Streifen",
        "Herr\n\nSchmidt",
        "mein Kollege von der Buchhaltung",
        "The manager said the Router X200 is fine.",
        "Der Ansprechpartner ist unbekannt.",
    ])
    func notFound(text: String) {
        #expect(Self.names(text).isEmpty)
    }

    @Test("the redactor keeps the cue and replaces the name")
    func inRedaction() {
        let result = Redactor.redact("Meine Frau Anna Schmidt und der Monteur, Jens Meißner, waren da.", known: PersonalData())
        #expect(result.text == "Meine Frau [name] und der Monteur, [name], waren da.")
    }
}
