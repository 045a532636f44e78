import Testing
@testable import MailFormat

/// Hostile attachment names: what a copy carries and what a terminal shows.
@Suite("Attachment file names")
struct AttachmentFileNameTests {
    @Test("path separators, controls, bidi overrides and leading dots are gone from the name a copy carries",
          arguments: [
              ("../../etc/passwd", "_.._etc_passwd"),
              ("..\\..\\boot.ini", "_.._boot.ini"),
              ("invoice\u{202E}fdp.exe", "invoicefdp.exe"),
              ("a\u{0}b\r\nc\u{1B}[31m.txt", "abc[31m.txt"),
              ("  Rechnung   März.pdf ", "Rechnung März.pdf"),
              (".hidden", "hidden"),
              ("..", "fallback"),
              ("\u{200B}\u{2066}", "fallback"),
              ("C:report.pdf", "C_report.pdf"),
          ])
    func sanitized(_ input: String, _ expected: String) {
        let result = AttachmentFileName.sanitized(input, fallback: "fallback")
        #expect(result == expected)
        #expect(!result.contains("/") && !result.contains("\\"))
        #expect(!result.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format })
    }

    @Test("a name longer than a file system takes becomes the fallback")
    func tooLong() {
        #expect(AttachmentFileName.sanitized(String(repeating: "ä", count: 200), fallback: "x") == "x")
    }

    @Test("the terminal sees controls and bidi characters escaped, everything else as it is")
    func displayed() {
        #expect(AttachmentFileName.displayed("invoice\u{202E}fdp.exe") == "invoice\\u{202E}fdp.exe")
        #expect(AttachmentFileName.displayed("a\u{1B}[2Jb\tc") == "a\\u{1B}[2Jb\\u{9}c")
        #expect(AttachmentFileName.displayed("..\\x") == "..\\\\x")
        #expect(AttachmentFileName.displayed("Rechnung März.pdf") == "Rechnung März.pdf")
    }

    @Test("a plain extension is kept for a neutral name; anything else is not")
    func plainExtension() {
        #expect(AttachmentFileName.plainExtension("Rechnung März.PDF") == "pdf")
        #expect(AttachmentFileName.plainExtension("photo.jpeg") == "jpeg")
        #expect(AttachmentFileName.plainExtension("noext") == nil)
        #expect(AttachmentFileName.plainExtension(".bashrc") == nil)
        #expect(AttachmentFileName.plainExtension("x.p\u{202E}df") == nil)
    }
}
