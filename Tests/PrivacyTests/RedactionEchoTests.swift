import Testing
@testable import Privacy

/// A value found once by its cue or shape is replaced where it stands again without one.
@Suite("Values found once, replaced everywhere in the mail")
struct RedactionEchoTests {
    static func redacted(subject: String, text: String, known: PersonalData = PersonalData()) -> (String, String) {
        let results = Redactor.redact([subject, text], known: Redactor.Known(known))
        return (results[0].text, results[1].text)
    }

    @Test("a customer number after its cue in the text is replaced alone in the subject")
    func customerNumberInSubject() {
        let (subject, text) = Self.redacted(subject: "KD 768122: Rechnung falsch", text: "Meine Kundennr.: KD 768122.")
        #expect(subject == "[customer-number]: Rechnung falsch")
        #expect(text == "Meine Kundennr.: [customer-number].")
    }

    @Test("the postcode of an address in the cut signature is replaced where the text asks about it")
    func postcodeFromSignature() {
        let text = "Do your engineers cover the area around 78787?\n\nBest regards\nJamie Testperson\n3214 Maple Court\nAustin, TX 78787"
        #expect(Self.redacted(subject: "Engineers", text: text).1 == "Do your engineers cover the area around [address]?\n\nBest regards")
    }

    @Test("the name signed below the closing is the sender's, in the text and the subject")
    func signedName() {
        // "Frank" is an ordinary word, so no gazetteer knows it: only the signature says it is a name.
        let text = "Mein Name ist Frank Testmann, ich schreibe für die Firma.\nMfG\nFrank Testmann\nTeamleiter"
        let (subject, body) = Self.redacted(subject: "Anfrage von Frank Testmann", text: text)
        #expect(subject == "Anfrage von [name] [name]")
        #expect(body == "Mein Name ist [name] [name], ich schreibe für die Firma.\nMfG")
    }

    @Test("a line below the closing that is no name gives no name", arguments: [
        "Ihr Support-Team", "Die Geschäftsführung", "Tel. 030 2634701", "Danke", "Sent from my iPhone",
    ])
    func notSignedNames(line: String) {
        #expect(PersonNameFinder.signatureNameWords(in: line[...]).isEmpty)
    }

    @Test("signed names in their shapes", arguments: [
        ("Jörg Testmann", ["Jörg", "Testmann"]), ("K. Dörfling", ["Dörfling"]), ("Dörfling, Karin", ["Dörfling", "Karin"]),
        ("Hans-Peter von Hagenbeck", ["Hans-Peter", "Hagenbeck"]),
    ])
    func signedNames(line: String, words: [String]) {
        #expect(PersonNameFinder.signatureNameWords(in: line[...]).map(String.init) == words)
    }

    @Test("the sender's surname from the quoted salutation is replaced in the own text")
    func quotedSalutation() {
        let text = "Dörfling hier, das Gerät geht wieder nicht.\n\nAm 10.01.2026 um 03:17 schrieb Support <support@example.com>:\n> Sehr geehrte Frau Dörfling,"
        #expect(Self.redacted(subject: "Gerät", text: text).1 == "[name] hier, das Gerät geht wieder nicht.")
    }

    @Test("another person's name is looked for whole: its surname alone may be a word")
    func wholeNames() {
        let text = "Herr Dr. Kai-Uwe Sommer hat das Gerät ausgesucht. Seit dem Sommer läuft es unruhig."
        let (subject, body) = Self.redacted(subject: "Rückruf an Kai-Uwe Sommer", text: text)
        #expect(subject == "Rückruf an [name]")
        #expect(body == "Herr Dr. [name] hat das Gerät ausgesucht. Seit dem Sommer läuft es unruhig.")
    }

    @Test("postcodes after their cue, customer numbers with a letter prefix", arguments: [
        ("Liefern Sie auch in die Postleitzahl 80331?", "Liefern Sie auch in die Postleitzahl [address]?"),
        ("PLZ: 5020", "PLZ: [address]"),
        ("Kommt Ihr Techniker auch in den PLZ-Bereich 24103?", "Kommt Ihr Techniker auch in den PLZ-Bereich [address]?"),
        ("Do your engineers cover the area around 62741?", "Do your engineers cover the area around [address]?"),
        ("Kundennr.: KD 711057.", "Kundennr.: [customer-number]."),
        ("Vertragskonto V2019-2318, falls das hilft.", "Vertragskonto [customer-number], falls das hilft."),
    ])
    func cued(text: String, expected: String) {
        #expect(Redactor.redact(text, known: PersonalData()).text == expected)
    }

    @Test("a known name written as a word at a sentence's end stays; in a link it goes")
    func sentenceEnd() {
        let known = PersonalData(name: "Paula Klein")
        #expect(Redactor.redact("Die Schrift ist viel zu klein.", known: known).text == "Die Schrift ist viel zu klein.")
        #expect(Redactor.redact("https://example.net/in/paula-klein-4711", known: known).text.contains("klein") == false)
    }

    @Test("a postscript's paragraph is kept, the signature below it is not")
    func postscriptAboveSignature() {
        let text = "Das Gerät startet nicht.\n\nFreundliche Grüße\n\nP.S.: Das Kabel habe ich nachgekauft.\n\nPaula Klein\nObjektverwalterin\nTelefon: 030 2634701"
        #expect(Redactor.redact(text, known: PersonalData()).text == "Das Gerät startet nicht.\n\nFreundliche Grüße\n\nP.S.: Das Kabel habe ich nachgekauft.")
    }
}
