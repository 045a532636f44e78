import Privacy
import Testing
import Tickets

@Suite("Recognising data-subject requests in mail")
struct SubjectRequestRecognizerTests {
    let recognizer = SubjectRequestRecognizer()

    func kinds(_ subject: String, _ body: String = "") -> [SubjectRequestKind] {
        recognizer.recognize(subject: subject, body: body).kinds
    }

    @Test("kinds have stable names that round-trip, and a fixed order")
    func stableNames() {
        #expect(SubjectRequestKind.allCases.map(\.rawValue) == [
            "access", "rectification", "erasure", "restriction", "objection", "withdrawal_processing", "withdrawal_marketing",
        ])
        for kind in SubjectRequestKind.allCases { #expect(SubjectRequestKind(rawValue: kind.rawValue) == kind) }
        #expect(SubjectRequestKind(rawValue: "withdrawal") == nil)
        #expect(SubjectRequestKind.erasure.article == "Art. 17")
        #expect(SubjectRequestKind.withdrawal(.marketing).article == "Art. 7(3)")
    }

    @Test("German phrasings", arguments: [
        ("Auskunftsersuchen", "", SubjectRequestKind.access),
        ("Frage", "Bitte erteilen Sie mir Auskunft nach Art. 15 DSGVO.", .access),
        ("Frage", "Welche Daten haben Sie über mich gespeichert?", .access),
        ("Datenauskunft", "", .access),
        ("Hallo", "Ich hätte gerne eine Kopie meiner Daten.", .access),
        ("Löschung", "", .erasure),
        ("Hallo", "Löschen Sie bitte alles.", .erasure),
        ("Hallo", "Ich mache mein Recht auf Vergessenwerden geltend.", .erasure),
        ("LOESCHUNG MEINER DATEN", "", .erasure),
        ("Berichtigung", "Meine Anschrift ist falsch.", .rectification),
        ("Hallo", "Ich verlange die Einschränkung der Verarbeitung meiner Daten.", .restriction),
        ("Hallo", "Ich widerspreche der Verarbeitung meiner Daten.", .objection),
        ("Hallo", "Hiermit widerrufe ich meine Einwilligung.", .withdrawal(.processing)),
        ("Widerruf", "Ich widerrufe meine Einwilligung in den Newsletter.", .withdrawal(.marketing)),
        ("Werbung", "Ich widerspreche der Zusendung von Werbung.", .withdrawal(.marketing)),
        ("Hallo", "Bitte den Newsletter abbestellen.", .withdrawal(.marketing)),
    ])
    func german(subject: String, body: String, expected: SubjectRequestKind) {
        #expect(kinds(subject, body) == [expected])
    }

    @Test("English phrasings", arguments: [
        ("Subject access request", "", SubjectRequestKind.access),
        ("Hello", "I would like access to my data.", .access),
        ("Hello", "Please send me a copy of my data.", .access),
        ("Hello", "Please delete my data.", .erasure),
        ("Hello", "Erase everything you have on me.", .erasure),
        ("Right to be forgotten", "", .erasure),
        ("Hello", "Please rectify my phone number.", .rectification),
        ("Hello", "Please correct my surname.", .rectification),
        ("Hello", "I ask you to restrict processing until this is settled.", .restriction),
        ("Hello", "I object to the processing of my data.", .objection),
        ("Hello", "I withdraw my consent.", .withdrawal(.processing)),
        ("Unsubscribe", "", .withdrawal(.marketing)),
        ("Hello", "I withdraw my consent to your newsletter.", .withdrawal(.marketing)),
    ])
    func english(subject: String, body: String, expected: SubjectRequestKind) {
        #expect(kinds(subject, body) == [expected])
    }

    @Test("a mail may ask for several rights; each is reported once, in article order")
    func several() {
        let body = "Bitte löschen Sie meine Daten. Vorher möchte ich Auskunft über die gespeicherten Daten. Löschung bitte bestätigen."
        #expect(kinds("Anliegen", body) == [.access, .erasure])
    }

    @Test("an ordinary support question is no request")
    func noRequest() {
        #expect(kinds("Fernseher defekt", "Mein Fernseher geht nicht an. Können Sie mir Auskunft über den Lieferstatus geben?").isEmpty)
        #expect(kinds("Eraser broken", "The eraser I bought is broken.").isEmpty)
        #expect(kinds("Widerruf Bestellung 4711", "Ich widerrufe den Kaufvertrag.").isEmpty)
        #expect(kinds("Rechnung", "Widerspruch gegen die Mahnung vom 3. Mai.").isEmpty)
        #expect(kinds("Newsletter", "Ihr Newsletter gefällt mir sehr.").isEmpty)
        #expect(kinds("", "").isEmpty)
    }

    @Test("negations: what is handled", arguments: [
        "Bitte nicht löschen, ich brauche das Konto noch.",
        "Bitte löschen Sie meine Daten nicht.",
        "Ich möchte nicht, dass Sie meine Daten löschen.",
        "Please do not delete my data.",
        "Please don't delete my account.",
        "Ich will keine Löschung.",
        "Please never erase my data.",
    ])
    func negated(body: String) {
        #expect(kinds("Konto", body).isEmpty)
    }

    @Test("'not only' and 'no longer' do not negate, and a negated object does not negate the request")
    func notNegated() {
        #expect(kinds("Hallo", "Ich möchte nicht nur Auskunft über meine Daten, sondern auch ihre Löschung.") == [.access, .erasure])
        #expect(kinds("Hallo", "Ich möchte keine Werbung, bitte widerrufen Sie meine Einwilligung.") == [.withdrawal(.marketing)])
        #expect(kinds("Hallo", "Ich will keine Werbung mehr.") == [.withdrawal(.marketing)])
    }

    @Test("an explicit line wins over keywords, in German and English, in body or subject")
    func explicitLine() {
        let german = recognizer.recognize(subject: "Frage", body: "Anfrage: Auskunft\n\nBitte löschen Sie danach nichts.")
        #expect(german.kinds == [.access] && german.isExplicit)
        let english = recognizer.recognize(subject: "Hello", body: "Request: erasure\nI also want a copy of my data some day.")
        #expect(english.kinds == [.erasure] && english.isExplicit && english.saysMore, "the other sentence is not a request: it says more")
        #expect(kinds("AW: Anfrage: Löschung", "Welche Daten haben Sie über mich gespeichert?") == [.erasure])
        #expect(kinds("Hallo", "Antrag: Auskunft, Berichtigung") == [.access, .rectification])
        #expect(kinds("Hallo", "Anfrage: Widerruf Newsletter") == [.withdrawal(.marketing)])
        #expect(kinds("Hallo", "Anfrage: Widerruf") == [.withdrawal(.processing)])
        // A label line naming no known request is no explicit line: keywords still count.
        let unknown = recognizer.recognize(subject: "Hallo", body: "Anfrage: Lieferzeit\nBitte löschen Sie meine Daten.")
        #expect(unknown == SubjectRequestRecognition(kinds: [.erasure], isExplicit: false))
    }

    @Test("quoted history and signature are not read")
    func quotedHistory() {
        let reply = """
        Danke, das hat sich erledigt.

        Am 3. Mai 2025 um 10:12 schrieb Support <support@example.com>:
        > Sie können jederzeit die Löschung Ihrer Daten verlangen.
        > Anfrage: Auskunft
        """
        #expect(kinds("Re: Ihre Anfrage", reply).isEmpty)
        let english = "Thanks!\n\nOn Tue, 6 May 2025, Support wrote:\nPlease tell us if we should delete your data.\n"
        #expect(kinds("Re: Ticket", english).isEmpty)
        #expect(kinds("Re: Ticket", "Thanks!\n> Request: erasure\n").isEmpty)
        #expect(kinds("Hallo", "Danke.\n-- \nErika Beispiel\nDatenschutz: Auskunft unter dsgvo@example.org").isEmpty)
    }

    @Test("case, umlaut and ß spellings do not matter")
    func folding() {
        #expect(kinds("LÖSCHUNG") == [.erasure])
        #expect(kinds("Loeschung") == [.erasure])
        #expect(kinds("Hallo", "EINSCHRAENKUNG DER VERARBEITUNG bitte") == [.restriction])
        // A decomposed umlaut (o + U+0308) is the same letter.
        #expect(kinds("Lo\u{0308}schung") == [.erasure])
    }

    @Test("a configuration can extend the vocabulary")
    func extended() {
        var vocabulary = SubjectRequestVocabulary.standard
        vocabulary.rules.append(.init(kind: .erasure, phrases: ["vergiss mich"]))
        let custom = SubjectRequestRecognizer(vocabulary: vocabulary)
        #expect(custom.recognize(subject: "Bitte", body: "Vergiss mich!").kinds == [.erasure])
        #expect(recognizer.recognize(subject: "Bitte", body: "Vergiss mich!").kinds.isEmpty)
    }
}

