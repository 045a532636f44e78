import Testing
@testable import Privacy

/// Personal data in the shapes people write it in mails: disguised addresses, wrapped numbers,
/// streets known only by the postcode after them.
@Suite("Shapes of personal data in free text")
struct ShapeFinderTests {
    static func redacted(_ text: String) -> String { Redactor.redact(text, known: PersonalData()).text }

    @Test("disguised e-mail addresses", arguments: [
        ("Schreiben Sie an jtest7(at)post.example bitte.", "Schreiben Sie an [email] bitte."),
        ("Mail: paula.test [at] web.example", "Mail: [email]"),
        ("reach me at jtest7 @ inbox.example.", "reach me at [email]."),
        ("address: jtest7 at mail dot example", "address: [email]"),
        ("x(at)y(dot)de", "[email]"),
    ])
    func disguisedAddresses(text: String, expected: String) {
        #expect(Self.redacted(text) == expected)
    }

    @Test("sentences with \"at\" stay", arguments: [
        "Please look at the display at 10 am.",
        "I paid at checkout.example and nothing happened.",
        "Wir treffen uns @ home.",
    ])
    func atInSentences(text: String) {
        #expect(Self.redacted(text) == text)
    }

    @Test("phone numbers wrapped at a line end, and British numbers", arguments: [
        ("Call +1 608\n555 0186 today", "Call [phone] today"),
        ("Mobil 07700\n900763.", "Mobil [phone]."),
        ("Tel. (0117) 496 0029", "Tel. [phone]"),
        ("Ring 0117-496-0420 please", "Ring [phone] please"),
        ("or 0131\u{A0}496\u{A0}0508", "or [phone]"),
    ])
    func wrappedAndBritish(text: String, expected: String) {
        #expect(Self.redacted(text) == expected)
    }

    @Test("numbers on consecutive lines are not one number, a serial keeps its shape", arguments: [
        "Menge: 12\n\n3456 Stück sind bestellt.",
        "Die Teilenummer ist 012-513-2504.",
    ])
    func notWrappedNumbers(text: String) {
        #expect(Self.redacted(text) == text)
    }

    @Test("a cue and its value wrapped apart", arguments: [
        ("Karte gültig bis\n7/31, danke", "Karte gültig bis\n[card], danke"),
        ("born on\nOctober 6, 1989.", "born on\n[birth-date]."),
        ("Membership no. K-792083", "Membership no. [customer-number]"),
    ])
    func wrappedCues(text: String, expected: String) {
        #expect(Self.redacted(text) == expected)
    }

    @Test("a street known by the postcode line after it", arguments: [
        ("Abholung bei mir: Im Winkel 24, 50667 Köln.", "Abholung bei mir: [address], [address]."),
        ("An der Alten Mühle 122\n24103 Kiel", "[address]\n[address]"),
        ("Wiesengrund 100 | 60311 Frankfurt am Main", "[address] | [address] am Main"),
        ("Please send it to 41 Meadow View, Leeds LS6 5RL.", "Please send it to [address], Leeds [address]."),
    ])
    func streetBeforePostcode(text: String, expected: String) {
        #expect(Self.redacted(text) == expected)
    }

    @Test("a model number before a comma without a postcode after it stays")
    func modelBeforeComma() {
        let text = "Das Modell Vario 300, das ich gekauft habe, ist defekt."
        #expect(Self.redacted(text) == text)
    }
}
