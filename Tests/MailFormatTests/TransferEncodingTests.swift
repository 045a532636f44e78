import MailFormat
import Testing

@Suite("Content-Transfer-Encoding")
struct TransferEncodingTests {
    func body(_ encoding: String, _ lines: [String], charset: String = "utf-8") throws -> Message {
        try TestMessages.parse(["Content-Type: text/plain; charset=\(charset)", "Content-Transfer-Encoding: \(encoding)", ""] + lines)
    }

    @Test("quoted-printable: soft breaks, lower-case hex, invalid escapes kept")
    func quotedPrintable() throws {
        let message = try body("Quoted-Printable", ["Gr=C3=BC=c3=9fe aus K=C3=B6ln, =", "das ist ein langer Satz=  ", "=3D fertig =ZZ und =4", "Ende="])
        #expect(message.text == "Grüße aus Köln, das ist ein langer Satz= fertig =ZZ und =4\nEnde")
        #expect(message.root.transferEncoding == "quoted-printable")
    }

    @Test("base64 with line breaks, junk and missing padding; the repair is noted")
    func base64() throws {
        let clean = try body("base64", ["SsO2cmcg", "VGVzdG1h", "bm4="])
        #expect(clean.text == "Jörg Testmann")
        #expect(clean.notes.isEmpty)
        let repaired = try body("base64", ["SsO2cmcg!VGVz*dG1h", "bm4"])
        #expect(repaired.text == "Jörg Testmann")
        #expect(repaired.notes.map(\.code) == ["base64-repaired"])
        let glued = try body("base64", ["SGFs", "bG8=", "IFdlbHQ="])
        #expect(glued.text == "Hallo Welt")
    }

    @Test("7bit, 8bit and binary pass through; comments and case are ignored")
    func identity() throws {
        #expect(try body("8bit", ["Grüße"]).text == "Grüße")
        #expect(try body("BINARY (raw)", ["Grüße"]).text == "Grüße")
        #expect(try body("7bit", ["plain"]).root.transferEncoding == "7bit")
    }

    @Test("an unknown encoding is read as 8bit, with a note")
    func unknown() throws {
        let message = try body("x-uuencode-ish", ["Hallo"])
        #expect(message.text == "Hallo")
        #expect(message.notes.contains(ParseNote(code: "unknown-transfer-encoding", detail: "x-uuencode-ish treated as 8bit")))
    }

    @Test("a base64-encoded embedded message is decoded and parsed")
    func encodedEmbeddedMessage() throws {
        // "Subject: Innen\r\n\r\nText" in base64.
        let message = try TestMessages.parse([
            "Content-Type: multipart/mixed; boundary=z", "", "--z", "", "outer",
            "--z", "Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "",
            "U3ViamVjdDogSW5uZW4NCg0KVGV4dA==", "--z--",
        ])
        let inner = message.root.children[1].children.first
        #expect(inner?.header.first("subject")?.value == "Innen")
        #expect(inner?.body == Array("Text".utf8))
        #expect(message.notes.map(\.code).contains("encoded-message"))
    }
}
