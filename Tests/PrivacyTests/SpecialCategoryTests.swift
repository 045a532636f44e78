import Privacy
import Testing

@Suite("Special categories")
struct SpecialCategoryTests {
    @Test("found in German and English, inflected and in compounds", arguments: [
        ("Ich trage ein Hörgerät und höre den Ton schlecht.", SpecialCategory.health),
        ("Die Hörgeräteakkus sind leer.", .health),
        ("Meine Tochter ist Diabetikerin.", .health),
        ("Ich bin schwerbehindert (GdB 50).", .health),
        ("I use a hearing aid, please send subtitles.", .health),
        ("Bitte nicht am Sabbat liefern.", .religion),
        ("Lieferung bitte nach dem Ramadan.", .religion),
        ("Als Gewerkschaftsmitglied bekomme ich Rabatt?", .tradeUnion),
        ("I am a trade union member.", .tradeUnion),
        ("Ich bin Parteimitglied und brauche eine Rechnung.", .political),
        ("Der Fingerabdrucksensor erkennt mich nicht mehr.", .biometric),
        ("Ergebnis meines Gentests", .genetic),
    ])
    func found(text: String, category: SpecialCategory) {
        #expect(SpecialCategoryDetector.categories(in: text).contains(category))
    }

    @Test("ordinary support text is not flagged", arguments: [
        "Mein Fernseher findet das WLAN nicht. Ich habe den Router neu gestartet.",
        "Die Vertragsparteien haben sich geeinigt; Christian hat gebeten, die Bestellung zu stornieren.",
        "Normal operation of the device resumed after a firmware update; diagnostics show no error.",
        "Ich habe das Paket genommen und die Rollos (blinds) montiert.",
    ])
    func notFlagged(text: String) {
        #expect(SpecialCategoryDetector.categories(in: text).isEmpty)
    }

    @Test("IBANs and card numbers are financial data when their check sums hold")
    func financial() {
        #expect(SpecialCategoryDetector.categories(in: "Bitte erstatten auf DE89 3704 0044 0532 0130 00, danke") == [.financial])
        #expect(SpecialCategoryDetector.categories(in: "Karte 4111 1111 1111 1111 wurde belastet") == [.financial])
        #expect(SpecialCategoryDetector.categories(in: "Bestellnummer DE89 3704 0044 0532 0130 01").isEmpty)
        #expect(SpecialCategoryDetector.categories(in: "Seriennummer 4111 1111 1111 1112").isEmpty)
    }
}

@Suite("IBAN and card checks")
struct BankNumberTests {
    @Test("mod-97 check and country lengths")
    func iban() {
        #expect(IBAN.isValid("DE89370400440532013000"))
        #expect(IBAN.isValid("GB82WEST12345698765432"))
        #expect(!IBAN.isValid("DE89370400440532013001"))
        #expect(!IBAN.isValid("DE8937040044053201300"))
        #expect(!IBAN.isValid("de89370400440532013000"))
    }

    @Test("found compact or grouped, not inside a word")
    func ibanRanges() {
        let text = "IBAN: DE89370400440532013000 oder GB82 WEST 1234 5698 7654 32."
        let found = IBAN.ranges(in: text).map { String(text[$0]) }
        #expect(found == ["DE89370400440532013000", "GB82 WEST 1234 5698 7654 32"])
        #expect(IBAN.ranges(in: "XDE89370400440532013000").isEmpty)
    }

    @Test("Luhn")
    func luhn() {
        #expect(PaymentCard.passesLuhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
        #expect(!PaymentCard.passesLuhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]))
        let text = "VISA 4111-1111-1111-1111 und Telefon 030 5550 1234"
        #expect(PaymentCard.ranges(in: text).map { String(text[$0]) } == ["4111-1111-1111-1111"])
    }
}
