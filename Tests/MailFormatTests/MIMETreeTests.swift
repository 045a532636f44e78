import MailFormat
import Testing

@Suite("MIME trees (RFC 2046)")
struct MIMETreeTests {
    @Test("multipart/alternative gives the plain text and the HTML", arguments: [true, false])
    func alternative(crlf: Bool) throws {
        let message = try TestMessages.parse([
            "Content-Type: multipart/alternative; boundary=\"b1\"",
            "",
            "This is the preamble.",
            "--b1",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "Hallo Jörg",
            "--b1",
            "Content-Type: text/html; charset=utf-8",
            "",
            "<p>Hallo <b>Jörg</b></p>",
            "--b1--",
            "epilogue to ignore",
        ], crlf: crlf)
        #expect(message.root.children.count == 2)
        #expect(message.text == "Hallo Jörg")
        #expect(message.html == "<p>Hallo <b>Jörg</b></p>")
        #expect(message.attachments.isEmpty)
        #expect(message.notes.isEmpty)
    }

    @Test("multipart/mixed with attachments; an HTML-only body becomes text")
    func mixed() throws {
        let message = try TestMessages.parse([
            "Content-Type: multipart/mixed; boundary=outer",
            "",
            "--outer",
            "Content-Type: text/html",
            "",
            "<div>Name: Erika</div><div>Telefon: 0000</div>",
            "--outer",
            "Content-Type: application/pdf",
            "Content-Disposition: attachment; filename*=utf-8''Rechnung%20M%C3%A4rz.pdf",
            "Content-Transfer-Encoding: base64",
            "",
            "JVBERi0=",
            "--outer",
            "Content-Type: image/png",
            "Content-Transfer-Encoding: base64",
            "",
            "iVBORw==",
            "--outer--",
        ])
        #expect(message.text == "Name: Erika\nTelefon: 0000")
        #expect(message.attachments.map(\.filename) == ["Rechnung März.pdf", nil])
        #expect(message.attachments.first?.data == Array("%PDF-".utf8))
        #expect(message.attachments.first?.size == 5)
        #expect(message.attachments.map(\.mimeType) == ["application/pdf", "image/png"])
        #expect(message.root.children.map(\.isAttachment) == [false, true, true])
    }

    @Test("multipart/related: unnamed inline images belong to the HTML body")
    func related() throws {
        let message = try TestMessages.parse([
            "Content-Type: multipart/related; boundary=r",
            "",
            "--r",
            "Content-Type: text/html",
            "",
            "<p>Logo:</p><img src=\"cid:logo\">",
            "--r",
            "Content-Type: image/png",
            "Content-ID: <logo>",
            "",
            "png",
            "--r",
            "Content-Type: image/jpeg; name=screenshot.jpg",
            "",
            "jpg",
            "--r--",
        ])
        #expect(message.text == "Logo:")
        #expect(message.attachments.map(\.filename) == ["screenshot.jpg"])
    }

    @Test("message/rfc822 is one attachment; its body is not the outer text")
    func embeddedMessage() throws {
        let message = try TestMessages.parse([
            "Content-Type: multipart/mixed; boundary=m",
            "",
            "--m",
            "Content-Type: text/plain",
            "",
            "See the forwarded mail.",
            "--m",
            "Content-Type: message/rfc822",
            "",
            "From: Max Beispiel <max@example.net>",
            "Subject: Original",
            "Content-Type: multipart/mixed; boundary=inner",
            "",
            "--inner",
            "",
            "inner text",
            "--inner",
            "Content-Type: application/pdf; name=a.pdf",
            "",
            "pdf",
            "--inner--",
            "--m--",
        ])
        #expect(message.text == "See the forwarded mail.")
        #expect(message.attachments.count == 1)
        #expect(message.attachments.first?.mimeType == "message/rfc822")
        let embedded = try MessageParser().parse(message.attachments.first?.data ?? [])
        #expect(embedded.subject == "Original")
        #expect(embedded.text == "inner text")
        let inner = message.root.children[1].children.first
        #expect(inner?.contentType.mimeType == "multipart/mixed")
        #expect(inner?.children.last?.isAttachment == true)
    }

    @Test("multipart/report: the human part is the text, the returned message an attachment")
    func bounce() throws {
        let message = try TestMessages.parse([
            "From: MAILER-DAEMON@example.net",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"rep\"",
            "",
            "--rep",
            "Content-Type: text/plain",
            "",
            "Delivery failed.",
            "--rep",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; mx.example.net",
            "",
            "Final-Recipient: rfc822; nobody@example.com",
            "Status: 5.1.1",
            "--rep",
            "Content-Type: message/rfc822",
            "",
            "Subject: Ihre Anfrage",
            "Message-ID: <ticket-42@example.com>",
            "",
            "Original text",
            "--rep--",
        ])
        #expect(message.text == "Delivery failed.")
        #expect(message.attachments.map(\.mimeType) == ["message/rfc822"])
        let status = message.root.children[1]
        #expect(status.contentType.mimeType == "message/delivery-status")
        #expect(status.isAttachment == false)
        #expect(String(decoding: status.body, as: UTF8.self).contains("Status: 5.1.1"))
        let returned = message.root.children[2].children.first
        #expect(returned?.header.first("message-id")?.value == "<ticket-42@example.com>")
    }

