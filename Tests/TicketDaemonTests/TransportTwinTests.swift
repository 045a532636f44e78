import Foundation
import MailTransport
import Testing
import TransportFakes

/// The in-memory twins behave as the real sessions do where the use cases rely on it, so that
/// a use-case test passing on them means something.
@Suite("The in-memory IMAP and SMTP twins")
struct TransportTwinTests {
    @Test("UIDs only increase, a move reports new UIDs and notFound for a UID that is gone, deletes ignore missing UIDs")
    func mailboxes() throws {
        let server = InMemoryMailServer()
        let first = server.deliver(Array("Message-ID: <a@example.org>\r\n\r\nA".utf8))
        let second = server.deliver(Array("Subject: B\r\nMessage-ID:\r\n <b@example.org>\r\n\r\nMessage-ID: <a@example.org>".utf8))
        #expect((first, second) == (1, 2))
        #expect(throws: IMAPError.mailboxMissing("Processed")) { try server.move(uids: [first], from: "INBOX", to: "Processed") }
        try server.createMailbox("Processed")
        try server.createMailbox("Processed")
        #expect(try server.move(uids: [first, 99], from: "INBOX", to: "Processed") == [first: .moved(newUID: 1), 99: .notFound])
        #expect(try server.move(uids: [first], from: "INBOX", to: "Processed") == [first: .notFound])
        #expect(server.deliver(Array("C".utf8)) == 3, "a UID is never used again")
        #expect(try server.uids(in: "INBOX", above: 0) == [2, 3])
        #expect(try server.uids(in: "INBOX", above: 2) == [3])
        #expect(try server.uids(withMessageID: "b@example.org", in: "INBOX") == [2], "a folded field, CR LF line ends")
        #expect(try server.uids(withMessageID: "a@example.org", in: "INBOX") == [], "the body is not searched")
        #expect(try server.uids(withMessageID: "b@example.org", in: "Nowhere") == [])
        try server.delete(uids: [2, 2, 42], in: "INBOX")
        #expect(try server.status(of: "INBOX").exists == 1)
        #expect(throws: IMAPError.self) { try server.fetch(uid: 2, in: "INBOX") }
        #expect(throws: IMAPError.mailboxMissing("Nowhere")) { try server.status(of: "Nowhere") }
    }

    @Test("renumbering gives a new UIDVALIDITY; faults fail what they name, and a dropped connection comes back")
    func faults() throws {
        let server = InMemoryMailServer()
        for _ in 1...3 { server.deliver(Array("x".utf8)) }
        let validity = try server.status(of: "INBOX").uidValidity
        server.renumber("INBOX")
        #expect(try server.status(of: "INBOX").uidValidity != validity)
        server.failFetch(uid: 2)
        #expect(try server.fetch(uid: 1, in: "INBOX") == Array("x".utf8))
        #expect(throws: IMAPError.self) { try server.fetch(uid: 2, in: "INBOX") }
        server.dropConnection(afterCommands: 1)
        _ = try server.status(of: "INBOX")
        #expect(throws: IMAPError.self) { try server.status(of: "INBOX") }
        _ = try server.status(of: "INBOX")
        let old = Date(timeIntervalSince1970: 1_000_000_000)
        let uid = server.deliver(Array("y".utf8), receivedAt: old)
        #expect(try server.uidsReceived(before: old.addingTimeInterval(86_400), in: "INBOX") == [uid])
        #expect(try server.uidsReceived(before: old, in: "INBOX") == [], "BEFORE compares whole days")
    }

    @Test("the SMTP twin answers from its script with the real types and records every attempt")
    func submission() throws {
        let smtp = ScriptedSubmissionServer(script: [.temporaryRefusal, .permanentRefusal], otherwise: .accepted)
        #expect(throws: SMTPError.transient(code: 451, text: "4.3.0 Try again later")) {
            try smtp.send(from: "support@example.com", to: ["a@example.org"], message: Array("m".utf8))
        }
        #expect(throws: SMTPError.self) { try smtp.send(from: "support@example.com", to: ["a@example.org"], message: Array("m".utf8)) }
        #expect(try smtp.send(from: "support@example.com", to: ["a@example.org"], message: Array("m".utf8)).code == 250)
        #expect(throws: SMTPError.self) { try smtp.send(from: "support@example.com", to: [], message: Array("m".utf8)) }
        #expect(smtp.attempts.map(\.delivered) == [false, false, true])
        #expect(smtp.delivered.count == 1)
    }
}
