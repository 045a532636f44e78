import MailFormat
import Testing

@Suite("Charsets")
struct CharsetsTests {
    @Test("labels and aliases", arguments: [
        ("utf8", [0x4B, 0xC3, 0xB6, 0x6C, 0x6E], "Köln"),
        ("UTF-8", [0xE2, 0x82, 0xAC], "€"),
        ("latin1", [0x4B, 0xF6, 0x6C, 0x6E], "Köln"),
        ("ISO-8859-1", [0x80, 0x20, 0x93, 0x61, 0x94], "€ “a”"),
        ("cp1252", [0x84, 0x61, 0x93], "„a“"),
        ("\"iso-8859-15\"", [0xA4], "€"),
        ("latin9", [0xA4, 0xBD], "€œ"),
        ("iso-8859-2", [0xB3, 0xF3, 0x64, 0xBC], "łódź"),
        ("shift_jis", [0x93, 0xFA, 0x96, 0x7B], "日本"),
        ("utf-16le", [0x41, 0x00, 0xE4, 0x00], "Aä"),
    ] as [(String, [UInt8], String)])
    func decodes(label: String, bytes: [UInt8], expected: String) {
        let (text, note) = Charsets.decode(bytes, charset: label)
        #expect(text == expected)
        #expect(note == nil)
    }

    @Test("an unknown charset: UTF-8 if valid, else Windows-1252, with a note")
    func unknown() {
        #expect(Charsets.decode([0xC3, 0xA4], charset: "x-made-up") ==
            ("ä", ParseNote(code: "unknown-charset", detail: "x-made-up decoded as UTF-8")))
        #expect(Charsets.decode([0xE4], charset: "x-made-up") ==
            ("ä", ParseNote(code: "unknown-charset", detail: "x-made-up decoded as Windows-1252")))
    }

    @Test("invalid bytes are kept as Windows-1252 characters, with a note")
    func invalidBytes() {
        let (text, note) = Charsets.decode([0x4B, 0xC3, 0xB6, 0xE4, 0x6C, 0x6E], charset: "utf-8")
        #expect(text == "Köäln")
        #expect(note?.code == "invalid-bytes")
        let (sjis, sjisNote) = Charsets.decode([0x93, 0xFA, 0xFF, 0x41], charset: "shift_jis")
        #expect(sjis == "日ÿA")
        #expect(sjisNote?.code == "invalid-bytes")
    }

    @Test("no charset: ASCII as is, 8-bit as UTF-8 or Windows-1252")
    func missing() {
        #expect(Charsets.decode(Array("plain".utf8), charset: nil) == ("plain", nil))
        #expect(Charsets.decode([0xC3, 0xBC], charset: nil).text == "ü")
        #expect(Charsets.decode([0xFC], charset: "us-ascii").text == "ü")
        #expect(Charsets.decode([0xFC], charset: nil).note?.code == "missing-charset")
    }

    @Test("hostile labels never reach iconv")
    func hostileLabels() {
        for label in ["../../etc/passwd", "utf-8\u{0}x", String(repeating: "a", count: 500), "UTF-8//TRANSLIT"] {
            let (text, note) = Charsets.decode([0x41], charset: label)
            #expect(text == "A")
            #expect(note?.code == "unknown-charset")
            #expect((note?.detail.count ?? 0) < 80)
        }
    }

    @Test("decoding on many threads at once (one iconv descriptor per call)")
    func concurrent() async {
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<200).allSatisfy { _ in Charsets.decode([0xB3, 0xF3, 0x64, 0xBC], charset: "iso-8859-2").text == "łódź" }
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