    @Test("a missing closing boundary keeps the last part, with a note")
    func missingClose() throws {
        let message = try TestMessages.parse([
            "Content-Type: multipart/mixed; boundary=x", "", "--x", "", "first", "--x", "Content-Type: text/plain; name=b.txt", "", "second",
        ])
        #expect(message.root.children.count == 2)
        #expect(message.text == "first")
        #expect(message.attachments.first.map { String(decoding: $0.data, as: UTF8.self) } == "second")
        #expect(message.notes.map(\.code).contains("missing-closing-boundary"))
    }

    @Test("no delimiter at all: the content stays readable, with a note")
    func brokenBoundary() throws {
        let message = try TestMessages.parse(["Content-Type: multipart/mixed; boundary=nowhere", "", "just text"])
        #expect(message.text == "just text")
        #expect(message.notes.map(\.code).contains("boundary-not-found"))
        let missing = try TestMessages.parse(["Content-Type: multipart/mixed", "", "text"])
        #expect(missing.notes.map(\.code).contains("missing-boundary"))
    }

    @Test("delimiters match exactly: prefix, trailing blanks, longer boundaries")
    func exactBoundary() throws {
        let message = try TestMessages.parse([
            "Content-Type: multipart/mixed; boundary=abc",
            "",
            "--abc   ",
            "",
            "one",
            "--abcdef",
            "-- abc",
            " --abc",
            "--abc--x",
            "--abc\t",
            "",
            "two",
            "--abc-- ",
            "--abc",
            "",
            "after the end",
        ])
        #expect(message.root.children.count == 2)
        #expect(message.text == "one\n--abcdef\n-- abc\n --abc\n--abc--x")
        #expect(String(decoding: message.root.children[1].body, as: UTF8.self) == "two")
    }

    @Test("nested multiparts and defaults: digest parts are messages")
    func nestedAndDigest() throws {
        let message = try TestMessages.parse([
            "Content-Type: multipart/mixed; boundary=a",
            "",
            "--a",
            "Content-Type: multipart/digest; boundary=d",
            "",
            "--d",
            "",
            "Subject: digest entry",
            "",
            "entry body",
            "--d--",
            "--a",
            "Content-Type: multipart/alternative; boundary=c",
            "",
            "--c",
            "Content-Type: text/plain",
            "",
            "deep text",
            "--c--",
            "--a--",
        ])
        let digest = message.root.children[0]
        #expect(digest.children.first?.contentType.mimeType == "message/rfc822")
        #expect(digest.children.first?.children.first?.header.first("subject")?.value == "digest entry")
        #expect(message.text == "deep text")
    }

    @Test("limits: depth and part count are enforced while parsing")
    func limits() throws {
        let nested = TestMessages.bytes([
            "Content-Type: multipart/mixed; boundary=1", "", "--1",
            "Content-Type: multipart/mixed; boundary=2", "", "--2",
            "Content-Type: multipart/mixed; boundary=3", "", "--3", "", "x",
        ])
        #expect(throws: MessageRejection.tooDeep(limit: 2)) { try MessageParser(limits: MessageLimits(maxDepth: 2)).parse(nested) }
        #expect(throws: Never.self) { try MessageParser(limits: MessageLimits(maxDepth: 3)).parse(nested) }
        #expect(throws: MessageRejection.tooManyParts(limit: 3)) { try MessageParser(limits: MessageLimits(maxParts: 3)).parse(nested) }
        #expect(MessageRejection.tooLarge(bytes: 10, limit: 5).description == "the message has 10 bytes; the limit is 5 (raise limits.maxMessageBytes to accept it)")
        #expect(MessageLimits.default == MessageLimits(maxMessageBytes: 25_000_000, maxDepth: 32, maxParts: 1000))
    }

    @Test("Content-Type defaults and tolerance")
    func contentType() {
        #expect(ContentType(parsing: "TEXT/HTML; Charset=\"ISO-8859-1\"").mimeType == "text/html")
        #expect(ContentType(parsing: "TEXT/HTML; Charset=\"ISO-8859-1\"").parameters["charset"] == "ISO-8859-1")
        #expect(ContentType(parsing: "garbage").mimeType == "text/plain")
        #expect(ContentType(parsing: "text / plain (comment); format=flowed").parameters == ["format": "flowed"])
        #expect(ContentType(parsing: "image/png; name=Foto vom Router.png").parameters["name"] == "Foto vom Router.png")
    }
}
