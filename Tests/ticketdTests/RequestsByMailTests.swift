import Foundation
import GRDB
import MailFormat
import TestSupport
import Testing

extension SendingTests {
    /// Data-subject requests made by mail, over the real Postfix and Dovecot, from the person's own
    /// mailbox: the request, the confirmation mail with its one-time token, the person's answer,
    /// and what ticketd then does and sends. Every mail goes through Postfix; every mail ticketd
    /// sends is read back from the recipient's Maildir.
    @Suite("Data-subject requests by mail", .serialized)
    struct RequestsByMailTests {
        static let support = "support@example.com", partner = "service@acme.example"
        static let customer = "joerg.testmann@example.org", stranger = "otto.fremd@example.net"
        /// Sample 01's customer, as the form gives them (the values no answer to another address may hold).
        static let personal = ["Jörg Testmann", "Testmann", "joerg.testmann", "+49 30 55501001", "55501001", "Testgasse 3a"]

        static func run(_ arguments: [String], _ fixture: ConfigFixture) throws -> CommandResult {
            try ReferenceProcessTests.run(arguments, fixture)
        }

        static func mails(_ servers: LocalMailServers, _ user: String) -> [(raw: [UInt8], message: Message)] {
            ReferenceProcessTests.mails(servers, user)
        }

        /// The mail in a user's mailbox whose subject contains `marker` (two mails delivered in the
        /// same second need not sort in the order they came).
        static func mail(_ servers: LocalMailServers, _ user: String, subject marker: String) -> (raw: [UInt8], message: Message)? {
            mails(servers, user).last { ($0.message.subject ?? "").contains(marker) }
        }

        /// A mail from a person, sent through Postfix to `to` (envelope and header).
        static func send(
            _ servers: LocalMailServers, _ fixture: ConfigFixture, from: String, name: String, to: String, subject: String, body: String,
            envelopeTo: String? = nil, inReplyTo: String? = nil
        ) throws {
            let id = "\(UUID().uuidString.lowercased())@\(from.split(separator: "@").last!)"
            let file = fixture.directory.write("mail-\(id).eml", """
            From: \(name) <\(from)>\r
            To: \(to)\r
            Subject: \(subject)\r
            Message-ID: <\(id)>\r
            \(inReplyTo.map { "In-Reply-To: <\($0)>\r\n" } ?? "")Date: Sun, 29 Nov 2026 10:00:00 +0100\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            \(body.replacingOccurrences(of: "\n", with: "\r\n"))\r
            """)
            try servers.deliver([file], to: envelopeTo ?? to, from: from)
        }

        /// Waits until the support mailbox has the mail, then runs one poll and outbox pass.
        static func poll(_ servers: LocalMailServers, _ fixture: ConfigFixture, inbox: Int = 1) throws -> CommandResult {
            #expect(waitFor(20) { servers.count(support, mailbox: "INBOX") == inbox })
            let result = try run(["serve", "--once"], fixture)
            #expect(result.status == 0, "\(result.stderr)")
            return result
        }

        /// Whether a confirmation mail is in the mailbox (for waiting: records no issue while it is not).
        static func hasConfirmation(_ servers: LocalMailServers, _ user: String) -> Bool {
            mails(servers, user).contains { ($0.message.subject ?? "").contains("[ticketd-confirm:") }
        }

        /// The request's confirmation mail in a mailbox: its Reply-To, subject and Message-ID.
        static func confirmation(_ servers: LocalMailServers, _ user: String, index: Int = 0) throws -> (replyTo: String, subject: String, messageID: String, raw: [UInt8]) {
            let found = mails(servers, user).filter { ($0.message.subject ?? "").contains("[ticketd-confirm:") }
            let mail = try #require(found.count > index ? found[index] : nil, "no confirmation mail for \(user): \(found.count)")
            let replyTo = try #require(mail.message.header.first("Reply-To").map { AddressListParser.parse($0.value) }?.first?.address.description)
            return (replyTo, mail.message.subject ?? "", mail.message.messageID ?? "", mail.raw)
        }

