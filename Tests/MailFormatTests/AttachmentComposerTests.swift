import Foundation
// Testable for the boundary's fallback, which no real message can reach.
@testable import MailFormat
import Testing

@Suite("Composing mail with attachments")
struct AttachmentComposerTests {
    static let allBytes = (0...255).map { UInt8($0) }
    static let json = Array("{\"subject\":\"P-7f3a\",\"tickets\":[12,13]}\n".utf8)

    static func mail(body: String = "Guten Tag,\n\nanbei Ihre Daten.\n", _ attachments: [OutgoingAttachment]) -> OutgoingMail {
        OutgoingMail(from: ComposerTests.support, to: [ComposerTests.customer], subject: "Ihre Auskunft", date: ComposerTests.date,
                     messageID: "t12.a8f3c9@example.com", body: body, attachments: attachments)
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The header lines of every part (the message's own first), unfolded, for looking at parameters.
    static func unfoldedFields(_ bytes: [UInt8]) -> [String] {
        var fields: [String] = []
        var inHeader = true
        for line in text(bytes).components(separatedBy: "\r\n") {
            if line.hasPrefix("--=_") { inHeader = true; continue }
            guard inHeader else { continue }
            if line.isEmpty { inHeader = false } else if line.hasPrefix(" "), !fields.isEmpty { fields[fields.count - 1] += line } else { fields.append(line) }
        }
        return fields
    }

    // MARK: Exact output

    @Test("a message with one attachment has exactly the expected bytes")
    func golden() throws {
        let mail = Self.mail([OutgoingAttachment(filename: "auskunft.json", mimeType: "application/json", data: Self.json)])
        let expected = """
        Date: Mon, 03 Feb 2025 09:05:00 +0000\r
        From: Support <support@example.com>\r
        To: =?utf-8?b?SsO8cmdlbiBXZWnDnw==?= <juergen.weiss@example.de>\r
        Subject: Ihre Auskunft\r
        Message-ID: <t12.a8f3c9@example.com>\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="BOUNDARY"\r
        \r
        --BOUNDARY\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: quoted-printable\r
        \r
        Guten Tag,\r
        \r
        anbei Ihre Daten.\r
        \r
        --BOUNDARY\r
        Content-Type: application/json; name="auskunft.json"\r
        Content-Disposition: attachment; filename="auskunft.json"\r
        Content-Transfer-Encoding: base64\r
        \r
        eyJzdWJqZWN0IjoiUC03ZjNhIiwidGlja2V0cyI6WzEyLDEzXX0K\r
        --BOUNDARY--\r

        """
        let bytes = try MailComposer.compose(mail)
        #expect(Self.text(bytes) == expected.replacingOccurrences(of: "BOUNDARY", with: "=_b45b54ff99cd67271250a19ca8ce369d"))
        #expect(try MailComposer.compose(mail) == bytes, "the same input gives the same bytes")
        #expect(ComposerCheck.problems(mail, bytes, strictLineLength: true) == [])
    }

    @Test("without attachments the bytes are those of the single-part message, which is the multipart's text part")
    func withoutAttachmentsUnchanged() throws {
        let old = OutgoingMail(from: ComposerTests.support, to: [ComposerTests.customer], subject: "Ihre Auskunft",
                               date: ComposerTests.date, messageID: "t12.a8f3c9@example.com", body: "Grüße\n.\nFrom me =\n")
        var none = old
        none.attachments = []
        #expect(old == none && old.attachments.isEmpty)
        let single = try MailComposer.compose(old)
        #expect(try MailComposer.compose(none) == single)
        #expect(Self.text(single).contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"))
        var with = old
        with.attachments = [OutgoingAttachment(filename: "a.json", mimeType: "application/json", data: Self.json)]
        let multipart = try MailComposer.compose(with)
        let (_, singleBody) = try #require(ComposerCheck.split(single))
        #expect(Self.text(multipart).contains("\r\n\r\n" + Self.text(singleBody) + "\r\n--=_"))
        #expect(ComposerCheck.problems(with, multipart, strictLineLength: true) == [])
    }

    // MARK: Round trips

    static let filenames: [String] = [
        "auskunft.json", "Auskunft nach Art. 15 DSGVO.json", "Grüße.txt", "Şikâyet dökümü İstanbul.pdf", "テレビの設定.json",
        "📺 Fernseher 👨‍👩‍👧‍👦 🇩🇪.png", "e\u{301}te\u{301}.csv", "quote\"and\\backslash.json", "=?utf-8?q?fake?=.json",
        "100% sicher; (wirklich) <ja>, a=b?.json", "it's *all* [here].json", "=_looks-like-a-boundary.txt",
        String(repeating: "long-ascii-name-", count: 9) + ".json", String(repeating: "Übergröße ", count: 15) + ".json",
        String(repeating: "漢", count: 83) + ".txt", String(repeating: "👍🏽", count: 31) + ".png", "x",
    ]

    @Test("file names come back exactly through MessageParser", arguments: filenames)
    func filenameRoundTrip(filename: String) throws {
        let mail = Self.mail([OutgoingAttachment(filename: filename, mimeType: "application/json", data: Self.json)])
        let bytes = try MailComposer.compose(mail)
        #expect(ComposerCheck.problems(mail, bytes, strictLineLength: true) == [])
        let message = try MessageParser().parse(bytes)
        #expect(message.text == "Guten Tag,\n\nanbei Ihre Daten.\n")
        #expect(message.attachments.map(\.filename) == [filename])
        #expect(message.notes.isEmpty)
    }

    @Test("non-ASCII and long names are sent in RFC 2231 form, in sections that end between characters")
    func rfc2231() throws {
        let bytes = try MailComposer.compose(Self.mail([
            OutgoingAttachment(filename: "Grüße.txt", mimeType: "text/plain", data: []),
            OutgoingAttachment(filename: String(repeating: "漢", count: 40) + ".txt", mimeType: "text/plain", data: []),
            OutgoingAttachment(filename: "a\"b.txt", mimeType: "text/plain", data: []),
        ]))
        let fields = Self.unfoldedFields(bytes)
        #expect(fields.contains("Content-Type: text/plain; name*=utf-8''Gr%C3%BC%C3%9Fe.txt"))
        #expect(fields.contains("Content-Disposition: attachment; filename*=utf-8''Gr%C3%BC%C3%9Fe.txt"))
        #expect(fields.contains("Content-Disposition: attachment; filename*=utf-8''a%22b.txt"))
        let long = try #require(fields.first { $0.contains("filename*0*=") })
        let sections = long.components(separatedBy: "; ").dropFirst()
        #expect(sections.count > 1)
        for (number, section) in sections.enumerated() {
            let value = try #require(section.components(separatedBy: "=").dropFirst().first)
            #expect(section.hasPrefix("filename*\(number)*="))
            let encoded = number == 0 ? String(value.dropFirst("utf-8''".count)) : value
            let decoded = try #require(encoded.removingPercentEncoding, "each section is whole UTF-8 on its own")
            #expect(decoded.unicodeScalars.allSatisfy { $0 == "漢" || $0 == "." || $0 == "t" || $0 == "x" })
        }
        #expect(ComposerCheck.split(bytes).map { $0.lines.allSatisfy { $0.utf8.count <= 78 } } == true)
    }

    @Test("binary data (every byte value), empty data and several attachments come back byte for byte")
    func binaryData() throws {
        let attachments = [
            OutgoingAttachment(filename: "all-bytes.bin", mimeType: "application/octet-stream", data: Self.allBytes),
            OutgoingAttachment(filename: "empty.json", mimeType: "application/json", data: []),
            OutgoingAttachment(filename: "reversed.bin", mimeType: "application/octet-stream",
                               data: Array(repeating: Self.allBytes.reversed(), count: 3).flatMap { $0 }),
            OutgoingAttachment(filename: "one.bin", mimeType: "application/octet-stream", data: [0]),
            OutgoingAttachment(filename: "one-line.bin", mimeType: "application/octet-stream", data: Array(repeating: 0xFF, count: 57)),
            OutgoingAttachment(filename: "two-lines.bin", mimeType: "application/octet-stream", data: Array(repeating: 0x0D, count: 58)),
            OutgoingAttachment(filename: "Übersicht.csv", mimeType: "Text/CSV", data: Array("a;b\r\nä;\0\n".utf8)),
        ]
        for body in ["Guten Tag,\n\nanbei Ihre Daten.\n", ""] {
            let mail = Self.mail(body: body, attachments)
            let bytes = try MailComposer.compose(mail)
            #expect(ComposerCheck.problems(mail, bytes, strictLineLength: true) == [])
            let message = try MessageParser().parse(bytes)
            #expect(message.text == body)
            #expect(message.attachments.map(\.filename) == attachments.map(\.filename))
            #expect(message.attachments.map(\.mimeType) == attachments.map { $0.mimeType.lowercased() })
            #expect(message.attachments.map(\.data) == attachments.map(\.data))
            #expect(message.notes.isEmpty)
        }
    }

    @Test("generated messages with attachments (hostile names among them) come back exactly")
    func generatedRoundTrips() throws {
        var samples = ComposerSamples(seed: 0xA77A_C4)
        var failures: [String] = []
        for index in 0..<200 {
            var mail = samples.mail(hostile: index % 2 == 0)
            mail.attachments = samples.attachments(hostile: index % 2 == 0)
            if mail.attachments.isEmpty { mail.attachments = [OutgoingAttachment(filename: "x.bin", mimeType: "image/png", data: samples.data())] }
            let problems = ComposerCheck.problems(mail, try MailComposer.compose(mail), strictLineLength: true)
            if !problems.isEmpty { failures.append("message \(index): \(problems)") }
        }
        #expect(failures.isEmpty, "\(failures.count) failed; first: \(failures.prefix(3))")
    }

    // MARK: Hostile names and refusals

    @Test("file names are sanitized: CR, LF, NUL and other controls never reach a header", arguments: ComposerTests.injections)
    func sanitizedFilenames(payload: String) throws {
        let filename = "report\(payload)end.json"
        let mail = Self.mail([OutgoingAttachment(filename: filename, mimeType: "application/json", data: Self.json)])
        let bytes = try MailComposer.compose(mail)
        #expect(ComposerCheck.problems(mail, bytes, strictLineLength: true) == [])
        let fields = Self.unfoldedFields(bytes)
        #expect(!fields.contains { $0.lowercased().hasPrefix("bcc") || $0.lowercased().hasPrefix("x-evil") || $0.hasPrefix("body") })
        let message = try MessageParser().parse(bytes)
        #expect(message.attachments.first?.filename == HeaderText.sanitized(filename))
        #expect(message.attachments.first?.filename?.unicodeScalars.contains { HeaderText.isControl($0) } == false)
    }

    @Test("invalid media types and file names are refused, naming the position only")
    func refusals() throws {
        let good = OutgoingAttachment(filename: "a.json", mimeType: "application/json", data: [])
        let badTypes = ["", "application", "application/", "/json", "application/json; charset=utf-8", "application/ json",
                        " application/json", "a/b/c", "text/pläin", "text/pl@in", "multipart/mixed", "Multipart/Related",
                        "message/rfc822", "MESSAGE/global", String(repeating: "a", count: 128) + "/json", "application/json\r\nBcc: x"]
        for type in badTypes {
            let mail = Self.mail([good, OutgoingAttachment(filename: "b.json", mimeType: type, data: [1])])
            #expect(throws: CompositionError.invalidAttachmentType(index: 1)) { try MailComposer.compose(mail) }
        }
        #expect(throws: Never.self) {
            try MailComposer.compose(Self.mail([OutgoingAttachment(filename: "b", mimeType: String(repeating: "a", count: 127) + "/x.y+z-1", data: [])]))
        }
        for name in ["", " ", "\r\n", "\0", "\t\u{2028} \u{85}", String(repeating: "ü", count: 128)] {
            let mail = Self.mail([good, OutgoingAttachment(filename: name, mimeType: "application/json", data: [1])])
            #expect(throws: CompositionError.invalidAttachmentFilename(index: 1)) { try MailComposer.compose(mail) }
        }
        #expect(throws: Never.self) {
            try MailComposer.compose(Self.mail([OutgoingAttachment(filename: String(repeating: "ü", count: 127) + "x", mimeType: "a/b", data: [])]))
        }
        let descriptions = [CompositionError.invalidAttachmentType(index: 3), .invalidAttachmentFilename(index: 3)].map(\.description)
        #expect(descriptions.allSatisfy { $0.hasPrefix("attachment 3 ") })
    }

