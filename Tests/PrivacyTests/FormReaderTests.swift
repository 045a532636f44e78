import Privacy
import Testing

@Suite("Contact forms")
struct FormReaderTests {
    static let website = FormProfile(
        name: "website-contact", matchTo: ["support@example.com"], matchSubjectPrefix: ["Kontaktformular", "Contact form"],
        matchHeader: [], format: .labels, versionLabel: "Formular-Version",
        labels: [.name: ["Name", "Your name"], .email: ["E-Mail", "Email"], .phone: ["Telefon", "Phone"],
                 .address: ["Anschrift", "Address"], .message: ["Nachricht", "Message"]],
        consent: [.processing: ["Einwilligung Datenverarbeitung", "Consent to processing"],
                  .marketing: ["Einwilligung Produktempfehlungen", "Product recommendations"]],
        missingProcessingConsent: .quarantine
    )
    static let app = FormProfile(
        name: "app", matchTo: [], matchSubjectPrefix: [], matchHeader: [.init(name: "X-Form", value: "app-support")],
        format: .json, versionLabel: "version",
        labels: [.name: ["fields.fullName"], .email: ["fields.mail"], .message: ["fields.text"]],
        consent: [.processing: ["consents.processing"], .marketing: ["consents.marketing"]],
        missingProcessingConsent: .restrict
    )

    @Test("the first profile whose every matcher matches wins")
    func matching() {
        let form = FormEnvelope(recipients: ["support@example.com"], subject: "Kontaktformular: Anfrage", headers: [])
        #expect(FormReader.profile(for: form, in: [Self.website, Self.app])?.name == "website-contact")
        let wrongSubject = FormEnvelope(recipients: ["support@example.com"], subject: "Re: Ihre Bestellung", headers: [])
        #expect(FormReader.profile(for: wrongSubject, in: [Self.website, Self.app]) == nil)
        let wrongRecipient = FormEnvelope(recipients: ["sales@example.com"], subject: "Kontaktformular", headers: [])
        #expect(FormReader.profile(for: wrongRecipient, in: [Self.website]) == nil)
        let app = FormEnvelope(recipients: [], subject: "x", headers: [(name: "x-form", value: " App-Support ")])
        #expect(FormReader.profile(for: app, in: [Self.website, Self.app])?.name == "app")
    }

    static let formText = """
        Name: Erika Beispiel
        E-Mail: erika.beispiel@example.org
        Telefon: +49 30 5550 1234
        Nachricht: Mein Fernseher findet das WLAN nicht.

        Ich habe den Router schon neu gestartet.
        Einwilligung Datenverarbeitung: ja
        Einwilligung Produktempfehlungen: nein
        Formular-Version: 2.3
        """

    @Test("labels: fields, a multi-line message up to the next label, consents and version")
    func labels() {
        let submission = FormReader.read(Self.formText, with: Self.website)
        #expect(submission.fields[.name] == "Erika Beispiel")
        #expect(submission.fields[.email] == "erika.beispiel@example.org")
        #expect(submission.fields[.phone] == "+49 30 5550 1234")
        #expect(submission.fields[.message] == "Mein Fernseher findet das WLAN nicht.\n\nIch habe den Router schon neu gestartet.")
        #expect(submission.consents == [.processing: .granted, .marketing: .refused])
        #expect(submission.version == "2.3")
        #expect(submission.hasProcessingConsent)
    }

    @Test("labels after HTML-to-text: value on the next line, table rows, checkbox marks")
    func htmlShapes() {
        let text = """
        Your name
        Brian Example

        Email
        brian@example.net
        Message: The remote does not pair.
        [x] Consent to processing
        [ ] Product recommendations
        """
        let submission = FormReader.read(text, with: Self.website)
        #expect(submission.fields[.name] == "Brian Example")
        #expect(submission.fields[.email] == "brian@example.net")
        #expect(submission.fields[.message] == "The remote does not pair.")
        #expect(submission.consents == [.processing: .granted, .marketing: .refused])
    }

    @Test("a label word inside prose is not a label; a longer word starting with a label is not either")
    func prose() {
        let text = "Nachricht: Hallo\nName meines Hundes ist egal\nNamenszusatz: Dr."
        let submission = FormReader.read(text, with: Self.website)
        #expect(submission.fields[.name] == nil)
        #expect(submission.fields[.message] == "Hallo\nName meines Hundes ist egal\nNamenszusatz: Dr.")
    }

