import MailFormat
import Testing

@Suite("RFC 2047 encoded words")
struct EncodedWordsTests {
    @Test("B and Q in several charsets", arguments: [
        ("=?UTF-8?B?R3LDvMOfZQ==?=", "Grüße"),
        ("=?iso-8859-1?q?Gr=FC=DFe_aus_K=F6ln?=", "Grüße aus Köln"),
        ("=?ISO-8859-15?Q?=A4_5?=", "€ 5"),
        ("=?windows-1252?Q?=84Zitat=93?=", "„Zitat“"),
        ("=?utf-8*de?q?J=C3=B6rg?=", "Jörg"),
        ("=?koi8-r?b?8NLJ18XU?=", "Привет"),
    ])
    func decodes(encoded: String, expected: String) {
        #expect(EncodedWords.decode(encoded) == expected)
    }

    @Test("white space between encoded words is dropped, elsewhere kept")
    func adjacency() {
        #expect(EncodedWords.decode("=?utf-8?q?a?= =?utf-8?q?b?=") == "ab")
        #expect(EncodedWords.decode("=?utf-8?q?a?=\t  =?iso-8859-1?q?b?=") == "ab")
        #expect(EncodedWords.decode("Re: =?utf-8?q?J=C3=B6rg?= und Erika") == "Re: Jörg und Erika")
        #expect(EncodedWords.decode("x=?utf-8?q?J=C3=B6rg?=y") == "xJörgy")
    }

    @Test("a character split across adjacent words of one charset is joined")
    func splitCharacter() {
        #expect(EncodedWords.decode("=?utf-8?q?J=C3?= =?utf-8?q?=B6rg?=") == "Jörg")
        #expect(EncodedWords.decode("=?utf-8?b?SsO=?= =?UTF-8?b?tnJn?=") == "Jörg")
    }

    @Test("malformed words stay as literal text", arguments: [
        "=?utf-8?x?abc?=", "=?utf-8?q?no end", "=??q?abc?=", "=?utf-8?q?has space?=", "=?", "?=", "a =? b",
    ])
    func malformed(text: String) {
        #expect(EncodedWords.decode(text) == text)
    }

    @Test("an unknown charset falls back with a note, never an error")
    func unknownCharset() {
        var notes: [ParseNote] = []
        #expect(EncodedWords.decode("=?x-made-up?q?Gr=C3=BC=C3=9Fe?=", notes: &notes) == "Grüße")
        #expect(notes == [ParseNote(code: "unknown-charset", detail: "x-made-up decoded as UTF-8")])
    }

    @Test("subjects of parsed messages are decoded and unfolded")
    func subject() throws {
        let message = try TestMessages.parse([
            "Subject: =?utf-8?q?Kontaktformular:_Fernseher_?=",
            " =?utf-8?q?im_WLAN_anmelden_=E2=80=93_J=C3=B6rg?=",
            "", "",
        ])
        #expect(message.subject == "Kontaktformular: Fernseher im WLAN anmelden – Jörg")
        #expect(message.header.first("subject")?.value == message.subject)
    }
}
