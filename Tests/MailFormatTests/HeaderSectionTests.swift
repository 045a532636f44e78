import MailFormat
import Testing

@Suite("Header sections (RFC 5322)")
struct HeaderSectionTests {
    @Test("folded fields are unfolded, keeping the white space", arguments: [true, false])
    func unfolding(crlf: Bool) throws {
        let message = try TestMessages.parse([
            "Subject: Frage zum",
            "\tFernseher",
            "  und WLAN",
            "From: Erika Beispiel",
            " <erika@example.org>",
            "",
            "Hallo",
        ], crlf: crlf)
        #expect(message.subject == "Frage zum\tFernseher  und WLAN")
        #expect(message.from.first?.address.description == "erika@example.org")
        #expect(message.header.first("subject")?.rawValue == Array("Frage zum\tFernseher  und WLAN".utf8))
        #expect(message.text == "Hallo")
    }

    @Test("obsolete syntax: blanks before the colon; names compared without case")
    func obsoleteSyntax() throws {
        let message = try TestMessages.parse(["SUBJECT  : Hallo", "from\t: a@example.org", "", "x"])
        #expect(message.subject == "Hallo")
        #expect(message.header.first("Subject")?.name == "SUBJECT")
        #expect(message.from.count == 1)
    }

    @Test("duplicate fields are kept in order")
    func duplicates() throws {
        let message = try TestMessages.parse(["Received: one", "Received: two", "To: a@example.org", "To: b@example.org", "", ""])
        #expect(message.header.all("received").map(\.value) == ["one", "two"])
        #expect(message.to.map(\.address.description) == ["a@example.org", "b@example.org"])
    }

    @Test("8-bit bytes: UTF-8 if valid, otherwise Windows-1252")
    func eightBit() throws {
        var bytes = Array("Subject: Gr\u{FC}\u{DF}e aus K\u{F6}ln\r\n".utf8)
        bytes += [UInt8(ascii: "X"), UInt8(ascii: ":"), 0x20, 0x4B, 0xF6, 0x6C, 0x6E, 0x80, 13, 10, 13, 10]
        let message = try MessageParser().parse(bytes)
        #expect(message.subject == "Grüße aus Köln")
        #expect(message.header.first("x")?.value == "Köln€")
    }

    @Test("a header section without a body, with or without the blank line")
    func noBody() throws {
        #expect(try TestMessages.parse(["Subject: only a header"]).text == "")
        #expect(try TestMessages.parse(["Subject: only a header", ""]).subject == "only a header")
        #expect(try MessageParser().parse([]).header.fields.isEmpty)
    }

    @Test("garbage lines inside the header are skipped with a note")
    func garbageLines() throws {
        let message = try TestMessages.parse(["From ignored@example.org Mon Jan 1", "Subject: a", "this is no field", "To: b@example.org", "", "body"])
        #expect(message.subject == "a")
        #expect(message.to.count == 1)
        #expect(message.notes.map(\.code).contains("garbage-header-line"))
        #expect(message.notes.map(\.code).contains("mbox-from-line"))
        #expect(message.text == "body")
    }

    @Test("a body that starts without the blank line is kept")
    func missingSeparator() throws {
        let message = try TestMessages.parse(["Subject: a", "Hello there,", "how are you?"])
        #expect(message.subject == "a")
        #expect(message.text == "Hello there,\nhow are you?")
        #expect(message.notes.map(\.code).contains("missing-header-separator"))
    }

    @Test("message IDs, In-Reply-To and References")
    func messageIDs() throws {
        let message = try TestMessages.parse([
            "Message-ID:  <abc.123@example.org> (comment)",
            "In-Reply-To: <first@example.org> (Erika's message of Monday)",
            "References: <one@example.org>",
            " <two@exa",
            " mple.org> <three@example.org>",
            "", "",
        ])
        #expect(message.messageID == "abc.123@example.org")
        #expect(message.inReplyTo == ["first@example.org"])
        #expect(message.references == ["one@example.org", "two@example.org", "three@example.org"])
        #expect(MessageIDParser.ids(in: "bare-id@example.org") == ["bare-id@example.org"])
        #expect(MessageIDParser.ids(in: "no id here").isEmpty)
        #expect(try TestMessages.parse(["Message-ID: garbage", "", ""]).messageID == nil)
    }
}
