import Foundation
import MailTransport
import TestSupport
import Testing

/// The SMTP session against the real local Postfix (SASL through Dovecot), with delivery checked
/// in the recipient's mailbox over IMAP.
///
/// The tests deliver to a customer's mailbox that other tests may use too: they never empty it,
/// they find their own messages by a unique Message-ID and remove just those.
@Suite(
    "SMTP session against the local Postfix",
    .serialized,
    .enabled(if: MailServers.available, "the local mail servers could not be started (see the log line above)")
)
struct SMTPSessionTests {
    let servers: MailServers

    init() throws {
        servers = try #require(MailServers.shared)
    }

    /// Sends messages over one session and checks each receipt and each delivered copy: the
    /// trace headers Postfix and Dovecot add, then exactly the bytes sent.
    private func sendAndCheck(url: String, count: Int, label: String) throws {
        let recipient = MailServers.smtpRecipient
        let next = try servers.uidNext(of: recipient)
        let tag = uniqueName(label)
        let mails = (1...count).map { madeUpReply($0, tag: tag) }
        let session = try SMTPSession(settings: servers.smtpSettings(url: url))
        var queueIDs: Set<String> = []
        for mail in mails {
            let receipt = try session.send(from: MailServers.smtpUser, to: [recipient], message: mail)
            #expect(receipt.code == 250)
            #expect(receipt.text.hasPrefix("2.0.0 Ok: queued as "), "\(receipt.text)")
            let id = try #require(receipt.queueID)
            queueIDs.insert(id)
        }
        #expect(queueIDs.count == count, "every message has its own queue id")
        #expect(session.connectionsOpened == 1, "all \(count) messages went over one connection")

        let arrived = try servers.arrived(count, containing: tag, for: recipient, above: next)
        #expect(arrived.count == count)
        var unmatched = mails
        for (_, fetched) in arrived {
            guard let index = unmatched.firstIndex(where: { fetched.count > $0.count && Array(fetched.suffix($0.count)) == $0 }) else {
                Issue.record("a delivered message does not end with any message sent")
                continue
            }
            let trace = String(decoding: fetched.prefix(fetched.count - unmatched[index].count), as: UTF8.self)
            #expect(trace.hasPrefix("Return-Path: <support@example.com>\r\n"), "\(trace)")
            #expect(trace.contains("Delivered-To: \(recipient)\r\n"))
            // Postfix notes the authenticated (A), encrypted (S) submission in its Received header.
            #expect(trace.contains("with ESMTPSA"), "\(trace)")
            unmatched.remove(at: index)
        }
        #expect(unmatched.isEmpty)
        try servers.remove(arrived.keys, of: recipient)
    }

    @Test("smtps:// (implicit TLS): a 250 receipt with the queue id, and the bytes arrive unchanged")
    func implicitTLS() throws {
        try sendAndCheck(url: "smtps://127.0.0.1:\(servers.port("TICKETD_TEST_SMTPS_PORT"))", count: 1, label: "smtps")
    }

    @Test("smtp:// with STARTTLS required, on the submission port")
    func startTLS() throws {
        try sendAndCheck(url: servers.submissionURL, count: 1, label: "starttls")
    }

    @Test("Several messages over one session reuse one connection (smtps:// and smtp://)", arguments: ["smtps", "smtp"])
    func connectionReuse(scheme: String) throws {
        let url = scheme == "smtps" ? "smtps://127.0.0.1:\(servers.port("TICKETD_TEST_SMTPS_PORT"))" : servers.submissionURL
        try sendAndCheck(url: url, count: 5, label: "reuse-\(scheme)")
    }

    @Test("Bare LF line ends go out as CR LF; lines starting with a dot survive the DATA encoding")
    func lineEnds() throws {
        let recipient = MailServers.smtpRecipient
        let next = try servers.uidNext(of: recipient)
        let tag = uniqueName("lineends")
        let withCRLF = madeUpReply(1, tag: tag)
        // The same message with LF only, and one bare CR, as a careless composer might make it.
        var withLF = String(decoding: withCRLF, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        withLF = withLF.replacingOccurrences(of: "\n.\n", with: "\r.\n")
        let session = try SMTPSession(settings: servers.smtpSettings(url: servers.submissionURL))
        let receipt = try session.send(from: MailServers.smtpUser, to: [recipient], message: Array(withLF.utf8))
        #expect(receipt.code == 250)
        let arrived = try servers.arrived(1, containing: tag, for: recipient, above: next)
        let fetched = try #require(arrived.values.first)
        #expect(fetched.count > withCRLF.count && Array(fetched.suffix(withCRLF.count)) == withCRLF,
                "the delivered copy ends with the CR LF form of the message, the line of a single dot included")
        try servers.remove(arrived.keys, of: recipient)
    }

    @Test("Two recipients in one envelope, and the null sender <> for automatic mail")
    func envelopes() throws {
        let second = "max.mustermann@example.net"
        let next = (try servers.uidNext(of: MailServers.smtpRecipient), try servers.uidNext(of: second))
        let tag = uniqueName("envelope")
        let session = try SMTPSession(settings: servers.smtpSettings())
        let both = try session.send(from: MailServers.smtpUser, to: [MailServers.smtpRecipient, second], message: madeUpReply(1, tag: tag))
        #expect(both.code == 250)
        let automatic = try session.send(from: "", to: [MailServers.smtpRecipient], message: madeUpReply(2, tag: tag))
        #expect(automatic.code == 250)
        #expect(session.connectionsOpened == 1)

        let first = try servers.arrived(2, containing: tag, for: MailServers.smtpRecipient, above: next.0)
        let other = try servers.arrived(1, containing: tag, for: second, above: next.1)
        #expect(first.count == 2)
        #expect(other.count == 1)
        let nullSender = first.values.filter { String(decoding: $0.prefix(40), as: UTF8.self).hasPrefix("Return-Path: <>\r\n") }
        #expect(nullSender.count == 1, "the message sent with MAIL FROM:<> carries Return-Path: <>")
        try servers.remove(first.keys, of: MailServers.smtpRecipient)
        try servers.remove(other.keys, of: second)
    }

    @Test("After a refused message the same session connects again and sends the next one")
    func recoversAfterRefusal() throws {
        let recipient = MailServers.smtpRecipient
        let next = try servers.uidNext(of: recipient)
        let tag = uniqueName("recover")
        let session = try SMTPSession(settings: servers.smtpSettings())
        _ = try session.send(from: MailServers.smtpUser, to: [recipient], message: madeUpReply(1, tag: tag))
        #expect(throws: SMTPError.self) {
            try session.send(from: MailServers.smtpUser, to: [servers.value("TICKETD_TEST_SMTP_REJECT_RCPT")], message: madeUpReply(2, tag: tag))
        }
        let receipt = try session.send(from: MailServers.smtpUser, to: [recipient], message: madeUpReply(3, tag: tag))
        #expect(receipt.code == 250)
        // A failed transaction's connection is never reused: two connections for three messages.
        #expect(session.connectionsOpened == 2)
        let arrived = try servers.arrived(2, containing: tag, for: recipient, above: next)
        #expect(arrived.count == 2)
        try servers.remove(arrived.keys, of: recipient)
    }
}
