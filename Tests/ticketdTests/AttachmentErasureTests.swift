import Foundation
import MailFormat
import TestSupport
import Testing

extension SendingTests {
    /// Issue 16 end to end through the binary, the real SQLite file and the real Postfix and
    /// Dovecot: a form with hostile attachments is taken in over IMAP, listed, one is written
    /// out, one goes to the partner (audit event, register entry), and after the erasure the
    /// invoice's bytes are found nowhere ticketd keeps or reaches.
    @Suite("Attachments end to end, and their erasure", .serialized)
    struct AttachmentErasureTests {
        typealias Proof = ProvableErasureTests
        static let customer = "ilse.kanarienvogel@example.org"

        @Test("listed, written out, forwarded with register entry; erased: the invoice bytes are in no database file, WAL, log, export or support mailbox, and the partner is asked to erase its copy")
        func attachmentLifecycle() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            for user in [Proof.support, Proof.partner, Self.customer] { servers.reset(user) }
            let fixture = try ReferenceProcessTests.fixture(servers)
            let transcript = Proof.Transcript()
            let tag = String(UInt32.random(in: 100_000...999_999))
            let surname = "Kanarienvogel\(tag)"
            let invoice = AttachmentMail.invoice(tag)
            try Proof.takeIn(AttachmentMail.form(name: "Ilse \(surname)", email: Self.customer, surname: surname, tag: tag, messageID: "att-\(tag)@web.example.org"),
                             servers: servers, fixture: fixture, transcript: transcript)

