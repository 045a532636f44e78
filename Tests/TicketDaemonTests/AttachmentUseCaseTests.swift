import Foundation
import MailFormat
import TestSupport
import Testing
import TicketStore
import Tickets
import TransportFakes
@testable import TicketDaemon

/// Issue 16, attachments, through the use cases on a real SQLite file: listing for each role,
/// writing one out, passing them to a partner with the register entry and the audit event, the
/// refusals, and hostile names.
@Suite("Attachments through the use cases")
struct AttachmentUseCaseTests {
    let desk: UseCaseFixture
    let agent = try! Actor(.agent, "test-agent")
    let tag = String(UInt32.random(in: 100_000...999_999))
    var surname: String { "Kanarienvogel\(tag)" }
    let directory = TemporaryDirectory()

    init() throws {
        desk = try UseCaseFixture()
        let mail = AttachmentMail.form(name: "Ilse \(surname)", email: "ilse.k\(tag)@example.org", surname: surname, tag: tag, messageID: "att-\(tag)@web.example.com")
        _ = try MailIngest.run(desk.runtime, paths: [directory.write("form.eml", mail)])
        try #require(try desk.runtime.database.tickets.list().count == 1, "the form opens one ticket")
    }

    func json(_ role: Role) throws -> [[String: Any]] {
        let text = try TicketView.show(desk.runtime, id: 1, role: role, json: true)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try #require(document["attachments"] as? [[String: Any]], "\(text)")
    }

    @Test("the agent sees number, name, type, size and SHA-256 (names escaped in text); other roles the count and types only")
    func listing() throws {
        let list = try json(.agent)
        #expect(list.map { $0["index"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(list.map { $0["media_type"] as? String } == ["application/pdf", "text/plain", "image/jpeg", "application/octet-stream", "text/plain", "image/jpeg"])
        #expect(list[0]["file_name"] as? String == "Rechnung März.pdf" && list[0]["size"] as? Int == AttachmentMail.invoice(tag).count)
        #expect(list[0]["sha256"] as? String == TicketAttachments.sha256(AttachmentMail.invoice(tag)))
        #expect(list[1]["size"] as? Int == 0, "a zero-byte file is kept and listed")
        #expect(list[2]["file_name"] as? String == "../../etc/passwd" && list[2]["size"] as? Int == AttachmentMail.lyingBytes.count)
        #expect(list[3]["file_name"] as? String == "invoice\u{202E}fdp.exe")
        #expect(list[4]["size"] as? Int == 4, "a name in an unknown charset does not lose the file")

        let text = try TicketView.show(desk.runtime, id: 1, role: .agent, json: false)
        #expect(text.contains("Attachments: 6") && text.contains("\"invoice\\u{202E}fdp.exe\"") && text.contains("\"Rechnung März.pdf\""), "\(text)")
        #expect(!text.unicodeScalars.contains("\u{202E}"), "no bidi override reaches the terminal")

        for role in [Role.department, .partner] {
            let others = try json(role)
            #expect(others.count == 6 && others.allSatisfy { Set($0.keys) == ["index", "media_type"] }, "\(others)")
            let shown = try TicketView.show(desk.runtime, id: 1, role: role, json: false)
            #expect(shown.contains("Attachments: 6 (application/pdf, text/plain") && !shown.contains("Rechnung März") && !shown.contains(surname), "\(shown)")
        }
    }

