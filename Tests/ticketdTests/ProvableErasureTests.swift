import Foundation
import GRDB
import MailFormat
import TestSupport
import Testing

extension SendingTests {
    /// Invariant 7 proved on bytes: made-up canary values go through the whole process against the
    /// real Dovecot and Postfix, the person is erased, and then not one canary is left in the
    /// database file, its WAL, the log output, the outbox or any folder of the support mailbox.
    @Suite("Provable erasure and the subject export", .serialized)
    struct ProvableErasureTests {
        static let support = "support@example.com", partner = "service@acme.example"
        static let customer = "ilse.kanarienvogel@example.org"

        /// Everything the commands printed, logs included: the canaries must not be in it.
        final class Transcript: @unchecked Sendable {
            private let lock = NSLock()
            private var text = ""
            func append(_ result: CommandResult) { append(result.stdout + "\n" + result.stderr) }
            func append(_ output: String) { lock.withLock { text += output + "\n" } }
            var all: String { lock.withLock { text } }
        }

        struct Canaries {
            let tag = String(UInt32.random(in: 100_000...999_999))
            var surname: String { "Kanarienvogel\(tag)" }
            var name: String { "Ilse \(surname)" }
            var phone: String { "+49 30 7\(tag)" }
            var street: String { "Kanarienweg \(tag.prefix(3))" }
            var formMessageID: String { "kanarie-form-\(tag)@web.example.org" }
            var replyMessageID: String { "kanarie-antwort-\(tag)@example.org" }
            /// The values searched for in the raw bytes (the address is fixed: it must be a mailbox).
            var values: [String] { [surname, phone, "7\(tag)", street, formMessageID, replyMessageID, ProvableErasureTests.customer, "kanarienvogel@"] }
        }

        static func run(_ arguments: [String], _ fixture: ConfigFixture, _ transcript: Transcript) throws -> CommandResult {
            let result = try ReferenceProcessTests.run(arguments, fixture)
            transcript.append(result)
            return result
        }

        static func form(_ canaries: Canaries) -> String {
            """
            Date: Sun, 29 Nov 2026 09:00:00 +0100\r
            From: Elektro Beispiel Website <no-reply@example.com>\r
            Reply-To: \(canaries.name) <\(customer)>\r
            To: Support <support@example.com>\r
            Subject: Kontaktformular: Fernseher findet kein WLAN\r
            Message-ID: <\(canaries.formMessageID)>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Name: \(canaries.name)\r
            E-Mail: \(customer)\r
            Telefon: \(canaries.phone)\r
            Anschrift: \(canaries.street), 12345 Musterstadt\r
            Nachricht: Mein Vistara 55 QX findet das WLAN nicht mehr.\r
            Rufen Sie mich gern unter \(canaries.phone) an.\r
            Einwilligung Datenverarbeitung: ja\r
            Einwilligung Produktempfehlungen: ja\r
            Formular-Version: 2.3\r
            """
        }

        /// Sends the form through Postfix to the support mailbox and lets one poll take it in.
        static func takeIn(_ form: String, servers: LocalMailServers, fixture: ConfigFixture, transcript: Transcript) throws {
            try servers.deliver([fixture.directory.write("form.eml", form)], to: support, from: "no-reply@example.com")
            #expect(waitFor(20) { servers.count(support, mailbox: "INBOX") == 1 })
            #expect(try run(["serve", "--once"], fixture, transcript).status == 0)
        }

        /// Reads the tables straight from the database file (read-only), to check the export against.
        static func tableCounts(_ fixture: ConfigFixture, ticket: Int64) throws -> (consents: [String], transfers: [String]) {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: fixture.databasePath, configuration: configuration)
            return try queue.read { db in
                let consents = try Row.fetchAll(db, sql: "SELECT purpose, granted FROM consents WHERE subject_id = (SELECT subject_id FROM tickets WHERE id = ?) ORDER BY id", arguments: [ticket])
                    .map { "\($0["purpose"] as String)/\(($0["granted"] as Int64?).map(String.init) ?? "-")" }
                let transfers = try Row.fetchAll(db, sql: "SELECT partner, message_id FROM transfers WHERE ticket_id = ? ORDER BY id", arguments: [ticket])
                    .map { "\($0["partner"] as String)/\($0["message_id"] as String? ?? "-")" }
                return (consents, transfers)
            }
        }

        /// Every file under a directory (mail files, Dovecot's indexes and caches, uid lists).
        static func files(under directory: String) -> [String] {
            guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
            return enumerator.compactMap { $0 as? String }.map { (directory as NSString).appendingPathComponent($0) }
                .filter { var isDirectory: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue }
        }

