import Foundation
import TestSupport
import Testing

extension SendingTests {
    /// Every error path of ingest, forwarding and erasure, driven through the binary with one
    /// made-up person against the real local Dovecot and Postfix: everything the commands log and
    /// print (JSON log lines, results, error messages, the outbox's recorded errors) is captured,
    /// each path is shown to have been taken, and none of the person's values is in any of it.
    @Suite("No personal value in any error path", .serialized)
    struct ErrorPathLeakTests {
        static let support = "support@example.com", partner = "service@acme.example"

        /// Everything the commands wrote, and the log events among it, with their `reason` if any.
        final class Capture {
            var output = ""
            var events: [String] = []
            var failures: [String] = []
            let fixture: ConfigFixture
            init(_ fixture: ConfigFixture) { self.fixture = fixture }

            /// Runs a command; `fails` says whether it is meant to exit non-zero. The agent's views
            /// show the customer by design: of those, only the log (standard error) counts.
            @discardableResult
            func run(_ arguments: [String], fails: Bool = false, showsCustomer: Bool = false) throws -> CommandResult {
                let result = try ReferenceProcessTests.run(arguments, fixture)
                output += "\(showsCustomer ? "" : result.stdout)\n\(result.stderr)\n"
                if let dump = ProcessInfo.processInfo.environment["TICKETD_ERROR_PATH_OUTPUT"] {
                    try? output.write(toFile: dump, atomically: true, encoding: .utf8)
                }
                #expect((result.status != 0) == fails, "\(arguments.prefix(3)) exited \(result.status)")
                if result.status != 0 { failures.append(result.stderr) }
                for line in (result.stdout + "\n" + result.stderr).split(separator: "\n") where line.hasPrefix("<") {
                    guard let brace = line.firstIndex(of: "{"),
                          let object = try? JSONSerialization.jsonObject(with: Data(line[brace...].utf8)) as? [String: Any],
                          let event = object["event"] as? String else { continue }
                    events.append(event)
                    if let reason = object["reason"] as? String { events.append("\(event):\(reason)") }
                }
                return result
            }
        }

        static let extraPartners = SendingFaultTests.extraPartners

