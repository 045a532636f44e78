import Foundation
import MailFormat
import MailTransport
import Privacy
import TestSupport
import Testing

/// Made-up people for the leak test, with the spellings real forms produce.
struct LeakTestPerson {
    var first: String
    var last: String
    var email: String
    var phone: String
    var street: String
    var city: String
    var iban: String
    var customerNumber: String
    var birthDate: String

    var values: [String] {
        [first, last, "\(first) \(last)", email, phone, street, city, iban, iban.replacingOccurrences(of: " ", with: ""), customerNumber, birthDate]
    }

    static let firstNames = ["Jörg", "Özlem", "Björn", "Sören", "Aylin", "Mehmet", "Zoë", "Émilie", "Frauke", "Hartmut", "Ingeborg", "Wilhelmine", "Brianna", "Kalliope", "Ljubica", "Thorbjörn"]
    static let lastNames = ["Müllerschön", "Schröderberg", "Größmann", "Özdemirci", "Bäckerling", "Weißhaupt", "Krügerhoff", "Fitzgerald-Smythe", "Oberbrünner", "Kühnemund", "Väänänen", "Ærøskov"]
    static let streets = ["Lindenstraße", "Am Weiherhang", "Hauptstr.", "Kastanienallee", "Mühlenweg", "Rosenplatz"]
    static let cities = ["10115 Berlin", "80331 München", "50667 Köln", "20095 Hamburg", "01067 Dresden", "04109 Leipzig"]

    static func make(_ index: Int, using generator: inout some RandomNumberGenerator) -> LeakTestPerson {
        let first = firstNames[Int(generator.next() % UInt64(firstNames.count))]
        let last = lastNames[Int(generator.next() % UInt64(lastNames.count))]
        let digits = String(format: "%07d", 5_550_000 + index)
        let spellings = ["+49 30 \(digits.prefix(4)) \(digits.suffix(3))", "030/\(digits.prefix(4))-\(digits.suffix(3))",
                         "(030) \(digits)", "+49 (0)30 \(digits.prefix(4)) \(digits.suffix(3))", "0049 30 \(digits)"]
        let ascii = "\(first)\(last)".folding(options: .diacriticInsensitive, locale: nil).lowercased().filter { $0.isLetter }
        return LeakTestPerson(
            first: first, last: last, email: "\(ascii.prefix(12)).\(index)@example.org",
            phone: spellings[index % spellings.count],
            street: "\(streets[index % streets.count]) \(index % 90 + 1)\(index % 3 == 0 ? "a" : "")",
            city: cities[index % cities.count], iban: germanIBAN(index),
            customerNumber: "K-\(700_000 + index)", birthDate: "\(index % 28 + 1).\(index % 12 + 1).19\(50 + index % 45)"
        )
    }

    /// A checksum-valid made-up German IBAN, written in groups of four.
    static func germanIBAN(_ index: Int) -> String {
        let account = String(format: "5550%014d", index)   // 18 digits: bank code and account, made up
        var remainder = 0
        for character in account + "131400" {              // "DE00" moved to the end: D=13, E=14
            remainder = (remainder * 10 + Int(String(character))!) % 97
        }
        let compact = String(format: "DE%02d", 98 - remainder) + account
        return stride(from: 0, to: compact.count, by: 4).map { start in
            let from = compact.index(compact.startIndex, offsetBy: start)
            return String(compact[from..<compact.index(from, offsetBy: min(4, compact.count - start))])
        }.joined(separator: " ")
    }

    /// A mail carrying the person's data in the subject, in the free text and in the signature:
    /// a German or English contact form (fields too), or a plain mail from the person's own address.
    func mail(_ index: Int, german: Bool, plain: Bool = false) -> [UInt8] {
        let body: String
        if plain {
            body = """
            Guten Tag,

            mein Name ist \(first) \(last), Kundennummer \(customerNumber), geb. \(birthDate). Mein Fernseher VX55
            (Auftrag \(index)) startet ständig neu. Rufen Sie mich an: \(phone). Die Gutschrift bitte auf \(iban).

            Viele Grüße
            \(first) \(last)
            \(street)
            \(city)
            Tel. \(phone)
            """
        } else if german {
            body = """
            Name: \(first) \(last)
            E-Mail: \(email)
            Telefon: \(phone)
            Anschrift: \(street), \(city)
            Nachricht: Guten Tag, mein Fernseher VX55 (Auftrag \(index)) startet ständig neu.
            Sie erreichen mich unter \(phone) oder \(email); ich wohne in der \(street).
            Bitte erstatten Sie den Restbetrag auf \(iban). Kd.-Nr. \(customerNumber), geboren am \(birthDate).
            Mit freundlichen Grüßen
            \(first.uppercased()) \(last.uppercased())
            \(street)
            \(city)
            Einwilligung Datenverarbeitung: ja
            Einwilligung Produktempfehlungen: nein
            Formular-Version: 2.3
            """
        } else {
            body = """
            Your name: \(first) \(last)
            Email: \(email)
            Phone: \(phone)
            Address: \(street), \(city)
            Message: Hello, my soundbar (order \(index)) drops the Bluetooth connection.
            Please call \(phone) or write to \(email). Refund to \(iban), thanks, \(first).
            Customer no. \(customerNumber), date of birth \(birthDate).
            Kind regards
            \(first) \(last)
            Tel. \(phone)
            Consent to processing: yes
            Product recommendations: no
            Formular-Version: 2.3
            """
        }
        // RFC 2047 encoded words, as mail clients write names and subjects with umlauts.
        func encoded(_ text: String) -> String { "=?utf-8?b?\(Data(text.utf8).base64EncodedString())?=" }
        let from = plain ? "\(encoded("\(first) \(last)")) <\(email)>" : "Kontaktformular <kontaktformular@example.com>"
        let subject = plain ? "Rückruf für \(first) \(last), Kundennummer \(customerNumber)"
            : "\(german ? "Kontaktformular" : "Contact form"): Anfrage \(index) von \(first) \(last) (\(customerNumber))"
        let headers = [
            "From: \(from)", "To: support@example.com", "Subject: \(encoded(subject))",
            "Date: Sun, 29 Nov 2026 09:00:00 +0100", "Message-ID: <leak-\(index)@web01.example.com>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n").utf8)
    }
}

