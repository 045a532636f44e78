import Privacy
import Testing
import Tickets

@Suite("Corrected values from a rectification reply")
struct RectificationValuesTests {
    @Test("German and English labels, first value wins, quoted lines ignored")
    func labels() {
        let reply = """
        Guten Tag,

        bitte ändern Sie:
        Name: Erika Beispiel-Muster
        Telefon:  0301 5550 1234
        e-mail: erika.muster@example.org
        Name: nicht diese Zeile

        > Name: Alter Wert
        > Telefon: 000
        """
        let values = RectificationValues.parse(reply)
        #expect(values.values == [.name: "Erika Beispiel-Muster", .phone: "0301 5550 1234", .email: "erika.muster@example.org"])
        let english = RectificationValues.parse("Phone: +44 20 5550 0101\nAddress: 1 Example Lane, Sampletown\n")
        #expect(english.values == [.phone: "+44 20 5550 0101", .postalAddress: "1 Example Lane, Sampletown"])
    }

    @Test("an address may continue on the following lines until a blank line or label")
    func multiLineAddress() {
        let reply = "Anschrift: Beispielweg 3\n12345 Musterstadt\nTelefon: 0301 5550 9876\n"
        let values = RectificationValues.parse(reply)
        #expect(values.values == [.postalAddress: "Beispielweg 3, 12345 Musterstadt", .phone: "0301 5550 9876"])
        let below = RectificationValues.parse("Adresse:\nBeispielweg 3\n12345 Musterstadt\n\nDanke!")
        #expect(below.values == [.postalAddress: "Beispielweg 3, 12345 Musterstadt"])
    }

    @Test("quoted history, signatures, labels inside prose and empty values do not count")
    func ignored() {
        let reply = """
        Mein Name ist falsch geschrieben: bitte korrigieren.
        Telefon:
        Danke

        Am 2. Mai 2025 schrieb Support <support@example.com>:
        Name: Ihr neuer Name
        """
        #expect(RectificationValues.parse(reply).isEmpty)
        #expect(RectificationValues.parse("Danke\n-- \nName: Erika Beispiel\nPhone: 555").isEmpty)
        #expect(RectificationValues.parse("Namenszusatz: Dr.").isEmpty)
    }

    @Test("applied to personal data, only the named fields change")
    func applied() {
        let old = PersonalData(name: "Erika Beispiel", email: "erika@example.org", phone: "030 5550 1111")
        let values = RectificationValues(values: [.phone: "030 5550 2222"])
        #expect(values.applied(to: old) == PersonalData(name: "Erika Beispiel", email: "erika@example.org", phone: "030 5550 2222"))
    }
}
