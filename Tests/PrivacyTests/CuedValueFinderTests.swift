import Testing
@testable import Privacy

/// Birth dates and customer numbers are personal only by the words before them; the same shapes
/// elsewhere (a purchase date, an order or serial number) are facts a department needs.
@Suite("Values known by their cue")
struct CuedValueFinderTests {
    static func found(_ text: String, _ finder: (String) -> [Range<String.Index>]) -> [String] {
        finder(text).map { String(text[$0]) }
    }

    @Test("birth dates after their cue, in every common spelling", arguments: [
        ("Erika Beispiel, geb. 12.09.74, wohnhaft in Musterstadt", "12.09.74"),
        ("geboren am 3. Mai 1981 in Köln", "3. Mai 1981"),
        ("Geburtsdatum: 1981-05-03", "1981-05-03"),
        ("GEBURTSDATUM 03.05.1981.", "03.05.1981"),
        ("I was born 14 July 1979 and", "14 July 1979"),
        ("DOB: 07/14/1979", "07/14/1979"),
        ("Date of birth: July 14, 1979.", "July 14, 1979"),
        ("geb.\u{00A0}1.2.1990", "1.2.1990"),
        ("Geburtsdatum – 14. März 1979", "14. März 1979"),
    ])
    func birthDates(text: String, expected: String) {
        #expect(Self.found(text, CuedValueFinder.birthDates) == [expected])
    }

    @Test("dates without a birth cue, and cues without a date, stay", arguments: [
        "am 03.02.2025 gekauft, seit dem 12. März defekt",
        "Lieferung 03/02/2025, Rechnung vom 2024-11-05",
        "Der Kunde ist geboren und aufgewachsen in Berlin.",
        "born in 1979",
        "Meine geborene Schwester",
        "Die Geburtsdatumsangabe fehlt.",
        "geb. 2025-13-40",
    ])
    func noBirthDates(text: String) {
        #expect(Self.found(text, CuedValueFinder.birthDates).isEmpty)
    }

    @Test("customer, contract and account numbers after their cue", arguments: [
        ("Kd.-Nr. K-251010, Rechnung folgt", "K-251010"),
        ("meine Kundennummer lautet 4711-0815.", "4711-0815"),
        ("Vertragsnummer: V2024-5531", "V2024-5531"),
        ("customer no. C-88213 (see invoice)", "C-88213"),
        ("My account number is 5531 2210, thanks", "5531 2210"),
        ("Kunden Nr. 0815447", "0815447"),
        ("KUNDENNUMMER:\u{00A0}A/123/456", "A/123/456"),
    ])
    func references(text: String, expected: String) {
        #expect(Self.found(text, CuedValueFinder.referenceNumbers) == [expected])
    }

    @Test("order, serial and invoice numbers are facts, and a cue needs a number", arguments: [
        "Bestellung 2025-ORD-55, Seriennummer 2307AB1945, Rechnung R-2024-117",
        "Order #88213 arrived, serial SN 4C1A-22B9-7781",
        "Die Kundennummer finde ich nicht.",
        "customer number: unknown",
        "Kundennummern werden neu vergeben",
    ])
    func noReferences(text: String) {
        #expect(Self.found(text, CuedValueFinder.referenceNumbers).isEmpty)
    }

    @Test("the redactor replaces only the value and keeps the cue")
    func inRedaction() {
        let result = Redactor.redact("Kd.-Nr. K-251010, geb. 12.09.74, gekauft am 03.02.2025", known: PersonalData())
        #expect(result.text == "Kd.-Nr. [customer-number], geb. [birth-date], gekauft am 03.02.2025")
        #expect(result.replaced == [.customerNumber, .birthDate])
    }
}