extension SendingTests {
    @Suite("No personal value reaches a partner", .serialized)
    struct NoLeakTests {
        /// Lower-cased with all white space runs as one space, so spacing tricks do not hide a value.
        static func normalized(_ text: String) -> String {
            text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }

        @Test("300 contact forms and plain mails, values in fields, free text, signature and subject, forwarded to the partner: every copy read back over IMAP, no personal value in any")
        func noLeak() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            let partner = "service@acme.example"
            servers.reset("support@example.com")
            servers.reset(partner)
            let fixture = try ReferenceProcessTests.fixture(servers)
            // A new draw of people each run, from a seed that is printed: TICKETD_LEAK_SEED=N runs that draw again.
            let seed = UInt64(ProcessInfo.processInfo.environment["TICKETD_LEAK_SEED"] ?? "") ?? UInt64.random(in: 0...UInt64(UInt32.max))
            print("no-leak: people drawn with seed \(seed) (TICKETD_LEAK_SEED=\(seed) draws them again)")
            var generator = SeededGenerator(seed: seed)
            let count = 300
            let people = (1...count).map { LeakTestPerson.make($0, using: &generator) }
            try servers.drop(people.enumerated().map { $1.mail($0 + 1, german: $0 % 3 != 0, plain: $0 % 5 == 4) }, into: "support@example.com", tag: "leak")
            #expect(try ReferenceProcessTests.run(["serve", "--once"], fixture).status == 0)
            #expect(try ReferenceProcessTests.jsonCount(["tickets", "--json"], fixture) == count)

            for ticket in 1...count {
                let result = try ReferenceProcessTests.run(["ticket", "forward", "\(ticket)", "--partner", "acme",
                                                            "--allow-sensitive", "refund check by the manufacturer"], fixture)
                #expect(result.status == 0, "ticket \(ticket): \(result.stderr)")
            }
            #expect(try ReferenceProcessTests.run(["serve", "--once"], fixture).status == 0)

            // Read every copy the partner received, over IMAP, as the partner would.
            let password = try String(contentsOfFile: servers.passwordFile(of: partner), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let session = try IMAPSession(settings: IMAPSettings(url: "imaps://127.0.0.1:\(servers.port("TICKETD_TEST_IMAPS_PORT"))",
                                                                  username: partner, password: password, caFile: servers.caFile))
            #expect(waitFor(30) { (try? session.status(of: "INBOX").exists) == count })
            var haystacks: [String] = []
            for uid in try session.uids(in: "INBOX", above: 0) {
                let raw = try session.fetch(uid: uid, in: "INBOX")
                let message = try MessageParser().parse(raw)
                let headers = message.header.fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
                haystacks.append(Self.normalized(String(decoding: raw, as: UTF8.self) + "\n" + headers + "\n" + message.text))
            }
            #expect(haystacks.count == count)
            let copies = haystacks.joined(separator: "\n")
            // Not vacuous: what the partner needs does arrive.
            #expect(copies.contains("vx55") && copies.contains("bluetooth") && copies.contains("customer: p-"))
            // ... and the values were there to leak: the subject, the cued values and the signature
            // arrived as placeholders.
            // (Booleans first: an expectation on `copies` itself would print all 300 copies.)
            let subjectsArrived = copies.contains("von [name] ([customer-number])")
            let cuedValuesArrived = copies.contains("geb. [birth-date]") && copies.contains("date of birth [birth-date]")
            let freeTextArrived = copies.contains("mein name ist [name], kundennummer [customer-number]")
            #expect(subjectsArrived && cuedValuesArrived && freeTextArrived, "seed \(seed)")
            var checked = 0
            var leaked: [String] = []
            for person in people {
                for value in Set(person.values) {
                    checked += 1
                    if copies.contains(Self.normalized(value)) { leaked.append(value.count > 4 ? String(value.prefix(2)) + "…" : "…") }
                }
            }
            print("no-leak: \(checked) personal values checked in \(haystacks.count) partner copies, \(leaked.count) leaked")
            #expect(leaked.isEmpty, "\(leaked.count) values leaked (shown abbreviated): \(leaked.prefix(10)); run again with TICKETD_LEAK_SEED=\(seed)")
            let register = try JSONSerialization.jsonObject(with: Data(try ReferenceProcessTests.run(["register", "--format", "json"], fixture).stdout.utf8)) as? [String: Any]
            #expect((register?["transfers"] as? [Any])?.count == count)
        }
    }
}