    // MARK: Boundary

    @Test("the boundary is =_ and 32 hex digits, the same for the same message, different for others")
    func boundary() throws {
        func boundary(_ mail: OutgoingMail) throws -> String? {
            try ComposerCheck.split(MailComposer.compose(mail)).flatMap { ComposerCheck.boundary(header: $0.lines) }
        }
        let attachment = OutgoingAttachment(filename: "a.json", mimeType: "application/json", data: Self.json)
        let mail = Self.mail([attachment])
        let first = try #require(try boundary(mail))
        #expect(first.hasPrefix("=_") && first.count == 34)
        #expect(try boundary(mail) == first)
        var other = mail
        other.messageID = "t13.a8f3c9@example.com"
        var otherData = mail
        otherData.attachments[0].data.append(0)
        var otherName = mail
        otherName.attachments[0].filename = "b.json"
        let others = try [other, otherData, otherName].map(boundary)
        #expect(Set(others + [Optional(first)]).count == 4)
    }

    @Test("a candidate boundary found anywhere in a part is replaced by the next one")
    func boundaryCollision() {
        let digest = BoundaryDigest()
        let first = MailComposer.boundary(digest, avoiding: [])
        let second = MailComposer.boundary(digest, avoiding: [Array("x\(first)y".utf8)])
        let third = MailComposer.boundary(digest, avoiding: [Array(first.utf8), Array("--\(second)".utf8)])
        #expect(Set([first, second, third]).count == 3)
        #expect([second, third].allSatisfy { $0.hasPrefix("=_") && $0.count == 34 })
        #expect(MailComposer.contains(Array("ab".utf8), Array("ab".utf8)) && !MailComposer.contains(Array("a".utf8), Array("ab".utf8)))
    }

    @Test("OutgoingMail compares and hashes its attachments")
    func hashable() {
        let a = Self.mail([OutgoingAttachment(filename: "a.json", mimeType: "application/json", data: [1])])
        var b = a
        #expect(a == b && a.hashValue == b.hashValue)
        b.attachments[0].data = [2]
        #expect(a != b)
        var c = a
        c.attachments.append(c.attachments[0])
        #expect(Set([a, b, c, a]).count == 3)
    }
}