/// Whether a request mail is also a support question (then it becomes a ticket too).
@Suite("A request that says more than the request")
struct SubjectRequestSaysMoreTests {
    let recognizer = SubjectRequestRecognizer()

    @Test("a mail that is nothing but its request, with greeting and name, says no more", arguments: [
        "Guten Tag,\n\nbitte löschen Sie alle meine Daten.\n\nMit freundlichen Grüßen\nJörg Testmann",
        "Hello,\n\nplease send me a copy of all personal data you hold about me.\n\nKind regards,\nIlse",
        "Anfrage: Auskunft\n\nDanke!\nErika Beispiel",
        "Welche Daten haben Sie über mich gespeichert?",
    ])
    func onlyTheRequest(body: String) {
        let result = recognizer.recognize(subject: "Datenschutz", body: body)
        #expect(!result.kinds.isEmpty)
        #expect(!result.saysMore, "\(result)")
    }

    @Test("a request beside a support question says more", arguments: [
        "Die Fernbedienung reagiert seit gestern nicht mehr auf Tasten. Und bitte löschen Sie danach meine Daten.",
        "Anfrage: Auskunft\n\nAußerdem startet mein Fernseher seit dem Update immer wieder neu.",
        "Please delete my data. Also, how do I reset the remote control to factory settings?",
    ])
    func requestAndQuestion(body: String) {
        let result = recognizer.recognize(subject: "Frage", body: body)
        #expect(!result.kinds.isEmpty)
        #expect(result.saysMore, "\(result)")
    }

    @Test("no request, nothing to say about it")
    func noRequest() {
        #expect(!recognizer.recognize(subject: "Fernbedienung", body: "Die Fernbedienung reagiert nicht mehr. Was kann ich tun?").saysMore)
    }
}
