import Foundation

/// The one made-up person whose mails drive every error path in ``ErrorPathLeakTests``: values
/// distinctive enough that any of them found in a log line, an error or an output was leaked, in
/// every spelling the code could produce of them.
struct ErrorPathPerson {
    let first = "Wendelin"
    let last = "Quastenbrück"
    /// Not a mailbox on the local Postfix: a reply to it draws a 550 that quotes it back.
    let email = "wendelin.quastenbrueck@example.org"
    /// Another address of the person's, which ticketd never saw.
    let otherEmail = "w.quastenbrueck@example.net"
    let phone = "+49 30 5550 8642"
    let street = "Zwetschgenallee 29"
    let city = "12347 Quittenbrunn"
    let iban = LeakTestPerson.germanIBAN(8642)
    let birthDate = "17.03.1961"
    let customerNumber = "K-4711-0815"

    var name: String { "\(first) \(last)" }

    /// The values as written, then the spellings code makes of them: cases, without accents or with
    /// the German transliteration, without spaces, JSON- and URL-escaped, quoted-printable, base64.
    var spellings: [String] {
        let values = [first, last, name, email, otherEmail, phone, "5550 8642", "55508642", street, "Zwetschgenallee", city, "Quittenbrunn",
                      iban, iban.replacingOccurrences(of: " ", with: ""), birthDate, "1961-03-17", customerNumber, "4711-0815"]
        var all = Set<String>()
        for value in values {
            let folded = value.folding(options: .diacriticInsensitive, locale: nil)
            let german = value.replacingOccurrences(of: "ü", with: "ue")
            for spelling in [value, folded, german, value.replacingOccurrences(of: " ", with: "")] {
                all.formUnion([spelling, spelling.lowercased(), spelling.uppercased()])
            }
            all.insert(value.replacingOccurrences(of: "ü", with: "\\u00fc"))
            all.insert(value.replacingOccurrences(of: "ü", with: "=C3=BC"))
            all.insert(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)
            if value.count >= 12 { all.insert(Data(value.utf8).base64EncodedString().dropLast(4).description) }
        }
        return all.filter { $0.count >= 4 }.sorted()
    }

    /// RFC 2047, as mail clients write names with umlauts.
    func encoded(_ text: String) -> String { "=?utf-8?b?\(Data(text.utf8).base64EncodedString())?=" }

    func mail(_ headers: [String], body: String) -> String {
        (headers + ["MIME-Version: 1.0"]).joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
    }

    /// The contact form: every value in fields, free text and signature, a health word (a special
    /// category), processing consent as given, marketing refused.
    func form(id: String, processing: String = "ja") -> String {
        mail(["From: Kontaktformular <kontaktformular@example.com>", "Reply-To: \(encoded(name)) <\(email)>", "To: support@example.com",
              "Subject: \(encoded("Kontaktformular: Anfrage von \(name) (\(customerNumber))"))", "Date: Sun, 29 Nov 2026 09:00:00 +0100",
              "Message-ID: <\(id)@web01.example.com>", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"], body: """
            Name: \(name)
            E-Mail: \(email)
            Telefon: \(phone)
            Anschrift: \(street), \(city)
            Nachricht: Mein Fernseher VX55 startet ständig neu. Als Diabetiker brauche ich den Erinnerungsdienst.
            Erstattung bitte auf \(iban), Kundennummer \(customerNumber), geboren am \(birthDate).
            Viele Grüße
            \(name)
            \(street)
            Einwilligung Datenverarbeitung: \(processing)
            Einwilligung Produktempfehlungen: nein
            Formular-Version: 2.3
            """)
    }

    /// A mail from the person's own address with extra headers and a body.
    func personal(id: String, subject: String, headers: [String] = [], contentType: String = "text/plain; charset=utf-8", body: String? = nil) -> String {
        mail(["From: \(encoded(name)) <\(email)>", "To: support@example.com", "Subject: \(encoded(subject))", "Date: Sun, 29 Nov 2026 10:00:00 +0100",
              "Message-ID: <\(id)@example.org>", "Content-Type: \(contentType)"] + headers,
             body: body ?? "Mit freundlichen Grüßen\n\(name)\n\(street), \(city)\nTel. \(phone)\nIBAN \(iban)")
    }

    /// Parts nested `depth` levels deep, each level naming the person.
    func nested(depth: Int) -> String {
        var body = "--b\(depth)\nContent-Type: text/plain; charset=utf-8\n\n\(name), \(phone)\n--b\(depth)--"
        for level in stride(from: depth - 1, through: 1, by: -1) {
            body = "--b\(level)\nContent-Type: multipart/mixed; boundary=\"b\(level + 1)\"\n\n\(body)\n--b\(level)--"
        }
        return body
    }

    /// `count` text parts side by side, each naming the person.
    func parts(_ count: Int) -> String {
        (1...count).map { "--p\nContent-Type: text/plain; charset=utf-8\n\nTeil \($0): \(name), \(iban)\n" }.joined() + "--p--"
    }

    /// A delivery-status report about a mail to the person's address.
    var bounceBody: String {
        """
        --r
        Content-Type: text/plain; charset=utf-8

        Die Nachricht an \(email) (\(name)) konnte nicht zugestellt werden.
        --r
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.org
        Final-Recipient: rfc822; \(email)
        Action: failed
        Status: 5.1.1
        --r--
        """
    }

    /// A MIME structure that does not hold together: a boundary never closed, base64 that is not,
    /// a charset nobody knows.
    var malformedBody: String {
        """
        --m
        Content-Type: text/plain; charset=x-unbekannt
        Content-Transfer-Encoding: base64

        \(name) !!! kein base64 \(phone)
        --m
        Content-Type: text/plain; charset=utf-8

        \(street), \(city), \(iban)
        """
    }
}
