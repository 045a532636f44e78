@testable import MailTransport
import Testing

/// SMTP replies, line ends, envelope checks and error texts, with plain values.
@Suite("SMTP replies, line ends and envelopes")
struct SMTPParsingTests {
    private func lines(_ text: String) -> [[UInt8]] { CurlEasy.splitLines(Array(text.utf8)) }

    @Test("Single- and multi-line replies, in order; junk lines skipped")
    func replies() {
        let replies = SMTPReply.parse(lines(
            "220 mx.ticketd.test ESMTP Postfix\r\n250-mx.ticketd.test\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250 CHUNKING\r\n"
            + "not a reply\r\n235 2.7.0 Authentication successful\r\n250 2.1.0 Ok\r\n354 End data\r\n250 2.0.0 Ok: queued as 4Z9B1K8iD5z3xYi\r\n"))
        #expect(replies == [
            SMTPReply(code: 220, text: "mx.ticketd.test ESMTP Postfix"),
            SMTPReply(code: 250, text: "mx.ticketd.test PIPELINING AUTH PLAIN LOGIN CHUNKING"),
            SMTPReply(code: 235, text: "2.7.0 Authentication successful"),
            SMTPReply(code: 250, text: "2.1.0 Ok"),
            SMTPReply(code: 354, text: "End data"),
            SMTPReply(code: 250, text: "2.0.0 Ok: queued as 4Z9B1K8iD5z3xYi"),
        ])
        #expect(SMTPReply.parse(lines("550-5.1.1 first\r\n550 5.1.1 second\r\n221 2.0.0 Bye\r\n")) == [
            SMTPReply(code: 550, text: "5.1.1 first 5.1.1 second"),
            SMTPReply(code: 221, text: "2.0.0 Bye"),
        ])
        // A bare code, a reply cut off before its last line, codes outside 2xx-5xx.
        #expect(SMTPReply.parse(lines("250\r\n")) == [SMTPReply(code: 250, text: "")])
        #expect(SMTPReply.parse(lines("451-4.3.0 cut")) == [SMTPReply(code: 451, text: "4.3.0 cut")])
        #expect(SMTPReply.parse(lines("199 no\r\n600 no\r\n25 no\r\n250x no\r\n")) == [])
    }

    @Test("The queue id in a receipt")
    func queueID() {
        #expect(SMTPReceipt(code: 250, text: "2.0.0 Ok: queued as 4Z9B1K8iD5z3xYi").queueID == "4Z9B1K8iD5z3xYi")
        #expect(SMTPReceipt(code: 250, text: "2.0.0 OK id=1tXyZ-0004aB-Cd").queueID == nil)
        #expect(SMTPReceipt(code: 250, text: "Queued as ABC123 (accepted)").queueID == "ABC123")
    }

    @Test("Line ends become CR LF: bare LF, bare CR, CR LF kept, no CR LF added at the end")
    func lineEnds() {
        func crlf(_ text: String) -> String { String(decoding: SMTPSession.withCRLFLineEnds(Array(text.utf8)), as: UTF8.self) }
        #expect(crlf("a\nb\r\nc\rd") == "a\r\nb\r\nc\r\nd")
        #expect(crlf("\n.\n") == "\r\n.\r\n")
        #expect(crlf("\r\r\n\n") == "\r\n\r\n\r\n")
        #expect(crlf("no line end") == "no line end")
        #expect(crlf("") == "")
    }

    @Test("Plain addresses pass the envelope check; the null sender is allowed, a null recipient is not")
    func envelopeCheck() {
        #expect(throws: Never.self) {
            try SMTPSession.checkEnvelope(sender: "support@example.com", recipients: ["erika.beispiel@example.org", "a+b.c_d-e@sub.example.net"])
            try SMTPSession.checkEnvelope(sender: "", recipients: ["service@acme.example"])
        }
        #expect(throws: SMTPError.self) { try SMTPSession.checkEnvelope(sender: "support@example.com", recipients: [""]) }
        #expect(throws: SMTPError.self) { try SMTPSession.checkEnvelope(sender: "support@example.com", recipients: []) }
        #expect(throws: SMTPError.self) {
            try SMTPSession.checkEnvelope(sender: "support@example.com", recipients: [String(repeating: "a", count: 250) + "@example.org"])
        }
    }

    @Test("A fresh connection must show the login's 235; a reused one (no greeting) passes")
    func authenticationRequired() {
        #expect(SMTPSession.authenticationProblem(in: lines("220 hi\r\n250-mx\r\n250 AUTH PLAIN\r\n235 2.7.0 ok\r\n")) == nil)
        #expect(SMTPSession.authenticationProblem(in: lines("220 hi\r\n250-mx\r\n250 STARTTLS\r\n220 2.0.0 Ready\r\n250 mx\r\n")) != nil)
        #expect(SMTPSession.authenticationProblem(in: []) == nil)
    }

    @Test("Retry classes, and texts that name the configuration keys")
    func errors() {
        #expect(SMTPError.transient(code: 450, text: "4.2.0 busy").isRetryable)
        #expect(SMTPError.connectionFailed(detail: "x").isRetryable)
        #expect(SMTPError.timeout(detail: "x").isRetryable)
        #expect(SMTPError.tlsFailed(detail: "x").isRetryable)
        #expect(!SMTPError.permanent(code: 550, text: "5.1.1 unknown").isRetryable)
        #expect(!SMTPError.authenticationFailed.isRetryable)
        #expect(!SMTPError.startTLSUnavailable.isRetryable)
        #expect(!SMTPError.protocolError(detail: "x").isRetryable)
        #expect(SMTPError.permanent(code: 550, text: "5.1.1 unknown").description.contains("550 5.1.1 unknown"))
        #expect(SMTPError.authenticationFailed.description.contains("smtp.password_file"))
        #expect(SMTPError.tlsFailed(detail: "x").description.contains("smtp.ca_file"))
        #expect(SMTPSession.clip("a\r\nb\u{7}c") == "abc")
    }
}

/// What a server says about the envelope never reaches an error or a receipt.
@Suite("SMTP reply text without the people in it")
struct SMTPReplyRedactionTests {
    let redact = SMTPReplyRedaction(sender: "support@example.com", recipients: ["Ottilie.Probe@example.org"])

    @Test("the envelope addresses by their role, in any case")
    func envelope() {
        #expect(redact("550 5.1.1 <ottilie.probe@EXAMPLE.org>: Recipient address rejected") == "550 5.1.1 <recipient>: Recipient address rejected")
        #expect(redact("250 2.1.0 <support@example.com> sender ok") == "250 2.1.0 <sender> sender ok")
    }

    @Test("a local part quoted alone, and another address of the same person")
    func otherForms() {
        #expect(redact("550 5.1.1 ottilie.probe... User unknown") == "550 5.1.1 [local-part]... User unknown")
        #expect(redact("550 mailbox o.probe@mail.example.org is full (alias of Ottilie.Probe)") == "550 mailbox [address] is full (alias of [local-part])")
        #expect(redact("452 4.2.2 quota exceeded for \"o.probe@example.net\"") == "452 4.2.2 quota exceeded for \"[address]\"")
    }

    @Test("text without addresses stays as the server wrote it")
    func untouched() {
        #expect(redact("451 4.3.0 Temporary lookup failure; try again later") == "451 4.3.0 Temporary lookup failure; try again later")
        #expect(redact("") == "")
    }
}