        /// The customer writes a request (to the support address unless `to` says otherwise), one poll
        /// takes it in, and the confirmation mail arrives in their mailbox.
        static func customerAsks(
            _ servers: LocalMailServers, _ fixture: ConfigFixture, subject: String, body: String, to: String = support, envelopeTo: String? = nil
        ) throws -> (replyTo: String, subject: String, messageID: String, raw: [UInt8]) {
            try send(servers, fixture, from: customer, name: "Jörg Testmann", to: to, subject: subject, body: body, envelopeTo: envelopeTo)
            _ = try poll(servers, fixture)
            #expect(waitFor(20) { hasConfirmation(servers, customer) })
            return try confirmation(servers, customer)
        }

        /// The customer answers the confirmation mail from their own mailbox.
        static func customerConfirms(
            _ servers: LocalMailServers, _ fixture: ConfigFixture, _ confirmation: (replyTo: String, subject: String, messageID: String, raw: [UInt8]), body: String
        ) throws {
            try send(servers, fixture, from: customer, name: "Jörg Testmann", to: confirmation.replyTo, subject: "Re: \(confirmation.subject)", body: body)
        }

        static func requests(_ fixture: ConfigFixture, all: Bool = false) throws -> [Row] {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: fixture.databasePath, configuration: configuration)
            return try queue.read { db in try Row.fetchAll(db, sql: "SELECT id, state, kinds, outcome, length(wrapped_key) AS key_length FROM subject_requests ORDER BY id") }
        }

