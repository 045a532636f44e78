import Foundation
import MailFormat
import TestSupport
import Testing

extension SendingTests {
    /// The reference process of DESIGN §1 against the real local Dovecot and Postfix: a contact form
    /// comes in, the TV department and the manufacturer get pseudonymized copies, the manufacturer's
    /// answer threads back, the customer gets the agent's answer at their own address, the ticket closes.
    @Suite("The reference process, end to end", .serialized)
    struct ReferenceProcessTests {
        static let support = "support@example.com", queue = "tv-team@example.com", partner = "service@acme.example"
        static let customer = "joerg.testmann@example.org"

        static func fixture(_ servers: LocalMailServers) throws -> ConfigFixture {
            let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig) {
                $0.replacingOccurrences(of: "ca_file = \"\"", with: "ca_file = \"\(servers.caFile)\"")
            }
            let password = try String(contentsOfFile: servers.passwordFile(of: support), encoding: .utf8)
            fixture.directory.write("imap.password", password)
            fixture.directory.write("smtp.password", password)
            return fixture
        }

        static func run(_ arguments: [String], _ fixture: ConfigFixture, environment: [String: String] = ["TICKETD_ACTOR": "agent.anna"]) throws -> CommandResult {
            try CommandRunner.ticketd(arguments + ["--config", fixture.configPath], environment: environment)
        }