            // Listed for the agent (JSON), counted for a partner's view.
            let shown = try ReferenceProcessTests.run(["ticket", "show", "1", "--json"], fixture)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], "\(shown.stderr)")
            let list = try #require(document["attachments"] as? [[String: Any]])
            #expect(list.count == 6 && list[0]["file_name"] as? String == "Rechnung März.pdf" && list[1]["size"] as? Int == 0)
            let partnerView = try Proof.run(["ticket", "show", "1", "--as", "partner"], fixture, transcript)
            #expect(partnerView.stdout.contains("Attachments: 6 (") && !partnerView.stdout.contains("Rechnung März"), "\(partnerView.stdout)")

            // Written out: the bytes, owner-only; the same path again is refused and left alone.
            let outDirectory = TemporaryDirectory()
            let out = outDirectory.file("rechnung.pdf")
            let written = try Proof.run(["ticket", "attachment", "1", "1", "--out", out], fixture, transcript)
            #expect(written.status == 0 && FileManager.default.contents(atPath: out).map(Array.init) == invoice, "\(written.stderr)")
            #expect((try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int) == 0o600)
            let again = try Proof.run(["ticket", "attachment", "1", "1", "--out", out], fixture, transcript)
            #expect(again.status != 0 && again.stderr.contains("never written over"), "\(again.stderr)")
            try FileManager.default.removeItem(atPath: out)

            // Forwarded: refused without a reason, then passed with one.
            let refused = try Proof.run(["ticket", "forward", "1", "--partner", "acme", "--attach", "1"], fixture, transcript)
            #expect(refused.status != 0 && refused.stderr.contains("--attach-reason"), "\(refused.stderr)")
            let forwarded = try Proof.run(["ticket", "forward", "1", "--partner", "acme", "--attach", "1", "--attach", "6", "--attach-reason", "warranty repair"], fixture, transcript)
            #expect(forwarded.status == 0 && forwarded.stdout.contains("with 2 attachments"), "\(forwarded.stdout)\(forwarded.stderr)")
            // The name in an unknown charset makes the mail "not read cleanly": an agent releases the copy.
            let outbox = try ReferenceProcessTests.run(["outbox", "--json"], fixture)
            let items = try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
            for item in items where item["state"] as? String == "held" {
                #expect(try Proof.run(["outbox", "--release", "\(item["id"] as? Int ?? 0)"], fixture, transcript).status == 0)
            }
            #expect(try Proof.run(["serve", "--once"], fixture, transcript).status == 0)
            #expect(waitFor(20) { ReferenceProcessTests.mails(servers, Proof.partner).count == 1 })
            let copy = try #require(ReferenceProcessTests.mails(servers, Proof.partner).first)
            #expect(copy.message.attachments.map(\.filename) == ["Rechnung März.pdf", "attachment-6.jpg"])
            #expect(copy.message.attachments.first?.data == invoice)
            #expect(!String(decoding: copy.raw, as: UTF8.self).contains(surname))
            let register = try Proof.run(["register", "--format", "json"], fixture, transcript).stdout
            #expect(register.contains("attachment: application/pdf") && register.contains("attachment: image/jpeg"), "\(register)")
            let audit = try Proof.run(["audit", "log", "--ticket", "1"], fixture, transcript).stdout
            #expect(audit.contains("attachment.opened") && audit.contains("warranty repair"), "\(audit)")

            // The manufacturer answers with the invoice attached again: threaded, into the support mailbox.
            let replyTo = try #require(copy.message.header.first("Reply-To").map { AddressListParser.parse($0.value) }?.first?.address)
            let answer = """
            From: ACME Service <service@acme.example>\r
            To: \(replyTo)\r
            Subject: Re: \(copy.message.subject ?? "")\r
            Message-ID: <acme-answer-\(tag)@acme.example>\r
            In-Reply-To: <\(copy.message.messageID ?? "")>\r
            Date: Thu, 03 Dec 2026 12:00:00 +0100\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="acme"\r
            \r
            --acme\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Garantie bestätigt, Rechnung anbei zurück.\r
            --acme\r
            Content-Type: application/pdf; name="rechnung.pdf"\r
            Content-Disposition: attachment; filename="rechnung.pdf"\r
            Content-Transfer-Encoding: base64\r
            \r
            \(Data(invoice).base64EncodedString())\r
            --acme--\r
            """
            try servers.deliver([fixture.directory.write("acme-answer.eml", answer)], to: replyTo.description, from: Proof.partner)
            #expect(waitFor(20) { servers.count(Proof.support, mailbox: "INBOX") == 1 })
            let polled = try Proof.run(["serve", "--once"], fixture, transcript)
            #expect(polled.stdout.contains("\"event\":\"ticket.reply_received\""), "\(polled.stdout)")

            // Erased: the invoice in the clear or as the base64 the mails carried.
            let needles = [Data(invoice), Data(Data(invoice).base64EncodedString().prefix(40).utf8), Data("Kanarienbeleg-\(tag)".utf8)]
            let maildir = servers.maildir(of: Proof.support)
            #expect(Proof.files(under: maildir).contains { file in needles.contains { FileBytes.contains(file, $0) } }, "the check must be able to find the invoice")
            let erased = try Proof.run(["subject", "erase", "--email", Self.customer], fixture, transcript)
            #expect(erased.status == 0 && erased.stdout.contains("copies are expunged"), "\(erased.stdout)\(erased.stderr)")
            #expect(servers.doveadm(["mailbox", "cache", "purge", "-u", Proof.support, "INBOX", "Processed"]).status == 0)
            let exported = try Proof.run(["subject", "export", "--email", Self.customer, "--json"], fixture, transcript)
            #expect(exported.status == 0 && exported.stdout.contains("\"found\""))
            var left: [String] = []
            for needle in needles {
                for file in FileBytes.databaseFiles(fixture.databasePath) + Proof.files(under: maildir) where FileBytes.contains(file, needle) { left.append(file) }
                if transcript.all.utf8.count > 0, transcript.all.contains(String(decoding: needle, as: UTF8.self)) { left.append("the command output or logs") }
            }
            #expect(left.isEmpty, "the invoice's bytes are left in \(left)")

            // The partner's copy is out of ticketd's reach; the partner is asked to erase it
            // (Art. 17(2), 19), by the copy's Message-ID and nothing about the person.
            #expect(erased.stdout.contains("asked partner acme to erase the copies"), "\(erased.stdout)")
            #expect(try Proof.run(["serve", "--once"], fixture, transcript).status == 0)
            #expect(waitFor(20) { ReferenceProcessTests.mails(servers, Proof.partner).count == 2 })
            let notice = try #require(ReferenceProcessTests.mails(servers, Proof.partner).first { $0.message.messageID != copy.message.messageID })
            let copyID = try #require(copy.message.messageID)
            #expect(notice.message.text.contains("<\(copyID)>") && notice.message.references.contains(copyID))
            #expect(notice.message.attachments.isEmpty)
            let noticeText = String(decoding: notice.raw, as: UTF8.self)
            for value in [surname, Self.customer, "Kanarienbeleg-\(tag)", String(Data(invoice).base64EncodedString().prefix(40))] {
                #expect(!noticeText.contains(value), "the notice carries a value of the person")
            }
            let registerAfter = try Proof.run(["register", "--format", "json"], fixture, transcript).stdout
            #expect(registerAfter.contains("\"erasure_notice\" : \"sent\""), "\(registerAfter)")
            #expect(try Proof.run(["audit", "verify"], fixture, transcript).status == 0)
        }
    }
}
