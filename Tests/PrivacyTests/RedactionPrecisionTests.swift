import Testing
@testable import Privacy

/// What must survive a pseudonymized copy although it looks like personal data, and the shapes of
/// personal data that only a closer look finds.
@Suite("Redaction keeps facts and finds what looks ordinary")
struct RedactionPrecisionTests {
    static func redacted(_ text: String) -> String { Redactor.redact(text, known: PersonalData()).text }

    @Test("facts that look like phone numbers, cards or streets stay", arguments: [
        "Gekauft am 09/11/2025, geliefert am 2024-11-05.",
        "Die Teilenummer des defekten Moduls ist 0549 694 602.",
        "The second sticker says SN 350-278-1775.",
        "The box shows batch number 061/14 53 48.",
        "Auf dem Aufkleber: 012-513-2504",
        "Für die Reparatur: IMEI 01-017355-002461-9.",
        "According to the invoice its IMEI is 018476789252600.",
        "Der Dichtungsring 40 ist porös, Ring 2 der Trommel klemmt.",
        "Der Klemmring 14 fehlt.",
        "Nach 20000 Stunden fiel die Lampe aus.",
        "Der Lieferschein ist auf den 06/08/2024 datiert.",
        "Spare part 0562-8121-49 does not fit",
        "Ersatzteil 0525 400 405 passt nicht",
        "Die Vorgangsnummer ist VG-39021. Über den Winter stand es im Keller.",
        "Das Gerät steht auf dem Unterschrank Lindenallee 2 aus Ihrem Sortiment.",
        "Operations Director Meadowlark Consulting Ltd",
    ])
    func factsStay(text: String) {
        #expect(Self.redacted(text) == text)
    }

    @Test("personal values in spellings the patterns did not know", arguments: [
        ("Her mobile: 217.555.0168.", "Her mobile: [phone]."),
        ("Call me at (212) 555-0146 or 212-555-0146.", "Call me at [phone] or [phone]."),
        ("Tel. +49.30.263470", "Tel. [phone]"),
        ("Karte 4111 1111 1111 1111, gültig bis 09/27, Prüfziffer 123", "Karte [card], gültig bis [card], Prüfziffer [card]"),
        ("card 5555 5555 5555 4444 exp. 11/2026 CVC: 4821", "card [card] exp. [card] CVC: [card]"),
        ("Zweitwohnsitz: Kaiserring 5, 68161 Mannheim", "Zweitwohnsitz: [address], [address]"),
        ("SN steht auf dem Gerät, Tel. 030 2634701", "SN steht auf dem Gerät, Tel. [phone]"),
    ])
    func found(text: String, expected: String) {
        #expect(Self.redacted(text) == expected)
    }

    @Test("a sentence that starts like a reply header does not cut the mail")
    func replyHeaderLookalikes() {
        let text = "Am Montag schrieb ich Ihnen bereits:\ndas Gerät E-4021 startet nicht.\n\nOn Monday I wrote to you:\nstill broken."
        #expect(Self.redacted(text) == text)
        let dated = "On 24 November I already wrote:\nThe display shows E-3174.\n\nAm 3. März 2026 hatte ich Ihnen schon geschrieben, ich schrieb:\nF35."
        #expect(Self.redacted(dated) == dated)
        let quoted = "Danke.\n\nAm 12.03.2026 um 10:15 schrieb Support <support@example.com>:\n> Ihre Anfrage"
        #expect(Self.redacted(quoted) == "Danke.")
    }

    @Test("\"From:\" opens a quoted mail only with an address or the header's other fields")
    func fromLines() {
        let sentence = "From: my end, everything is plugged in correctly.\nThe soundbar still switches inputs."
        #expect(Self.redacted(sentence) == sentence)
        let outlook = "Thanks.\n\nFrom: Support Team\nSent: Monday, 12 March 2026 10:15\nTo: Customer\nSubject: Your ticket\n\nDear customer"
        #expect(Self.redacted(outlook) == "Thanks.")
        let german = "Danke.\n\nVon: Kundenservice <support@example.com>\nIhre Anfrage"
        #expect(Self.redacted(german) == "Danke.")
    }

    @Test("a closing on a line of its own ends the text above a long signature and disclaimer")
    func closingAboveLongSignature() {
        let disclaimer = Array(repeating: "Diese Nachricht ist vertraulich.", count: 12).joined(separator: "\n")
        let text = "Das Gerät startet nicht.\nMfG\nJonas Beispielmann\n-- \nJonas Beispielmann\nTeamleiter\n" + disclaimer
        let result = Redactor.redact(text, known: PersonalData())
        #expect(result.text == "Das Gerät startet nicht.\nMfG")
        #expect(result.cutQuotedOrSignature)
        // Inside a longer line, a closing formula is ordinary text.
        let inline = "Viele Grüße an Ihr Team, das Gerät läuft wieder bis auf E-17.\n" + disclaimer
        #expect(Self.redacted(inline) == inline)
    }
}

@Suite("The customer's name where the mail spells it otherwise")
struct KnownNameFormsTests {
    @Test("the words of the address's local part name the person, written with a capital", arguments: [
        ("kirsty_gruenewald@example.net", "Kirsty", "[name]"),
        ("kirsty_gruenewald@example.net", "Danke, Grünewald", "Danke, [name]"),
        ("karin_doerfler@example.org", "K. Dörfler hat angerufen.", "K. [name] hat angerufen."),
        ("m.whitaker@example.com", "Regards, M. Whitaker", "Regards, M. [name]"),
    ])
    func localPartWords(email: String, text: String, expected: String) {
        #expect(Redactor.redact(text, known: PersonalData(email: email)).text == expected)
    }

    @Test("a local part's words in lower case, and generic local parts, stay")
    func localPartLookalikes() {
        let known = PersonalData(email: "rose.black@example.net")
        #expect(Redactor.redact("The screen goes black, the rose icon blinks.", known: known).text
            == "The screen goes black, the rose icon blinks.")
        let generic = PersonalData(email: "service.team@example.net")
        #expect(Redactor.redact("Unser Service hat das Team informiert.", known: generic).text
            == "Unser Service hat das Team informiert.")
    }

    @Test("a soft hyphen inside the known name (from HTML) splits nothing")
    func softHyphenInKnownName() {
        let known = PersonalData(name: "Sarah Col\u{AD}lins")
        #expect(Redactor.redact("Thanks, Collins", known: known).text == "Thanks, [name]")
    }
}

@Suite("A postscript after the signature")
struct PostscriptTests {
    @Test("is kept and redacted like the rest; the signature between is cut")
    func kept() {
        let text = "Das Gerät startet nicht.\n\nViele Grüße\nErika\nTel. 030 2634701\n\nP.S. Die Seriennummer ist 2307AB1945, Tel. 0171 2345678.\n\n-- \nSent from my phone"
        let result = Redactor.redact(text, known: PersonalData())
        #expect(result.text == "Das Gerät startet nicht.\n\nViele Grüße\n\nP.S. Die Seriennummer ist 2307AB1945, Tel. [phone].")
        #expect(result.cutQuotedOrSignature)
    }
}