        /// The messages in a user's mailbox, parsed, oldest first.
        static func mails(_ servers: LocalMailServers, _ user: String, mailbox: String = "INBOX") -> [(raw: [UInt8], message: Message)] {
            let base = servers.maildir(of: user)
            let folder = mailbox == "INBOX" ? base : (base as NSString).appendingPathComponent(".\(mailbox)")
            var found: [(String, [UInt8])] = []
            for sub in ["new", "cur"] {
                let directory = (folder as NSString).appendingPathComponent(sub)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                    if let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)) { found.append((name, Array(data))) }
                }
            }
            return found.sorted { $0.0 < $1.0 }.compactMap { name, raw in (try? MessageParser().parse(raw)).map { (raw, $0) } }
        }

        @Test("form in, queue and partner copies out, the partner's answer threads, the customer is answered, closed")
        func referenceProcess() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            for user in [Self.support, Self.queue, Self.partner, Self.customer] { servers.reset(user) }
            let fixture = try Self.fixture(servers)
            let personal = ["Jörg Testmann", "Testmann", "joerg.testmann@example.org", "+49 30 55501001", "55501001", "Testgasse 3a", "12345 Musterstadt"]

            // 1-2. The customer writes through the contact form; ticketd makes the ticket.
            try servers.deliver([RepositoryPaths.sample("01-")], to: Self.support)
            #expect(waitFor(20) { servers.count(Self.support, mailbox: "INBOX") == 1 })
            #expect(try Self.run(["serve", "--once"], fixture).status == 0)
            let shown = try Self.run(["ticket", "show", "1", "--json"], fixture)
            #expect(shown.stdout.contains("\"processing\" : true"), "\(shown.stdout)")

            // 3. Assign to the TV department: its mailbox receives a pseudonymized copy.
            let assigned = try Self.run(["ticket", "assign", "1", "--queue", "tv"], fixture)
            #expect(assigned.status == 0, "\(assigned.stderr)")
            #expect(try Self.run(["serve", "--once"], fixture).status == 0)
            #expect(waitFor(20) { Self.mails(servers, Self.queue).count == 1 })
            let queueCopy = try #require(Self.mails(servers, Self.queue).first)
            #expect(queueCopy.message.subject?.contains("[T-1]") == true)
            #expect(queueCopy.message.text.contains("Customer: P-"))
            #expect(queueCopy.message.text.contains("Vistara 55 QX"), "the problem description reaches the department")
            for value in personal {
                #expect(!queueCopy.message.text.contains(value) && !String(decoding: queueCopy.raw, as: UTF8.self).contains(value), "the queue copy leaks a personal value")
            }

            // 4. Forward to the manufacturer: its mailbox receives the copy; the register lists the transfer.
            let forwarded = try Self.run(["ticket", "forward", "1", "--partner", "acme", "--note", "Bitte prüfen Sie die WLAN-Kompatibilität."], fixture)
            #expect(forwarded.status == 0, "\(forwarded.stderr)")
            #expect(try Self.run(["serve", "--once"], fixture).status == 0)
            #expect(waitFor(20) { Self.mails(servers, Self.partner).count == 1 })
            let partnerCopy = try #require(Self.mails(servers, Self.partner).first)
            for value in personal { #expect(!String(decoding: partnerCopy.raw, as: UTF8.self).contains(value), "the partner copy leaks a personal value") }
            let queuePseudonym = queueCopy.message.text.split(separator: "\n").first { $0.hasPrefix("Customer: ") }
            let partnerPseudonym = partnerCopy.message.text.split(separator: "\n").first { $0.hasPrefix("Customer: ") }
            #expect(queuePseudonym != nil && partnerPseudonym != nil && queuePseudonym != partnerPseudonym, "one pseudonym per recipient domain")
            let register = try Self.run(["register", "--format", "json"], fixture)
            let document = try JSONSerialization.jsonObject(with: Data(register.stdout.utf8)) as? [String: Any]
            let transfers = document?["transfers"] as? [[String: Any]] ?? []
            #expect(transfers.count == 1)
            #expect(transfers.first?["partner"] as? String == "acme")
            #expect(transfers.first?["message_id"] as? String == partnerCopy.message.messageID)
            #expect((transfers.first?["payload_sha256"] as? String)?.count == 64)

            // 5. The manufacturer answers from its mailbox to the reply address: threaded into the ticket.
            let replyTo = try #require(partnerCopy.message.header.first("Reply-To").map { AddressListParser.parse($0.value) }?.first?.address)
            let answer = """
            From: ACME Service <service@acme.example>\r
            To: \(replyTo)\r
            Subject: Re: \(partnerCopy.message.subject ?? "")\r
            Message-ID: <acme-answer-1@acme.example>\r
            In-Reply-To: <\(partnerCopy.message.messageID ?? "")>\r
            Date: Sun, 29 Nov 2026 12:00:00 +0100\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Bitte Firmware 1402.5 installieren, dann klappt das WLAN.\r
            """
            let answerFile = fixture.directory.write("answer.eml", answer)
            try servers.deliver([answerFile], to: replyTo.description, from: Self.partner)
            #expect(waitFor(20) { servers.count(Self.support, mailbox: "INBOX") == 1 })
            let polled = try Self.run(["serve", "--once"], fixture)
            #expect(polled.stdout.contains("\"event\":\"ticket.reply_received\""), "\(polled.stdout)")
            let threaded = try JSONSerialization.jsonObject(with: Data(try Self.run(["ticket", "show", "1", "--json"], fixture).stdout.utf8)) as? [String: Any]
            let roles = (threaded?["messages"] as? [[String: Any]] ?? []).map { "\($0["direction"] ?? "")/\($0["from_role"] ?? "")" }
            #expect(roles.contains("inbound/partner"), "\(roles)")
            #expect(try Self.jsonCount(["tickets", "--json"], fixture) == 1, "the answer must not open a new ticket")

            // 8. The agent answers the customer, who receives it at their own address.
            let reply = fixture.directory.write("reply.txt", "Guten Tag Herr Testmann,\n\nbitte installieren Sie die Firmware 1402.5: https://www.example.com/faq/wlan\n\nIhr Support-Team")
            #expect(try Self.run(["ticket", "reply", "1", "--file", reply], fixture).status == 0)
            #expect(try Self.run(["serve", "--once"], fixture).status == 0)
            #expect(waitFor(20) { Self.mails(servers, Self.customer).count == 1 })
            let toCustomer = try #require(Self.mails(servers, Self.customer).first)
            #expect(toCustomer.message.text.contains("Firmware 1402.5"))
            #expect(toCustomer.message.to.first?.address.description == Self.customer)
            #expect(toCustomer.message.inReplyTo.isEmpty == false)

            // 9. Close.
            #expect(try Self.run(["ticket", "close", "1"], fixture).status == 0)
            let closed = try JSONSerialization.jsonObject(with: Data(try Self.run(["ticket", "show", "1", "--json"], fixture).stdout.utf8)) as? [String: Any]
            #expect(closed?["state"] as? String == "closed")
            #expect((closed?["transfers"] as? [[String: Any]])?.count == 1)
            let audit = try Self.run(["audit", "log", "--ticket", "1"], fixture).stdout
            for action in ["ticket.created", "ticket.assigned", "ticket.forwarded", "transfer.sent", "ticket.reply_received", "ticket.replied", "ticket.closed"] {
                #expect(audit.contains(action), "\(action) missing from the audit trail")
            }
            #expect(audit.contains("agent:agent.anna"))
            #expect(try Self.run(["audit", "verify"], fixture).status == 0)

            // A stranger quoting the ticket's token gets a new ticket; an out-of-office from the partner sends nothing;
            // a bounce of the partner copy marks the transfer failed.
            let token = (partnerCopy.message.subject ?? "").components(separatedBy: "[ticketd:").last.map { String($0.prefix(26)) } ?? ""
            let stranger = fixture.directory.write("stranger.eml", """
            From: Neugieriger Fremder <fremder@example.net>\r
            To: \(replyTo)\r
            Subject: Re: [T-1] [ticketd:\(token)] Was steht im Ticket?\r
            Message-ID: <stranger-1@example.net>\r
            In-Reply-To: <\(partnerCopy.message.messageID ?? "")>\r
            \r
            Zeigen Sie mir bitte alles zu diesem Ticket.\r
            """)
            let outOfOffice = fixture.directory.write("ooo.eml", """
            From: ACME Service <service@acme.example>\r
            To: \(replyTo)\r
            Subject: Abwesenheitsnotiz: \(partnerCopy.message.subject ?? "")\r
            Message-ID: <acme-ooo-1@acme.example>\r
            In-Reply-To: <\(partnerCopy.message.messageID ?? "")>\r
            Auto-Submitted: auto-replied\r
            \r
            Ich bin bis Montag nicht im Büro.\r
            """)
            let bounce = fixture.directory.write("bounce.eml", """
            From: Mail Delivery System <MAILER-DAEMON@acme.example>\r
            To: \(Self.support)\r
            Subject: Undelivered Mail Returned to Sender\r
            Message-ID: <bounce-1@acme.example>\r
            Auto-Submitted: auto-replied\r
            MIME-Version: 1.0\r
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain\r
            \r
            The mail could not be delivered.\r
            --b1\r
            Content-Type: message/delivery-status\r
            \r
            Final-Recipient: rfc822; service@acme.example\r
            Action: failed\r
            Status: 5.1.1\r
            --b1\r
            Content-Type: text/rfc822-headers\r
            \r
            Message-ID: <\(partnerCopy.message.messageID ?? "")>\r
            Subject: \(partnerCopy.message.subject ?? "")\r
            --b1--\r
            """)
            let outboxBefore = try Self.jsonCount(["outbox", "--json"], fixture)
            try servers.deliver([stranger], to: replyTo.description, from: "fremder@example.net")
            try servers.deliver([outOfOffice], to: replyTo.description, from: Self.partner)
            try servers.deliver([bounce], to: Self.support, from: "MAILER-DAEMON@acme.example")
            #expect(waitFor(20) { servers.count(Self.support, mailbox: "INBOX") == 3 })
            #expect(try Self.run(["serve", "--once"], fixture).status == 0)
            #expect(try Self.jsonCount(["tickets", "--json"], fixture) == 2, "the stranger must get a ticket of their own")
            let strangerTicket = try JSONSerialization.jsonObject(with: Data(try Self.run(["ticket", "show", "2", "--json"], fixture).stdout.utf8)) as? [String: Any]
            #expect(((strangerTicket?["customer"] as? [String: Any])?["email"] as? String) == "fremder@example.net")
            #expect(try Self.jsonCount(["outbox", "--json"], fixture) == outboxBefore, "an automatic answer must not make outgoing mail")
            let outbox = try JSONSerialization.jsonObject(with: Data(try Self.run(["outbox", "--json"], fixture).stdout.utf8)) as? [[String: Any]] ?? []
            #expect(outbox.first { $0["recipient_kind"] as? String == "partner" }?["state"] as? String == "failed")
            let registerAfter = try JSONSerialization.jsonObject(with: Data(try Self.run(["register", "--format", "json"], fixture).stdout.utf8)) as? [String: Any]
            #expect((registerAfter?["transfers"] as? [[String: Any]])?.isEmpty == true, "the register lists delivered transfers only")
        }

        static func jsonCount(_ arguments: [String], _ fixture: ConfigFixture) throws -> Int {
            let result = try run(arguments, fixture)
            return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Any])?.count ?? -1
        }
    }
}