        @Test("canaries through ingest, forward, reply and the customer's answer; erased: zero hits in database, WAL, logs, outbox and every mailbox folder")
        func canaries() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            for user in [Self.support, Self.partner, Self.customer] { servers.reset(user) }
            let fixture = try ReferenceProcessTests.fixture(servers)
            let transcript = Transcript()
            let canaries = Canaries()

            // In over IMAP, forwarded to the partner (a transfer), answered, and answered back.
            try Self.takeIn(Self.form(canaries), servers: servers, fixture: fixture, transcript: transcript)
            #expect(try Self.run(["ticket", "forward", "1", "--partner", "acme", "--note", "Bitte WLAN-Modul prüfen."], fixture, transcript).status == 0)
            let reply = fixture.directory.write("reply.txt", "Guten Tag,\n\nbitte installieren Sie die Firmware 1402.5.\n\nIhr Support-Team")
            #expect(try Self.run(["ticket", "reply", "1", "--file", reply], fixture, transcript).status == 0)
            #expect(try Self.run(["serve", "--once"], fixture, transcript).status == 0)
            #expect(waitFor(20) { ReferenceProcessTests.mails(servers, Self.customer).count == 1 && ReferenceProcessTests.mails(servers, Self.partner).count == 1 })
            let answer = try #require(ReferenceProcessTests.mails(servers, Self.customer).first)
            let replyTo = try #require(answer.message.header.first("Reply-To").map { AddressListParser.parse($0.value) }?.first?.address)
            let customerAnswer = fixture.directory.write("answer.eml", """
            From: \(canaries.name) <\(Self.customer)>\r
            To: \(replyTo)\r
            Subject: Re: \(answer.message.subject ?? "")\r
            Message-ID: <\(canaries.replyMessageID)>\r
            In-Reply-To: <\(answer.message.messageID ?? "")>\r
            Date: Sun, 29 Nov 2026 12:00:00 +0100\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Danke, das hat geholfen.\r
            \r
            Viele Grüße\r
            \(canaries.name)\r
            \(canaries.street)\r
            Tel. \(canaries.phone)\r
            """)
            try servers.deliver([customerAnswer], to: replyTo.description, from: Self.customer)
            #expect(waitFor(20) { servers.count(Self.support, mailbox: "INBOX") == 1 })
            let threaded = try Self.run(["serve", "--once"], fixture, transcript)
            #expect(threaded.stdout.contains("\"event\":\"ticket.reply_received\""), "\(threaded.stdout)")
            #expect(servers.count(Self.support, mailbox: "Processed") == 2, "both of the customer's mails wait in the processed mailbox")

            // Before the erasure the canaries are there (the check below can see them) ...
            let maildir = servers.maildir(of: Self.support)
            #expect(Self.files(under: maildir).contains { FileBytes.contains($0, Data(canaries.surname.utf8)) }, "the check must be able to find a canary")

            // ... and the export lists every consent and transfer the tables hold for the person.
            // (The export is meant to hold the canaries: only its log lines go into the transcript.)
            let exported = try ReferenceProcessTests.run(["subject", "export", "--email", Self.customer, "--json"], fixture)
            transcript.append(exported.stderr)
            #expect(exported.status == 0, "\(exported.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [String: Any])
            let tables = try Self.tableCounts(fixture, ticket: 1)
            let consents = (document["consents"] as? [[String: Any]] ?? []).map { "\($0["purpose"] as? String ?? "")/\(($0["granted"] as? Bool).map { $0 ? "1" : "0" } ?? "-")" }
            let transfers = (document["transfers"] as? [[String: Any]] ?? []).map { "\($0["recipient"] as? String ?? "")/\($0["message_id"] as? String ?? "-")" }
            #expect(!tables.consents.isEmpty && consents.sorted() == tables.consents.sorted(), "export \(consents) vs table \(tables.consents)")
            #expect(tables.transfers.count == 1 && transfers == tables.transfers, "export \(transfers) vs table \(tables.transfers)")
            let exportedTransfer = try #require((document["transfers"] as? [[String: Any]])?.first)
            #expect(exportedTransfer["purpose"] as? String != nil && exportedTransfer["address"] as? String == Self.partner && exportedTransfer["at"] as? String != nil)
            let tickets = document["tickets"] as? [[String: Any]] ?? []
            let directions = (tickets.first?["messages"] as? [[String: Any]] ?? []).compactMap { $0["direction"] as? String }
            #expect(tickets.count == 1 && directions.filter { $0 == "inbound" }.count == 2 && directions.contains("outbound"), "the form, the answer and the customer's reply: \(directions)")
            #expect(((document["person"] as? [String: Any])?["name"] as? String) == canaries.name)