        static func export(_ fixture: ConfigFixture, _ address: String) throws -> [String: Any] {
            let result = try run(["subject", "export", "--email", address, "--json"], fixture)
            #expect(result.status == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }

        static func fixture(_ servers: LocalMailServers) throws -> ConfigFixture {
            for user in [support, partner, customer, stranger] { servers.reset(user) }
            return try ReferenceProcessTests.fixture(servers)
        }

        /// The customer of sample 01 with a ticket, consents and one delivered transfer to the partner.
        static func customerWithTransfer(_ servers: LocalMailServers, _ fixture: ConfigFixture) throws {
            try servers.deliver([RepositoryPaths.sample("01-")], to: support)
            _ = try poll(servers, fixture)
            #expect(try run(["ticket", "forward", "1", "--partner", "acme", "--note", "Bitte prüfen."], fixture).status == 0)
            #expect(try run(["serve", "--once"], fixture).status == 0)
            #expect(waitFor(20) { mails(servers, partner).count == 1 })
        }

        @Test("access: request → confirmation → wrong token, forged sender, right answer, reused token: one export, listing every ticket, consent and transfer")
        func accessByMail() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            let fixture = try Self.fixture(servers)
            try Self.customerWithTransfer(servers, fixture)

            // The request, from the customer's own mailbox; it says nothing else, so no ticket opens.
            try Self.send(servers, fixture, from: Self.customer, name: "Jörg Testmann", to: Self.support, subject: "Meine Daten",
                          body: "Guten Tag,\n\nAnfrage: Auskunft\n\nMit freundlichen Grüßen\nJörg Testmann")
            let taken = try Self.poll(servers, fixture)
            #expect(taken.stdout.contains("\"event\":\"request.received\"") && taken.stdout.contains("\"event\":\"mail.request_only\""), "\(taken.stdout)")
            #expect(try Self.run(["tickets", "--json"], fixture).stdout.components(separatedBy: "\"id\"").count == 2, "still one ticket")
            #expect(waitFor(20) { Self.hasConfirmation(servers, Self.customer) })
            let confirmation = try Self.confirmation(servers, Self.customer)
            #expect(confirmation.replyTo.hasPrefix("support+confirm-") && confirmation.replyTo.hasSuffix("@example.com"))
            let confirmationText = String(decoding: confirmation.raw, as: UTF8.self)
            for value in ["Testmann", "55501001", "Testgasse"] { #expect(!confirmationText.contains(value), "the confirmation holds \(value)") }
            #expect(try Self.requests(fixture).first?["state"] as String? == "awaiting_confirmation")

            // A wrong token, then the right token from another sender: nothing happens.
            let wrong = "support+confirm-00000000000000000000000000@example.com"
            try Self.send(servers, fixture, from: Self.customer, name: "Jörg Testmann", to: wrong,
                          subject: "Re: Bitte bestätigen [ticketd-confirm:00000000000000000000000000]", body: "Ja, das war ich.")
            _ = try Self.poll(servers, fixture)
            try Self.send(servers, fixture, from: Self.stranger, name: "Otto Fremd", to: confirmation.replyTo,
                          subject: "Re: \(confirmation.subject)", body: "Ja, bitte senden.", inReplyTo: confirmation.messageID)
            _ = try Self.poll(servers, fixture)
            #expect(try Self.requests(fixture).first?["state"] as String? == "awaiting_confirmation")
            #expect(Self.mails(servers, Self.customer).count == 1 && Self.mails(servers, Self.stranger).isEmpty, "nothing was sent to anyone")
            let quarantine = try Self.run(["quarantine"], fixture).stdout
            #expect(quarantine.components(separatedBy: "unverified_confirmation").count == 3, "both attempts wait for an agent: \(quarantine)")

            // The customer's own answer confirms; the export arrives.
            try Self.send(servers, fixture, from: Self.customer, name: "Jörg Testmann", to: confirmation.replyTo,
                          subject: "Re: \(confirmation.subject)", body: "Ja, das war ich.\n\n> Guten Tag, an uns ist ...", inReplyTo: confirmation.messageID)
            let confirmed = try Self.poll(servers, fixture)
            #expect(confirmed.stdout.contains("\"event\":\"request.confirmed\"") && confirmed.stdout.contains("\"event\":\"request.carried_out\""), "\(confirmed.stdout)")
            #expect(waitFor(20) { Self.mails(servers, Self.customer).count == 2 })
            let answer = try #require(Self.mail(servers, Self.customer, subject: "is done")?.message)
            let attachment = try #require(answer.attachments.first { $0.mimeType == "application/json" }, "the JSON export is attached")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(attachment.data)) as? [String: Any])
            #expect(answer.text.contains("Landesbeauftragte") && answer.text.contains("Art. 77"), "the text part names the supervisory authority")
            #expect(answer.text.contains("Testgasse 3a"), "the readable copy holds the data itself")

            // The export lists exactly what the tables hold for the person.
            let tables = try SendingTests.ProvableErasureTests.tableCounts(fixture, ticket: 1)
            let consents = (document["consents"] as? [[String: Any]] ?? []).map { "\($0["purpose"] as? String ?? "")/\(($0["granted"] as? Bool).map { $0 ? "1" : "0" } ?? "-")" }
            let transfers = (document["transfers"] as? [[String: Any]] ?? []).map { "\($0["recipient"] as? String ?? "")/\($0["message_id"] as? String ?? "-")" }
            #expect(!tables.consents.isEmpty && consents.sorted() == tables.consents.sorted(), "export \(consents) vs table \(tables.consents)")
            #expect(tables.transfers.count == 1 && transfers == tables.transfers, "export \(transfers) vs table \(tables.transfers)")
            #expect((document["tickets"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [1])
            let transfer = try #require((document["transfers"] as? [[String: Any]])?.first)
            #expect(transfer["address"] as? String == Self.partner && transfer["purpose"] as? String != nil && transfer["at"] as? String != nil)

            // The same answer again (a reused token) does nothing; the request is done, its key gone.
            try Self.send(servers, fixture, from: Self.customer, name: "Jörg Testmann", to: confirmation.replyTo,
                          subject: "Re: \(confirmation.subject)", body: "Nochmals: ja.", inReplyTo: confirmation.messageID)
            _ = try Self.poll(servers, fixture)
            #expect(Self.mails(servers, Self.customer).count == 2, "no second export")
            let row = try #require(try Self.requests(fixture).first)
            #expect(row["state"] as String == "done" && (row["key_length"] as Int64) == 0, "done, and its key shredded once the answer left")
            #expect(try Self.run(["requests"], fixture).stdout.contains("no open data-subject requests"))
            let record = try #require((try JSONSerialization.jsonObject(with: Data(try Self.run(["requests", "--all", "--json"], fixture).stdout.utf8)) as? [[String: Any]])?.first)
            #expect(record["state"] as? String == "done" && record["deadline"] as? String == "answered_in_time" && record["confirmed_at"] as? String != nil)
            #expect((record["outcome"] as? String)?.contains("access: exported 1 tickets") == true, "\(record)")
            let audit = try Self.run(["audit", "log"], fixture).stdout
            for event in ["request.received", "request.confirmation_sent", "request.confirmation_refused", "request.confirmed", "request.carried_out",
                          "request.answer_sent", "unknown_token", "other_sender", "used"] {
                #expect(audit.contains(event), "audit lacks \(event)")
            }
            for value in Self.personal { #expect(!audit.contains(value), "the audit trail holds \(value)") }
            #expect(try Self.run(["audit", "verify"], fixture).status == 0)
        }

        @Test("a request from another address about a known customer gets the same neutral mail and, confirmed, reveals nothing; the rate limit holds")
        func neutralAnswer() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            let fixture = try Self.fixture(servers)
            try Self.customerWithTransfer(servers, fixture)

            // The customer and a stranger ask the same; the stranger names the customer.
            try Self.send(servers, fixture, from: Self.customer, name: "Jörg Testmann", to: Self.support, subject: "Auskunft", body: "Anfrage: Auskunft")
            _ = try Self.poll(servers, fixture)
            try Self.send(servers, fixture, from: Self.stranger, name: "Otto Fremd", to: Self.support, subject: "Auskunft",
                          body: "Anfrage: Auskunft\n\nBitte alles über joerg.testmann@example.org und Jörg Testmann.")
            _ = try Self.poll(servers, fixture)
            #expect(waitFor(20) { Self.hasConfirmation(servers, Self.stranger) && Self.hasConfirmation(servers, Self.customer) })
            let known = try Self.confirmation(servers, Self.customer), unknown = try Self.confirmation(servers, Self.stranger)
            let strangerBytes = String(decoding: unknown.raw, as: UTF8.self)
            for value in Self.personal { #expect(!strangerBytes.contains(value), "the neutral answer holds \(value)") }
            // The same letter: only the token, the date, the Message-ID and the recipient differ.
            func letter(_ raw: [UInt8]) throws -> String {
                let text = try MessageParser().parse(raw).text
                return text.split(separator: "\n").filter { !$0.contains("bis 20") && !$0.contains("by 20") }.joined(separator: "\n")
            }
            #expect(try letter(known.raw) == letter(unknown.raw), "known and unknown addresses get the same text")

            // Confirmed, the stranger gets what is held about their own address: their mail (it said
            // more than the request, so it is a ticket of theirs), nothing of the customer's.
            try Self.send(servers, fixture, from: Self.stranger, name: "Otto Fremd", to: unknown.replyTo, subject: "Re: \(unknown.subject)", body: "Ja.")
            _ = try Self.poll(servers, fixture)
            #expect(waitFor(20) { Self.mails(servers, Self.stranger).count == 2 })
            let answer = try #require(Self.mail(servers, Self.stranger, subject: "is done"))
            let answerBytes = String(decoding: answer.raw, as: UTF8.self)
            for value in ["+49 30 55501001", "55501001", "Testgasse", "Vistara"] {
                #expect(!answerBytes.contains(value), "the answer to the stranger holds a value of the customer's: \(value)")
            }
            let attachment = try #require(answer.message.attachments.first { $0.mimeType == "application/json" })
            let document = try #require(try JSONSerialization.jsonObject(with: Data(attachment.data)) as? [String: Any])
            #expect((document["person"] as? [String: Any])?["email"] as? String == Self.stranger)
            #expect((document["tickets"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [2], "only the stranger's own ticket")
            #expect((document["transfers"] as? [Any])?.isEmpty == true)

            // Three requests a day per address get a confirmation; the fourth is only audited.
            for round in 1...3 {
                try Self.send(servers, fixture, from: Self.stranger, name: "Otto Fremd", to: Self.support, subject: "Löschung \(round)", body: "Bitte löschen Sie meine Daten.")
                _ = try Self.poll(servers, fixture)
            }
            #expect(waitFor(20) { Self.mails(servers, Self.stranger).count == 4 }, "two more confirmations, then the limit")
            Thread.sleep(forTimeInterval: 1)
            #expect(Self.mails(servers, Self.stranger).count == 4)
            #expect(try Self.run(["audit", "log"], fixture).stdout.contains("request.rate_limited"))
        }

        @Test("erasure by mail: carried out after confirmation; then the CLI export is empty and the request mails are gone from the server")
        func erasureByMail() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            let fixture = try Self.fixture(servers)
            try Self.customerWithTransfer(servers, fixture)
            let confirmation = try Self.customerAsks(servers, fixture, subject: "Löschung", body: "Guten Tag,\n\nbitte löschen Sie alle meine Daten.\n\nJörg Testmann")
            try Self.customerConfirms(servers, fixture, confirmation, body: "Ja, bitte.")
            let carried = try Self.poll(servers, fixture)
            #expect(carried.stdout.contains("\"event\":\"subject.erased\""), "\(carried.stdout)")
            #expect(waitFor(20) { Self.mails(servers, Self.customer).count == 2 })
            let answer = try #require(Self.mail(servers, Self.customer, subject: "is done")?.message)
            #expect(answer.text.contains("Löschung") && answer.text.contains("Erasure: we erased 1 ticket"), "\(answer.text)")

            let document = try Self.export(fixture, Self.customer)
            #expect(document["found"] as? Bool == false && document["person"] == nil)
            #expect((document["tickets"] as? [Any])?.isEmpty == true && (document["consents"] as? [Any])?.isEmpty == true && (document["transfers"] as? [Any])?.isEmpty == true)
            // The form, the request and the confirming answer are expunged from the server as well.
            let left = ReferenceProcessTests.mails(servers, Self.support, mailbox: "Processed").filter {
                String(decoding: $0.raw, as: UTF8.self).contains("joerg.testmann")
            }
            #expect(left.isEmpty, "\(left.count) of the customer's mails are still on the server")
            #expect(try Self.run(["audit", "verify"], fixture).status == 0)
        }

        @Test("marketing withdrawal by mail to the [subject_rights] address: the consent is withdrawn and the address suppressed")
        func marketingWithdrawal() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            let fixture = try Self.fixture(servers)
            // Sample 01's customer refused marketing; this form grants it.
            try Self.send(servers, fixture, from: "kontaktformular@example.com", name: "Kontaktformular", to: Self.support, subject: "Kontaktformular: Newsletter",
                          body: "Name: Jörg Testmann\nE-Mail: \(Self.customer)\nNachricht: Bitte schicken Sie mir Angebote.\nEinwilligung Datenverarbeitung: ja\nEinwilligung Produktempfehlungen: ja\nFormular-Version: 2.3")
            _ = try Self.poll(servers, fixture)
            let granted = try Self.export(fixture, Self.customer)
            #expect((granted["consents"] as? [[String: Any]] ?? []).contains { $0["purpose"] as? String == "marketing" && $0["granted"] as? Bool == true },
                    "the form grants marketing: \(granted["consents"] ?? "-")")
            // Written to datenschutz@, which the operator delivers into the support mailbox (an alias).
            let confirmation = try Self.customerAsks(servers, fixture, subject: "Newsletter", body: "Ich widerrufe meine Einwilligung in Werbung und Newsletter.",
                                                     to: "datenschutz@example.com", envelopeTo: Self.support)
            #expect(try Self.run(["audit", "log"], fixture).stdout.contains("subject_rights"), "the request came in at the subject-rights address")
            try Self.customerConfirms(servers, fixture, confirmation, body: "Ja.")
            _ = try Self.poll(servers, fixture)
            #expect(waitFor(20) { Self.mails(servers, Self.customer).count == 2 })
            let document = try Self.export(fixture, Self.customer)
            #expect((document["person"] as? [String: Any])?["marketing_suppressed"] as? Bool == true)
            let marketing = (document["consents"] as? [[String: Any]] ?? []).filter { $0["purpose"] as? String == "marketing" }
            #expect(!marketing.isEmpty && marketing.allSatisfy { $0["withdrawn_at"] as? String != nil }, "\(marketing)")
            let processing = (document["consents"] as? [[String: Any]] ?? []).filter { $0["purpose"] as? String == "processing" }
            #expect(processing.allSatisfy { $0["withdrawn_at"] == nil || $0["withdrawn_at"] is NSNull }, "the processing consent stands")
        }

        @Test("rectification by mail: the corrected values from the confirming answer go into the sealed personal data")
        func rectificationByMail() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            let fixture = try Self.fixture(servers)
            try Self.customerWithTransfer(servers, fixture)
            let confirmation = try Self.customerAsks(servers, fixture, subject: "Berichtigung", body: "Anfrage: Berichtigung")
            try Self.customerConfirms(servers, fixture, confirmation,
                                      body: "Ja, bitte so ändern:\n\nTelefon: +49 30 5550999\nAnschrift: Neuer Weg 7\n12345 Musterstadt\nE-Mail: joerg.neu@example.org")
            _ = try Self.poll(servers, fixture)
            #expect(waitFor(20) { Self.mail(servers, Self.customer, subject: "is done") != nil })
            let answer = try #require(Self.mail(servers, Self.customer, subject: "is done")?.message)
            let flat = answer.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains("changed phone, postal address") && flat.contains("new e-mail address"), "\(flat)")
            let person = try #require(try Self.export(fixture, Self.customer)["person"] as? [String: Any])
            #expect(person["phone"] as? String == "+49 30 5550999" && person["postal_address"] as? String == "Neuer Weg 7, 12345 Musterstadt")
            #expect(person["email"] as? String == Self.customer, "the address is not changed by mail")
            #expect(person["name"] as? String == "Jörg Testmann")
            #expect(try Self.run(["audit", "log"], fixture).stdout.contains("subject.rectified"))
        }

        @Test("an expired token does nothing; request extend tells the person why, with the new last day")
        func expiryAndExtension() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            let fixture = try Self.fixture(servers)
            try Self.customerWithTransfer(servers, fixture)
            let confirmation = try Self.customerAsks(servers, fixture, subject: "Einschränkung", body: "Anfrage: Einschränkung")

            // Extend first: the person is told the reason and the new last day.
            let extended = try Self.run(["request", "extend", "1", "--reason", "Wir müssen Unterlagen aus dem Archiv prüfen."], fixture)
            #expect(extended.status == 0 && extended.stdout.contains("in the outbox"), "\(extended.stdout)\(extended.stderr)")
            #expect(try Self.run(["serve", "--once"], fixture).status == 0)
            #expect(waitFor(20) { Self.mails(servers, Self.customer).count == 2 })
            let notice = try #require(Self.mail(servers, Self.customer, subject: "deadline extended")?.message)
            let listed = try Self.run(["requests", "--json"], fixture).stdout
            let lastDay = try #require((try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])?.first?["last_day"] as? String)
            let flat = notice.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains("Unterlagen aus dem Archiv"), "\(flat)")
            #expect(flat.contains(lastDay) && flat.contains("Art. 12"), "\(lastDay) in \(flat)")

            // Eight days later (the token is valid for seven) the answer confirms nothing.
            let queue = try DatabaseQueue(path: fixture.databasePath)
            try queue.write { db in
                try db.execute(sql: "UPDATE subject_requests SET confirmation_expires_at = confirmation_expires_at - 8 * 86400000")
            }
            try Self.customerConfirms(servers, fixture, confirmation, body: "Ja.")
            _ = try Self.poll(servers, fixture)
            Thread.sleep(forTimeInterval: 1)
            #expect(Self.mails(servers, Self.customer).count == 2, "no answer: nothing was done")
            let document = try Self.export(fixture, Self.customer)
            #expect((document["person"] as? [String: Any])?["restricted_since"] == nil, "not restricted")
            let row = try #require(try Self.requests(fixture).first)
            #expect(row["state"] as String == "rejected" && (row["key_length"] as Int64) == 0, "expired, and its key shredded")
            let record = try #require((try JSONSerialization.jsonObject(with: Data(try Self.run(["requests", "--all", "--json"], fixture).stdout.utf8)) as? [[String: Any]])?.first)
            #expect(record["deadline"] as? String == "rejected" && (record["outcome"] as? String)?.contains("Art. 12(6)") == true, "\(record)")
            #expect(try Self.run(["audit", "log"], fixture).stdout.contains("expired"))
        }
    }
}
