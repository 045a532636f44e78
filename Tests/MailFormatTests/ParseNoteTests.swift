import MailFormat
import Testing

@Suite("Parse notes")
struct ParseNoteTests {
    @Test("notes name what was repaired and never carry message content")
    func noContent() throws {
        let message = try TestMessages.parse([
            "Subject: =?x-erika.beispiel@example.org?q?Geheim?=",
            "Content-Type: multipart/mixed; boundary=b",
            "",
            "--b",
            "Content-Type: text/plain; charset=\"Erika Beispiel <erika@example.org>\"",
            "Content-Transfer-Encoding: x-Telefon-0301234",
            "",
            "IBAN DE00 0000 0000 0000 0000 00",
        ])
        #expect(message.text == "IBAN DE00 0000 0000 0000 0000 00")
        #expect(!message.notes.isEmpty)
        for note in message.notes {
            for secret in ["erika", "Erika", "example.org", "IBAN", "Geheim", "0301234"] {
                #expect(!note.description.contains(secret), "\(note)")
            }
        }
        #expect(message.notes.map(\.code).contains("unknown-charset"))
        #expect(message.notes.map(\.code).contains("unknown-transfer-encoding"))
        #expect(message.notes.map(\.code).contains("missing-closing-boundary"))
        #expect(message.notes.contains(ParseNote(code: "unknown-transfer-encoding", detail: "(label withheld) treated as 8bit")))
        #expect(Charsets.decode([0x41], charset: "x-made-up").note?.detail == "x-made-up decoded as UTF-8")
    }

    @Test("a clean message has no notes; rejections describe only sizes")
    func clean() throws {
        #expect(try TestMessages.parse(["From: a@example.org", "Subject: hi", "", "body"]).notes.isEmpty)
        #expect(MessageRejection.tooDeep(limit: 32).description == "the message nests MIME parts deeper than 32 levels")
        #expect(MessageRejection.tooManyParts(limit: 1000).description == "the message has more than 1000 MIME parts")
        #expect(ParseNote(code: "unknown-charset", detail: "x decoded as UTF-8").description == "unknown-charset: x decoded as UTF-8")
    }
}
