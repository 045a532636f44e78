import Foundation
import Privacy
import Testing

@Suite("Dedupe keys")
struct DedupeKeyerTests {
    let keyer = DedupeKeyer(master: try! MasterKey(bytes: Data(repeating: 3, count: 32)))

    func mail(_ headers: String, _ body: String, crlf: Bool = true) -> [UInt8] {
        let text = headers + "\n\n" + body
        return Array((crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text).utf8)
    }

    @Test("the same mail delivered twice, with other trace headers or line ends, has one key")
    func sameMail() {
        let fetched = mail("Received: from a\nMessage-ID: <x@example.org>\nSubject: Hallo", "Text\nZeile 2\n")
        let stored = mail("Received: from b\nReceived: from c\nMessage-ID: <x@example.org>\nSubject: Hallo", "Text\nZeile 2\n\n", crlf: false)
        #expect(keyer.key(raw: fetched, messageID: "x@example.org", fallbackIdentity: "") ==
                keyer.key(raw: stored, messageID: "x@example.org", fallbackIdentity: ""))
    }

    @Test("another body or another Message-ID is another mail")
    func otherMail() {
        let a = mail("Message-ID: <x@example.org>", "Text A")
        let b = mail("Message-ID: <x@example.org>", "Text B")
        #expect(keyer.key(raw: a, messageID: "x@example.org", fallbackIdentity: "") != keyer.key(raw: b, messageID: "x@example.org", fallbackIdentity: ""))
        #expect(keyer.key(raw: a, messageID: "x@example.org", fallbackIdentity: "") != keyer.key(raw: a, messageID: "y@example.org", fallbackIdentity: ""))
    }

    @Test("without a Message-ID the From, Date and Subject stand in; keys depend on the master key")
    func synthetic() {
        let body = mail("From: a@example.org", "Text")
        #expect(keyer.key(raw: body, messageID: nil, fallbackIdentity: "a|d|s") == keyer.key(raw: body, messageID: nil, fallbackIdentity: "a|d|s"))
        #expect(keyer.key(raw: body, messageID: nil, fallbackIdentity: "a|d|s") != keyer.key(raw: body, messageID: nil, fallbackIdentity: "a|d|t"))
        let other = DedupeKeyer(master: try! MasterKey(bytes: Data(repeating: 4, count: 32)))
        #expect(other.key(raw: body, messageID: nil, fallbackIdentity: "a|d|s") != keyer.key(raw: body, messageID: nil, fallbackIdentity: "a|d|s"))
    }
}
