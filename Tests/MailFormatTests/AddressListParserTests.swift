import MailFormat
import Testing

@Suite("Address lists")
struct AddressListParserTests {
    func render(_ value: String) -> [String] {
        AddressListParser.parse(value).map { "\($0.displayName ?? "-")|\($0.address)" }
    }

    @Test("display names, quoted strings with escapes and commas, bare addresses")
    func names() {
        #expect(render(#"Erika Beispiel <erika@example.org>, "Testmann, Jörg \"JT\"" <joerg@example.net>, max@example.com"#)
            == ["Erika Beispiel|erika@example.org", #"Testmann, Jörg "JT"|joerg@example.net"#, "-|max@example.com"])
        #expect(render("John Q. Public <jqp@example.org>") == ["John Q. Public|jqp@example.org"])
    }

    @Test("comments are skipped; an old-style comment gives the name")
    func comments() {
        #expect(render("erika@example.org (Erika Beispiel)") == ["Erika Beispiel|erika@example.org"])
        #expect(render("Erika (Vertrieb (Köln)) <erika@example.org> (work)") == ["Erika|erika@example.org"])
        #expect(render("erika(comment)@example.org") == ["comment|erika@example.org"])
    }

    @Test("groups are flattened; empty groups give nothing")
    func groups() {
        #expect(render("Undisclosed recipients:;").isEmpty)
        #expect(render("Team TV: anna@example.org, Max <max@example.org>;, solo@example.net")
            == ["-|anna@example.org", "Max|max@example.org", "-|solo@example.net"])
    }

    @Test("obsolete routes are dropped")
    func routes() {
        #expect(render("Erika <@relay.example.net,@other.example.net:erika@example.org>") == ["Erika|erika@example.org"])
    }

    @Test("RFC 2047 display names, including an encoded comma and adjacent words")
    func encodedNames() {
        #expect(render("=?utf-8?q?Beispiel=2C_Erika?= <erika@example.org>") == ["Beispiel, Erika|erika@example.org"])
        #expect(render("=?utf-8?b?SsO2cmc=?= =?utf-8?q?_Testmann?= <j@example.net>") == ["Jörg Testmann|j@example.net"])
        #expect(render("\"=?iso-8859-1?q?J=F6rg?=\" <j@example.net>") == ["Jörg|j@example.net"])
    }

    @Test("bad entries are skipped, good ones kept")
    func badEntries() {
        #expect(render("nobody, <broken@>, Erika <erika@example.org>, \"unclosed <x@example.org>") == ["Erika|erika@example.org"])
        #expect(render("Erika Beispiel erika@example.org") == ["Erika Beispiel|erika@example.org"])
        #expect(render("Max <max@example.org") == ["Max|max@example.org"])
        #expect(render("").isEmpty)
    }

    @Test("IDN domains stay Unicode; Punycode labels decode for display")
    func idn() throws {
        let unicode = AddressListParser.parse("Jörg <jörg@müller.example>")
        #expect(unicode.first?.address.domain == "müller.example")
        let puny = AddressListParser.parse("<info@xn--mller-kva.example>")
        #expect(puny.first?.address.domain == "xn--mller-kva.example")
        #expect(puny.first?.address.unicodeDomain == "müller.example")
        #expect(Punycode.decode("bcher-kva") == "bücher")
        #expect(Punycode.decode("wgv71a119e") == "日本語")
        #expect(Punycode.decode("-> $1.00 <--") == "-> $1.00 <-")
        #expect(Punycode.decode("abc-9!") == nil)
        #expect(Punycode.unicodeDomain("xn--ab-9!.example") == "xn--ab-9!.example")
        #expect(Punycode.decode("99999999999999999999") == nil)
    }

    @Test("message header fields use these rules")
    func messageFields() throws {
        let message = try TestMessages.parse([
            "From: \"Beispiel, Erika\" <erika@example.org>",
            "To: Support <support@example.com>",
            "Cc: a@example.org, b@example.org",
            "Reply-To: Erika privat <erika.privat@example.net>",
            "", "",
        ])
        #expect(message.from.map(\.displayName) == ["Beispiel, Erika"])
        #expect(message.to.map(\.address.description) == ["support@example.com"])
        #expect(message.cc.count == 2)
        #expect(message.replyTo.first?.address.description == "erika.privat@example.net")
    }
}