    @Test("spaced labels (powermail's text part): a row after a row's end, never inside the message")
    func spacedLabels() {
        var profile = Self.website
        profile.spacedLabels = true
        // Each row ends in a space; the message's inner lines do not, so "Telefon …" stays in it.
        let text = "Vielen Dank\nName Erika Beispiel \nTelefon  \nNachricht Hallo,\nTelefon geht nicht.\nBitte zurückrufen. \n"
            + "Einwilligung Datenverarbeitung  \nE-Mail erika.beispiel@example.org"
        let submission = FormReader.read(text, with: profile)
        #expect(submission.fields[.name] == "Erika Beispiel")
        #expect(submission.fields[.phone] == nil)
        #expect(submission.fields[.message] == "Hallo,\nTelefon geht nicht.\nBitte zurückrufen.")
        #expect(submission.fields[.email] == "erika.beispiel@example.org")
        // An empty row has an empty value; it does not take the next row as its value.
        #expect(submission.consents[.processing] == .unreadable)
        // Without the setting, "Label value" is prose, as before.
        let plain = FormReader.read(text, with: Self.website)
        #expect(plain.fields[.name] == nil && plain.fields[.message] == nil)
    }

    @Test("a consent's own checkbox text below its label is its value; not when a value follows it")
    func ownTextBelowLabel() {
        var profile = Self.website
        profile.consent[.processing] = ["Einwilligung", "Ich stimme der Verarbeitung zu."]
        #expect(FormReader.read("Einwilligung\nIch stimme der Verarbeitung zu.\nName: Erika", with: profile).consents[.processing] == .granted)
        #expect(FormReader.read("Einwilligung\nIch stimme der Verarbeitung zu.", with: profile).consents[.processing] == .granted)
        // Two rows of the same purpose, the second with its own answer: the first has no value.
        let two = FormReader.read("Einwilligung\nIch stimme der Verarbeitung zu.\nnein", with: profile)
        #expect(two.consents[.processing] == .unreadable)
        // Another field's label below is never a value.
        #expect(FormReader.read("Einwilligung\nName: Erika", with: profile).consents[.processing] == .unreadable)
    }

    @Test("Contact Form 7's From line gives name and address, with or without angle brackets")
    func fromLine() {
        for text in ["Name: Erika Beispiel <erika@example.org>", "Name: Erika Beispiel erika@example.org"] {
            let submission = FormReader.read(text, with: Self.website)
            #expect(submission.fields[.name] == "Erika Beispiel", "\(text)")
            #expect(submission.fields[.email] == "erika@example.org", "\(text)")
        }
        let own = FormReader.read("Name: Erika Beispiel erika@example.org\nE-Mail: e.b@example.net", with: Self.website)
        #expect(own.fields[.name] == "Erika Beispiel" && own.fields[.email] == "e.b@example.net")
        #expect(FormReader.read("Name: Erika Beispiel", with: Self.website).fields[.name] == "Erika Beispiel")
    }

    @Test("a missing or unreadable processing consent is not consent")
    func missingConsent() {
        let missing = FormReader.read("Name: Jörg Testmann\nNachricht: Hallo", with: Self.website)
        #expect(missing.consents[.processing] == nil)
        #expect(!missing.hasProcessingConsent)
        let unreadable = FormReader.read("Name: Jörg Testmann\nEinwilligung Datenverarbeitung: vielleicht", with: Self.website)
        #expect(unreadable.consents[.processing] == .unreadable)
        #expect(!unreadable.hasProcessingConsent)
    }

    @Test("JSON: dotted paths, booleans, versions; a broken body is a problem, not a crash")
    func json() {
        let body = #"{"version": "5.1.0", "fields": {"fullName": "Aylin Musterfrau", "mail": "aylin@example.net", "text": "App stürzt ab"}, "consents": {"processing": true, "marketing": false}}"#
        let submission = FormReader.read(body, with: Self.app)
        #expect(submission.fields == [.name: "Aylin Musterfrau", .email: "aylin@example.net", .message: "App stürzt ab"])
        #expect(submission.consents == [.processing: .granted, .marketing: .refused])
        #expect(submission.version == "5.1.0")
        let broken = FormReader.read("{not json", with: Self.app)
        #expect(broken.problems == ["the body is not a JSON object"])
        #expect(!broken.hasProcessingConsent)
        let stringConsent = FormReader.read(#"{"consents": {"processing": "ja"}}"#, with: Self.app)
        #expect(stringConsent.consents[.processing] == .granted)
    }
}

@Suite("Consent values")
struct ConsentReadingTests {
    @Test("given", arguments: ["ja", "Ja", "JA.", "yes", "Y", "true", "1", "on", "x", "X", "[x]", "☑", "✓", "checked", "einverstanden", "Ich stimme zu", "zugestimmt"])
    func granted(value: String) { #expect(ConsentReading(value: value) == .granted) }

    @Test("refused", arguments: ["nein", "No", "false", "0", "off", "[ ]", "☐", "unchecked", "nicht angekreuzt", "abgelehnt"])
    func refused(value: String) { #expect(ConsentReading(value: value) == .refused) }

    @Test("anything else is unreadable, never guessed", arguments: ["vielleicht", "maybe", "", "2", "ja nein", "yes please contact me later"])
    func unreadable(value: String) { #expect(ConsentReading(value: value) == .unreadable) }
}
