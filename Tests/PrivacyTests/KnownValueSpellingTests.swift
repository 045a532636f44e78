import Testing
@testable import Privacy

/// The customer's known values in the forms people write them, and their words that are no name.
@Suite("Known values in every spelling, ordinary words kept")
struct KnownValueSpellingTests {
    static func redacted(_ text: String, name: String? = nil, email: String? = nil, address: String? = nil) -> String {
        Redactor.redact(text, known: PersonalData(name: name, email: email, postalAddress: address)).text
    }

    @Test("umlauts and ß in either spelling", arguments: [
        ("Erika Müller", "Mit Gruß, E. Mueller", "Mit Gruß, E. [name]"),
        ("Erika Mueller", "Frau Müller hat angerufen", "Frau [name] hat angerufen"),
        ("Erika Mueller", "Frau Muller hat angerufen", "Frau [name] hat angerufen"),
        ("Uwe Weiß", "Herr Weiss, Ihr Paket", "Herr [name], Ihr Paket"),
        ("Uwe Weiss", "Herr Weiß, Ihr Paket", "Herr [name], Ihr Paket"),
    ])
    func transliterated(name: String, text: String, expected: String) {
        #expect(Self.redacted(text, name: name) == expected)
    }

    @Test("a name with a genitive s, split by a soft hyphen, inside a link")
    func forms() {
        #expect(Self.redacted("die Bestellung von Grünewalds Nachbarn", name: "Jan Grünewald") == "die Bestellung von [name] Nachbarn")
        #expect(Self.redacted("Grüne\u{AD}wald schrieb", name: "Jan Grünewald") == "[name] schrieb")
        #expect(Self.redacted("https://www.linkedin.example/in/marie-luise-koehler-62a33b", name: "Marie-Luise Köhler")
                .contains("koehler") == false)
    }

    @Test("a name that is also a word is replaced only where it is written as a name")
    func ordinaryWords() {
        #expect(Self.redacted("Ich weiß nicht, ob Frau Weiß das Gerät hat.", name: "Erika Weiß") == "Ich weiß nicht, ob Frau [name] das Gerät hat.")
        #expect(Self.redacted("The screen goes black after Mr Black switches it on.", name: "Tom Black")
                == "The screen goes black after Mr [name] switches it on.")
    }

    @Test("generic words of the customer's data stay")
    func genericWords() {
        #expect(Self.redacted("Hello Service-Team, der Service war gut.", name: "Kundenservice Müller", email: "hello@example.net")
                == "Hello Service-Team, der Service war gut.")
        #expect(Self.redacted("Lieferung nach Deutschland an Lindenweg 12", address: "Lindenweg 12, 10115 Berlin, Deutschland")
                == "Lieferung nach Deutschland an [address]")
    }
}