    @Test("written out: the bytes match, 0600, exactly at the chosen path, audited without the name; an existing path is refused")
    func extraction() throws {
        for (index, bytes) in [(1, AttachmentMail.invoice(tag)), (2, []), (3, AttachmentMail.lyingBytes)] {
            let path = directory.file("out-\(index)")
            let said = try TicketAttachments.extract(desk.runtime, ticket: 1, index: index, out: path, actor: agent)
            #expect(FileManager.default.contents(atPath: path).map(Array.init) == bytes, "\(said)")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["form.eml", "out-1", "out-2", "out-3"], "nothing else written, no temporary file left: \(names)")

        let existing = directory.write("taken", "keep me")
        #expect(throws: OperatorError.self) { try TicketAttachments.extract(desk.runtime, ticket: 1, index: 1, out: existing, actor: agent) }
        #expect(FileManager.default.contents(atPath: existing) == Data("keep me".utf8))
        #expect(symlink(directory.file("nowhere"), directory.file("link")) == 0)
        #expect(throws: OperatorError.self) { try TicketAttachments.extract(desk.runtime, ticket: 1, index: 1, out: directory.file("link"), actor: agent) }
        #expect(!FileManager.default.fileExists(atPath: directory.file("nowhere")), "a dangling link is not followed")
        #expect(throws: OperatorError.self) { try TicketAttachments.extract(desk.runtime, ticket: 1, index: 7, out: directory.file("seven"), actor: agent) }

        let opened = try desk.runtime.database.audit.events(ticket: 1).filter { $0.action == "attachment.opened" }
        #expect(opened.count == 3)
        #expect(opened.first?.details["sha256"] == TicketAttachments.sha256(AttachmentMail.invoice(tag)) && opened.first?.details["media_type"] == "application/pdf")
        let audit = opened.map { "\($0.details)" }.joined()
        #expect(!audit.contains("Rechnung März") && !audit.contains("passwd") && !audit.contains(surname))
    }

    @Test("forwarded with --attach: refusals first, then the copy carries safe names, the audit event and the transfer log name type and SHA-256")
    func forwarding() throws {
        func forward(_ attach: [Int], reason: String?) throws -> String {
            try TicketActions.forward(desk.runtime, ticket: 1, partner: "acme", note: nil, allowSensitive: nil, actor: agent, attach: attach, attachReason: reason)
        }
        let before = try desk.runtime.database.outbox.items().count
        #expect(throws: OperatorError.self) { try forward([1], reason: nil) }
        #expect(throws: OperatorError.self) { try forward([9], reason: "repair") }
        #expect(try desk.runtime.database.outbox.items().count == before, "a refusal queues nothing")

        _ = try forward([1, 3, 4, 6], reason: "warranty repair needs the invoice")
        // The name in an unknown charset makes the mail "not read cleanly": the copy waits for an agent.
        for item in try desk.runtime.database.outbox.items() where item.state == .held {
            _ = try OutboxRelease.release(desk.runtime, id: item.id, actor: agent)
        }
        let smtp = ScriptedSubmissionServer(script: [.accepted])
        #expect(try OutboxPass.run(desk.runtime, session: smtp).sent == 1)
        let sent = try MessageParser().parse(try #require(smtp.delivered.first?.message))
        let names = sent.attachments.compactMap(\.filename)
        #expect(names == ["Rechnung März.pdf", "_.._etc_passwd", "invoicefdp.exe", "attachment-6.jpg"], "\(names)")
        #expect(sent.attachments.first?.data == AttachmentMail.invoice(tag))
        #expect(!String(decoding: smtp.delivered[0].message, as: UTF8.self).contains(surname), "the surname leaks through no name")
        #expect(sent.text.contains("2 attachments withheld"), "\(sent.text)")

        let transfer = try #require(try desk.runtime.database.register.log(deliveredOnly: true).first)
        #expect(transfer.dataCategories.contains("attachment: application/pdf") && transfer.dataCategories.contains("attachment: image/jpeg")
            && transfer.dataCategories.contains("attachment: application/octet-stream"), "\(transfer.dataCategories)")
        let event = try #require(try desk.runtime.database.audit.events(ticket: 1).first { $0.action == "ticket.forwarded" })
        #expect(event.details["attach_reason"] == "warranty repair needs the invoice")
        #expect(event.details["attachments"]?.hasPrefix("1:application/pdf:\(TicketAttachments.sha256(AttachmentMail.invoice(tag)))") == true, "\(event.details)")
        #expect(!"\(event.details)".contains("Rechnung März") && !"\(event.details)".contains(surname))
    }

    @Test("a ticket with special categories: attachments go only with --allow-sensitive too, and nothing is queued before")
    func sensitiveTicket() throws {
        let mail = AttachmentMail.form(name: "Ilse \(surname)", email: "ilse.h\(tag)@example.org", surname: surname, tag: tag, messageID: "health-\(tag)@web.example.com",
                                       message: "Ich trage seit Jahren Hörgeräte wegen meiner Schwerhörigkeit. Das Attest und die Rechnung sind anbei.")
        _ = try MailIngest.run(desk.runtime, paths: [directory.write("health.eml", mail)])
        let record = try #require(try desk.runtime.database.tickets.list().first { $0.id == 2 })
        try #require(!record.sensitive.isEmpty, "the form names a health condition")
        let before = (try desk.runtime.database.outbox.items().count, try desk.runtime.database.audit.events().count)
        do {
            _ = try TicketActions.forward(desk.runtime, ticket: 2, partner: "acme", note: nil, allowSensitive: nil, actor: agent, attach: [1], attachReason: "warranty repair")
            Issue.record("forwarding a health ticket's attachment without --allow-sensitive passed")
        } catch {
            guard case .refused(.sensitiveAttachmentNeedsAllowSensitive(ticket: 2, let categories)) = error else {
                Issue.record("refused for another reason: \(error)")
                return
            }
            #expect(categories == record.sensitive)
            #expect(error.description.contains("--allow-sensitive"), "\(error.description)")
        }
        #expect((try desk.runtime.database.outbox.items().count, try desk.runtime.database.audit.events().count) == before, "a refusal changes nothing")
        let answer = try TicketActions.forward(desk.runtime, ticket: 2, partner: "acme", note: nil, allowSensitive: "the partner repairs hearing-aid pairing",
                                               actor: agent, attach: [1], attachReason: "warranty repair")
        #expect(answer.contains("with 1 attachment"), "\(answer)")
        #expect(try desk.runtime.database.outbox.items().count == before.0 + 1)
    }

    @Test("a copy larger than [limits] max_message_size is refused before anything is queued")
    func copyTooLarge() throws {
        // The limit was lowered after the mail came in: the copy would now be larger than ticketd takes in.
        desk.configuration.rewrite { replacingFirst($0, "max_message_size = \"25 MB\"", "max_message_size = \"1 KiB\"") }
        let runtime = try Runtime.open(configPath: desk.configuration.configPath, environment: [:], logSink: .memory(), now: { desk.clock.now })
        let before = try runtime.database.outbox.items().count
        do {
            _ = try TicketActions.forward(runtime, ticket: 1, partner: "acme", note: nil, allowSensitive: nil, actor: agent, attach: [1, 6], attachReason: "warranty repair")
            Issue.record("a copy over the size limit was queued")
        } catch {
            guard case .refused(.copyTooLarge(ticket: 1, let bytes, limit: 1024)) = error else {
                Issue.record("refused for another reason: \(error)")
                return
            }
            #expect(bytes > 1024)
            #expect(error.description.contains("max_message_size"), "\(error.description)")
        }
        #expect(try runtime.database.outbox.items().count == before)
    }
}