            // Erase: the rows, the key, the WAL and the server's copies go.
            let erased = try Self.run(["subject", "erase", "--email", Self.customer], fixture, transcript)
            #expect(erased.status == 0, "\(erased.stderr)")
            #expect(erased.stdout.contains("key is destroyed") && erased.stdout.contains("copies are expunged"), "\(erased.stdout)")
            #expect(servers.count(Self.support, mailbox: "Processed") == 0)
            #expect(servers.count(Self.support, mailbox: "INBOX") == 0)

            func hits(in files: [String], transcriptToo: Bool) -> [String] {
                var hits: [String] = []
                for value in canaries.values {
                    for file in files where FileBytes.contains(file, Data(value.utf8)) { hits.append("\(value) in \(file)") }
                    if transcriptToo, transcript.all.contains(value) { hits.append("\(value) in the command output or logs") }
                }
                return hits
            }
            // What ticketd itself reaches: the database with its WAL, its logs and outbox, and every
            // mail file in every folder of the mailbox.
            let mailFiles = Self.files(under: maildir).filter { !($0 as NSString).lastPathComponent.hasPrefix("dovecot") }
            let left = hits(in: FileBytes.databaseFiles(fixture.databasePath) + mailFiles, transcriptToo: true)
            #expect(left.isEmpty, "canaries left: \(left)")
            // Dovecot keeps cached header fields (From, Subject, Message-ID) of expunged mail in
            // dovecot.index.cache until it purges that file, which no IMAP command can ask for
            // (measured with 2.3.19, README "Erasure on the mail server"); the operator's daily
            // `doveadm mailbox cache purge` is what reaches it, and then nothing is left anywhere.
            #expect(servers.doveadm(["mailbox", "cache", "purge", "-u", Self.support, "INBOX", "Processed"]).status == 0)
            let everywhere = hits(in: Self.files(under: maildir), transcriptToo: false)
            #expect(everywhere.isEmpty, "canaries left on the mail server: \(everywhere)")

            // The audit chain still verifies, and the export now holds nothing.
            #expect(try Self.run(["audit", "verify"], fixture, transcript).status == 0)
            let empty = try Self.run(["subject", "export", "--email", Self.customer, "--json"], fixture, transcript)
            let after = try #require(try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [String: Any])
            #expect(after["found"] as? Bool == false && after["person"] == nil)
            #expect((after["tickets"] as? [Any])?.isEmpty == true && (after["consents"] as? [Any])?.isEmpty == true && (after["transfers"] as? [Any])?.isEmpty == true)
            let again = try Self.run(["subject", "erase", "--email", Self.customer], fixture, transcript)
            #expect(again.status == 0 && again.stdout.contains("nothing to erase"), "a second erasure is a no-op")
            let audit = try Self.run(["audit", "log"], fixture, transcript).stdout
            #expect(audit.contains("subject.erased") && audit.contains("server_copies.expunged") && audit.contains("subject.exported"))
        }

        @Test("when the mail server is down at erasure time, its copies stay queued, sealed, and the next poll expunges them")
        func queuedServerErasure() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            for user in [Self.support, Self.customer] { servers.reset(user) }
            let fixture = try ReferenceProcessTests.fixture(servers)
            let transcript = Transcript()
            let canaries = Canaries()
            try Self.takeIn(Self.form(canaries), servers: servers, fixture: fixture, transcript: transcript)
            #expect(servers.count(Self.support, mailbox: "Processed") == 1)

            fixture.rewrite { $0.replacingOccurrences(of: "imaps://127.0.0.1:10993", with: "imaps://127.0.0.1:1") }
            let erased = try Self.run(["subject", "erase", "--email", Self.customer], fixture, transcript)
            #expect(erased.status == 0 && erased.stdout.contains("stay queued"), "\(erased.stdout)\(erased.stderr)")
            #expect(servers.count(Self.support, mailbox: "Processed") == 1)
            // The queued Message-ID is sealed: it is not in the database files in the clear.
            #expect(!FileBytes.databaseContains(fixture.databasePath, Data(canaries.formMessageID.utf8)))

            fixture.rewrite { $0.replacingOccurrences(of: "imaps://127.0.0.1:1\"", with: "imaps://127.0.0.1:10993\"") }
            let polled = try Self.run(["serve", "--once"], fixture, transcript)
            #expect(polled.stdout.contains("\"event\":\"server_copies.expunged\""), "\(polled.stdout)")
            #expect(servers.count(Self.support, mailbox: "Processed") == 0)
            let again = try Self.run(["serve", "--once"], fixture, transcript)
            #expect(!again.stdout.contains("server_copies.expunged"), "done once, then the queue is empty")
            #expect(try Self.run(["audit", "verify"], fixture, transcript).status == 0)
            for value in canaries.values { #expect(!transcript.all.contains(value), "a canary in the logs") }
        }
    }
}
