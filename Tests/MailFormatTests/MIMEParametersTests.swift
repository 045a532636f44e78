import MailFormat
import Testing

@Suite("MIME parameters and RFC 2231")
struct MIMEParametersTests {
    @Test("quoted values with escapes, unquoted values, comments, case")
    func basics() {
        let parsed = MIMEParameters(parsing: #"Attachment; FileName="a \"b\".pdf"; size=12 (bytes); x="""#)
        #expect(parsed.value == "attachment")
        #expect(parsed.parameters["filename"] == #"a "b".pdf"#)
        #expect(parsed.parameters["size"] == "12 (bytes)")
    }

    @Test("charset'language'percent-encoding")
    func extended() {
        #expect(MIMEParameters(parsing: "attachment; filename*=utf-8''Gr%C3%B6%C3%9Fe.pdf").parameters["filename"] == "Größe.pdf")
        #expect(MIMEParameters(parsing: "attachment; filename*=iso-8859-1'de'K%F6ln.txt").parameters["filename"] == "Köln.txt")
        #expect(MIMEParameters(parsing: "attachment; filename*=''plain%20name").parameters["filename"] == "plain name")
    }

    @Test("continuations, encoded and not, in any order")
    func continuations() {
        let value = """
        attachment; filename*1*=%C3%A4rz%20; filename*0*=UTF-8'de'Rechnung%20M; filename*2="2025.pdf"
        """
        #expect(MIMEParameters(parsing: value).parameters["filename"] == "Rechnung März 2025.pdf")
        let plain = MIMEParameters(parsing: #"inline; name*0="very long "; name*1="file name.txt""#)
        #expect(plain.parameters["name"] == "very long file name.txt")
    }

    @Test("the RFC 2231 form wins over the plain one; RFC 2047 in plain values is tolerated")
    func precedence() {
        let both = MIMEParameters(parsing: "attachment; filename=\"fallback.pdf\"; filename*=utf-8''J%C3%B6rg.pdf")
        #expect(both.parameters["filename"] == "Jörg.pdf")
        let encoded = MIMEParameters(parsing: "application/pdf; name=\"=?utf-8?q?J=C3=B6rg_Testmann.pdf?=\"")
        #expect(encoded.parameters["name"] == "Jörg Testmann.pdf")
    }

    @Test("file names of parts come from the disposition, else the type's name")
    func filenames() throws {
        let message = try TestMessages.parse([
            "Content-Type: multipart/mixed; boundary=f", "", "--f", "", "body",
            "--f", "Content-Type: application/pdf; name=\"from-type.pdf\"", "Content-Disposition: attachment; filename=\"from-disposition.pdf\"", "", "a",
            "--f", "Content-Type: application/pdf; name=\"only-type.pdf\"", "", "b",
            "--f--",
        ])
        #expect(message.attachments.map(\.filename) == ["from-disposition.pdf", "only-type.pdf"])
        #expect(message.root.children[1].disposition == "attachment")
        #expect(message.root.children[2].disposition == nil)
    }
}
