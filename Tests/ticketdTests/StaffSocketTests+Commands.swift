import Foundation
import TestSupport
import Testing

/// Issue 17, item 3: every command that reads or changes data goes through the daemon, with its
/// output, and files stay with the caller: the command reads an answer or a mail and writes an
/// attachment or an export as the person who runs it.
extension StaffSocketTests {
    @Test("every command through the daemon: the agent's reply, forward, mark, attachment and outbox; the DPO's requests, verification and export to files; the administrator's ingest, sweep and redaction refresh; each refused to the others")
    func everyCommandThroughTheDaemon() throws {
        let running = try Running(mailbox: Self.mailbox)
        let shared = running.sharedDirectory
        let binary = shared + "/ticketd"
        try FileManager.default.copyItem(atPath: RepositoryPaths.binary, toPath: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
        // Each member of staff writes into a directory of their own, as on a real machine.
        func home(_ user: String) throws -> String {
            let directory = shared + "/" + user
            if !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
                let entry = try #require(getpwnam(user)?.pointee)
                chown(directory, entry.pw_uid, entry.pw_gid)
            }
            return directory
        }
        func ticketd(_ user: String, _ arguments: [String]) -> (status: Int32, output: String) {
            UnixUsers.run(as: user, "/usr/bin/env", ["TICKETD_SOCKET=\(running.socket)", binary] + arguments)
        }
        func owner(_ path: String) -> (uid: uid_t, mode: mode_t)? {
            var status = stat()
            return stat(path, &status) == 0 ? (status.st_uid, status.st_mode & 0o777) : nil
        }
        let (agent, department, dpo, admin) = (Self.agent, Self.department, Self.dpo, Self.admin)

        // The administrator takes in a mail with an attachment: read by the command, sent to the daemon.
        let sample = try home(admin) + "/12.eml"
        try FileManager.default.copyItem(atPath: RepositoryPaths.root + "/Samples/mail/12-rechnung-anhang-rfc2231.eml", toPath: sample)
        chown(sample, getpwnam(admin)!.pointee.pw_uid, getpwnam(admin)!.pointee.pw_gid)
        let ingested = ticketd(admin, ["ingest", sample])
        #expect(ingested.status == 0 && ingested.output.contains("ingest: 1 mail: 1 ticket"), "\(ingested.output)")
        let again = ticketd(admin, ["ingest", sample])
        #expect(again.status == 0 && again.output.contains("1 duplicate"), "taken in once only: \(again.output)")
        let agentsCopy = try home(agent) + "/12.eml"
        try FileManager.default.copyItem(atPath: sample, toPath: agentsCopy)
        chown(agentsCopy, getpwnam(agent)!.pointee.pw_uid, getpwnam(agent)!.pointee.pw_gid)
        let byAgent = ticketd(agent, ["ingest", agentsCopy])
        #expect(byAgent.status == 77 && byAgent.output.contains("may not take in mail files"), "an agent does not import mail: \(byAgent.output)")

        // The agent: the attachment is written as the agent, owner-only; the daemon audited it.
        let attachment = try home(agent) + "/invoice.pdf"
        let opened = ticketd(agent, ["ticket", "attachment", "3", "1", "--out", attachment])
        #expect(opened.status == 0 && opened.output.contains("written to \(attachment)"), "\(opened.output)")
        #expect(owner(attachment)?.uid == getpwnam(agent)!.pointee.pw_uid && owner(attachment)?.mode == 0o600, "\(String(describing: owner(attachment)))")
        #expect(ticketd(department, ["ticket", "attachment", "1", "1", "--out", try home(department) + "/x"]).status == 77)

        // The agent answers from a file only the agent can read: the command reads it, the daemon never opens it.
        let answer = try home(agent) + "/answer.txt"
        _ = FileManager.default.createFile(atPath: answer, contents: Data("Guten Tag,\nwir kümmern uns darum.\n".utf8), attributes: [.posixPermissions: 0o600])
        chown(answer, getpwnam(agent)!.pointee.pw_uid, getpwnam(agent)!.pointee.pw_gid)
        let replied = ticketd(agent, ["ticket", "reply", "2", "--file", answer])
        #expect(replied.status == 0 && replied.output.contains("answer to the customer of ticket 2 is in the outbox"), "\(replied.output)")
        let forwarded = ticketd(agent, ["ticket", "forward", "2", "--partner", "acme", "--note", "Bitte prüfen", "--preview"])
        #expect(forwarded.status == 0 && forwarded.output.contains("service@acme.example"), "\(forwarded.output)")
        let marked = ticketd(agent, ["ticket", "mark", "2", "--commercial-letter"])
        #expect(marked.status == 0 && marked.output.contains("now marked as a commercial letter"), "\(marked.output)")
        let notHeld = ticketd(agent, ["outbox", "--release", "1"])
        #expect(notHeld.status == 1 && notHeld.output.contains("not held"), "\(notHeld.output)")
        #expect(ticketd(department, ["ticket", "mark", "1", "--commercial-letter"]).status == 77)

        // The DPO: requests, the audit trail's verification, and an export written as the DPO.
        let requests = ticketd(dpo, ["requests", "--all"])
        #expect(requests.status == 0, "\(requests.output)")
        let verified = ticketd(dpo, ["audit", "verify", "--json"])
        #expect(verified.status == 0 && verified.output.contains("\"intact\" : true"), "\(verified.output)")
        let export = try home(dpo) + "/export.json"
        let exported = ticketd(dpo, ["subject", "export", "--email", "joerg.testmann@example.org", "--out", export])
        #expect(exported.status == 0 && exported.output.contains("exported 1 ticket"), "\(exported.output)")
        for path in [export, try home(dpo) + "/export.md"] {
            #expect(owner(path)?.uid == getpwnam(dpo)!.pointee.pw_uid && owner(path)?.mode == 0o600, "\(path): \(String(describing: owner(path)))")
        }
        #expect(ticketd(agent, ["requests"]).status == 77, "requests are the DPO's")

        // The administrator: a dry sweep at a chosen time, a real one on the daemon's clock only, a redaction refresh.
        let dry = ticketd(admin, ["sweep", "--dry-run", "--now", "2040-01-01T00:00:00Z"])
        #expect(dry.status == 0 && dry.output.contains("sweep (dry run)"), "\(dry.output)")
        let early = ticketd(admin, ["sweep", "--now", "2040-01-01T00:00:00Z"])
        #expect(early.status == 1 && early.output.contains("dry run only"), "a real sweep never runs on the caller's clock: \(early.output)")
        let refreshed = ticketd(admin, ["redaction", "refresh"])
        #expect(refreshed.status == 0 && refreshed.output.contains("redact"), "\(refreshed.output)")
        #expect(ticketd(dpo, ["sweep", "--dry-run"]).status == 77)

        // The audit trail names each member of staff for what they did; the daemon is still up.
        let audit = try CommandRunner.ticketd(["audit", "log", "--json", "--offline", "--config", running.fixture.configPath])
        let events = (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? [])
        func actor(of action: String) -> [String] { events.filter { $0["action"] as? String == action }.compactMap { $0["actor"] as? String } }
        #expect(actor(of: "attachment.opened") == ["staff:anna"], "\(actor(of: "attachment.opened"))")
        #expect(actor(of: "subject.exported") == ["staff:dirk"], "\(actor(of: "subject.exported"))")
        #expect(actor(of: "ticket.replied") == ["staff:anna"], "\(actor(of: "ticket.replied"))")
        #expect(running.daemon.wait(seconds: 0) == nil, "the daemon must still run: \(running.daemon.log.suffix(2000))")
    }
}