        @Test("ingest, forwarding and erasure fail in every way they can, and no value of the person is logged or printed")
        func errorPaths() throws {
            let servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            for user in [Self.support, Self.partner] { servers.reset(user) }
            let fixture = try ReferenceProcessTests.fixture(servers)
            fixture.rewrite {
                $0.replacingOccurrences(of: "[subject_rights]", with: Self.extraPartners + "\n\n[subject_rights]")
                    .replacingOccurrences(of: "max_mime_depth = 32", with: "max_mime_depth = 3")
                    .replacingOccurrences(of: "max_mime_parts = 1000", with: "max_mime_parts = 5")
                    .replacingOccurrences(of: "level = \"info\"", with: "level = \"debug\"")
            }
            let person = ErrorPathPerson()
            let capture = Capture(fixture)
            func file(_ name: String, _ text: String) -> String { fixture.directory.write(name, text) }

            // Ingest: a ticket, each quarantine reason, a malformed mail, a duplicate, a store that refuses.
            let form = file("form.eml", person.form(id: "wq-form"))
            let mails = [
                form,
                file("no-consent.eml", person.form(id: "wq-no-consent", processing: "nein")),
                file("auto-reply.eml", person.personal(id: "wq-auto", subject: "Abwesenheit: \(person.name)", headers: ["Auto-Submitted: auto-replied"])),
                file("bounce.eml", person.personal(id: "wq-bounce", subject: "Unzustellbar: \(person.name)",
                                                   contentType: "multipart/report; report-type=delivery-status; boundary=\"r\"", body: person.bounceBody)),
                file("no-sender.eml", person.personal(id: "wq-no-sender", subject: "Rückruf \(person.phone)")
                    .replacingOccurrences(of: "From: \(person.encoded(person.name)) <\(person.email)>\r\n", with: "")),
                file("too-large.eml", person.personal(id: "wq-large", subject: "Fotos von \(person.name)",
                                                      body: String(repeating: "\(person.name), \(person.street), \(person.iban)\n", count: 6_000))),
                file("too-deep.eml", person.personal(id: "wq-deep", subject: "Verschachtelt \(person.name)",
                                                     contentType: "multipart/mixed; boundary=\"b1\"", body: person.nested(depth: 6))),
                file("too-many-parts.eml", person.personal(id: "wq-parts", subject: "Viele Teile \(person.name)",
                                                           contentType: "multipart/mixed; boundary=\"p\"", body: person.parts(9))),
                file("confirmation.eml", person.personal(id: "wq-confirm", subject: "Re: [ticketd-confirm:abcdefghjkmnpqrstvwxyz0123] \(person.name)")),
                file("malformed.eml", person.personal(id: "wq-malformed", subject: "Kaputt \(person.name)",
                                                      contentType: "multipart/mixed; boundary=\"m\"", body: person.malformedBody)),
            ]
            try capture.run(["ingest"] + mails)
            try capture.run(["ingest", form])
            chmod(fixture.databasePath, 0o400)
            let refusedIngest = try capture.run(["ingest", file("later.eml", person.form(id: "wq-later"))], fails: true)
            chmod(fixture.databasePath, 0o600)
            try capture.run(["quarantine", "--json"])
            try capture.run(["tickets", "--json"], showsCustomer: true)

            // Forwarding: refusals, then 4xx, 5xx (a partner's, and the person's own address quoted
            // back by Postfix) and a connection that drops.
            let unregistered = try capture.run(["ticket", "forward", "1", "--partner", "nobody"], fails: true)
            let sensitive = try capture.run(["ticket", "forward", "1", "--partner", "acme"], fails: true)
            let marketing = try capture.run(["ticket", "assign", "1", "--queue", "web"], fails: true)
            for partner in ["busy", "gone"] {
                try capture.run(["ticket", "forward", "1", "--partner", partner, "--allow-sensitive", "Garantiefall"])
            }
            try capture.run(["ticket", "reply", "1", "--file", file("answer.txt", "Guten Tag \(person.name), das Update kommt.")])
            try capture.run(["serve", "--once"])
            let proxy = try LoopbackServer(.forward(to: servers.port("TICKETD_TEST_SMTPS_PORT")))
            proxy.cutConnections()
            fixture.rewrite { $0.replacingOccurrences(of: "smtps://127.0.0.1:10465", with: "smtps://127.0.0.1:\(proxy.port)") }
            try capture.run(["ticket", "forward", "1", "--partner", "acme", "--allow-sensitive", "Garantiefall"])
            try capture.run(["serve", "--once"])
            proxy.stop()
            fixture.rewrite { $0.replacingOccurrences(of: "smtps://127.0.0.1:\(proxy.port)", with: "smtps://127.0.0.1:10465") }
            try capture.run(["outbox", "--json"])
            try capture.run(["outbox"])
            try capture.run(["subject", "restrict", "--email", person.email])
            let restricted = try capture.run(["ticket", "forward", "1", "--partner", "acme", "--allow-sensitive", "Garantiefall"], fails: true)
            try capture.run(["subject", "unrestrict", "--email", person.email])

            // Erasure: a store that refuses, a legal hold that keeps a ticket, a server that cannot
            // be reached for the copies, an address (and so a pseudonym) ticketd does not know.
            chmod(fixture.databasePath, 0o400)
            let refusedErasure = try capture.run(["subject", "erase", "--email", person.email], fails: true)
            chmod(fixture.databasePath, 0o600)
            try capture.run(["ticket", "hold", "1", "--reason", "Gewährleistungsfall"])
            fixture.rewrite { $0.replacingOccurrences(of: "imaps://127.0.0.1:10993", with: "imaps://127.0.0.1:1") }
            let erased = try capture.run(["subject", "erase", "--email", person.email])
            fixture.rewrite { $0.replacingOccurrences(of: "imaps://127.0.0.1:1\"", with: "imaps://127.0.0.1:10993\"") }
            let unknown = try capture.run(["subject", "erase", "--email", person.otherEmail])
            try capture.run(["subject", "export", "--email", person.otherEmail, "--json"], showsCustomer: true)
            try capture.run(["audit", "log"])
            try capture.run(["status"])

            // Each path was taken: its log event or its message is there (so the search below is not vacuous).
            let events = Set(capture.events)
            for reason in ["too_large", "too_deep", "too_many_parts", "no_processing_consent", "auto_reply", "bounce", "no_sender", "unverified_confirmation"] {
                #expect(events.contains("mail.quarantined:\(reason)"), "no quarantine for \(reason)")
            }
            for event in ["ticket.created", "mail.duplicate", "mail.deferred", "mail.failed", "subject.erased", "subject.restricted"] {
                #expect(events.contains(event), "no \(event) line")
            }
            let outbox = capture.output.components(separatedBy: "\"last_error\"")
            #expect(outbox.contains { $0.contains("450") } && outbox.contains { $0.contains("550") }, "the 4xx and 5xx answers are recorded")
            #expect(capture.output.contains("<recipient>"), "Postfix quoted the person's address back, and it was replaced")
            #expect(capture.events.filter { $0 == "mail.deferred" }.count >= 2, "4xx and the dropped connection are both deferred")
            #expect(refusedIngest.stderr.contains("read-only") && refusedErasure.stderr.contains("read-only"))
            #expect(unregistered.stderr.contains("not a registered partner"))
            #expect(sensitive.stderr.contains("--allow-sensitive"))
            #expect(marketing.stderr.contains("no marketing consent"))
            #expect(restricted.stderr.contains("restricted"))
            #expect(erased.stdout.contains("kept ticket 1") && erased.stdout.contains("stay queued"), "\(erased.stdout)")
            #expect(unknown.stdout.contains("nothing to erase"))

            // ... and no spelling of any of the person's values is in anything written.
            // (A Boolean first: an expectation on the list itself would print the values in full.)
            let leaked = person.spellings.filter { capture.output.contains($0) }
            let clean = leaked.isEmpty
            #expect(clean, "\(leaked.count) spellings of the person's values were logged or printed: \(leaked.map { String($0.prefix(3)) + "…" })")
            #expect(capture.failures.count == 6, "the refusals each ended the command with an error message")
        }
    }
}
