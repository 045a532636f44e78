import Foundation
import MailTransport
import TestSupport
import Testing

/// Each way sending can fail, against the real Postfix (its test hooks), a fake server or a real
/// socket, with the error the operator is told and whether the outbox retries it.
@Suite(
    "SMTP faults",
    .serialized,
    .enabled(if: MailServers.available, "the local mail servers could not be started (see the log line above)")
)
struct SMTPFaultTests {
    let servers: MailServers

    init() throws {
        servers = try #require(MailServers.shared)
    }

    /// The SMTPError the body throws, or nil when it succeeds (or throws something else).
    private func error(_ body: () throws -> Void) -> SMTPError? {
        do { try body() } catch { return error as? SMTPError }
        return nil
    }

    private func send(_ session: SMTPSession, to recipient: String, tag: String = uniqueName("fault")) -> SMTPError? {
        error { _ = try session.send(from: MailServers.smtpUser, to: [recipient], message: madeUpReply(1, tag: tag, to: recipient)) }
    }

    // MARK: - Refusals by the server

    @Test("A wrong password: authenticationFailed, not retryable, the password named nowhere")
    func wrongPassword() throws {
        for url in ["smtps://127.0.0.1:\(servers.port("TICKETD_TEST_SMTPS_PORT"))", servers.submissionURL] {
            let session = try SMTPSession(settings: servers.smtpSettings(url: url, password: "not-the-password"))
            let failure = send(session, to: MailServers.smtpRecipient)
            #expect(failure == .authenticationFailed, "\(url)")
            #expect(failure?.isRetryable == false)
            #expect(failure?.description.contains("smtp.password_file") == true)
            #expect(failure?.description.contains("not-the-password") == false)
        }
    }

    @Test("The 4xx hook at RCPT: transient(450), retryable, the address replaced in the server's text")
    func temporaryRecipientRefusal() throws {
        let session = try SMTPSession(settings: servers.smtpSettings())
        let recipient = servers.value("TICKETD_TEST_SMTP_TEMPFAIL_RCPT")
        let failure = send(session, to: recipient)
        guard case .transient(let code, let text)? = failure else {
            Issue.record("expected transient, got \(String(describing: failure))")
            return
        }
        #expect(code == 450)
        #expect(text.hasPrefix("4.2.0 "))
        #expect(text.contains("Mailbox busy, try again later"))
        #expect(text.contains("<recipient>"), "\(text)")
        #expect(failure?.isRetryable == true)
        #expect(failure?.description.contains(recipient) == false)
    }

    @Test("The 5xx hook and an unknown user at RCPT: permanent(550), not retryable")
    func permanentRecipientRefusal() throws {
        let session = try SMTPSession(settings: servers.smtpSettings(url: servers.submissionURL))
        let hooked = send(session, to: servers.value("TICKETD_TEST_SMTP_REJECT_RCPT"))
        guard case .permanent(let code, let text)? = hooked else {
            Issue.record("expected permanent, got \(String(describing: hooked))")
            return
        }
        #expect(code == 550)
        #expect(text.hasPrefix("5.1.1 "))
        #expect(text.contains("No such user here"))
        #expect(hooked?.isRetryable == false)

        let unknown = send(session, to: "\(uniqueName("niemand"))@example.org")
        guard case .permanent(550, let unknownText)? = unknown else {
            Issue.record("expected permanent(550), got \(String(describing: unknown))")
            return
        }
        #expect(unknownText.contains("User unknown"))
        #expect(unknown?.isRetryable == false)
    }

    @Test("One refused recipient among several fails the whole message (no partial delivery)")
    func partialAcceptanceFails() throws {
        let session = try SMTPSession(settings: servers.smtpSettings())
        let failure = error {
            _ = try session.send(
                from: MailServers.smtpUser,
                to: [MailServers.smtpRecipient, servers.value("TICKETD_TEST_SMTP_REJECT_RCPT")],
                message: madeUpReply(1, tag: uniqueName("partial")))
        }
        guard case .permanent(550, _)? = failure else {
            Issue.record("expected permanent(550), got \(String(describing: failure))")
            return
        }
    }

    @Test("Refusals of the message itself, at the end of DATA: transient(451) and permanent(554)")
    func endOfDataRefusals() throws {
        let session = try SMTPSession(settings: servers.smtpSettings())
        let deferred = send(session, to: servers.value("TICKETD_TEST_SMTP_DATA_TEMPFAIL_RCPT"))
        guard case .transient(451, let text)? = deferred else {
            Issue.record("expected transient(451), got \(String(describing: deferred))")
            return
        }
        #expect(text.hasPrefix("4.3.0 "))
        #expect(deferred?.isRetryable == true)
        // The same session again: the refused transaction's connection must not be reused.
        let rejected = send(session, to: servers.value("TICKETD_TEST_SMTP_DATA_REJECT_RCPT"))
        guard case .permanent(554, let rejectedText)? = rejected else {
            Issue.record("expected permanent(554), got \(String(describing: rejected))")
            return
        }
        #expect(rejectedText.hasPrefix("5.7.1 "))
        let recipient = MailServers.smtpRecipient
        let next = try servers.uidNext(of: recipient)
        let tag = uniqueName("after-data")
        #expect(try session.send(from: MailServers.smtpUser, to: [recipient], message: madeUpReply(1, tag: tag)).code == 250)
        #expect(session.connectionsOpened == 3)
        let arrived = try servers.arrived(1, containing: tag, for: recipient, above: next)
        try servers.remove(arrived.keys, of: recipient)
    }

    @Test("A server that says 421 instead of a greeting: transient(421)")
    func busyGreeting() throws {
        let server = try LoopbackServer(.smtpWithoutStartTLS(greeting: "421 4.3.2 fake.ticketd.test Service not available, closing transmission channel"))
        defer { server.stop() }
        let session = try SMTPSession(settings: servers.smtpSettings(url: "smtp://127.0.0.1:\(server.port)"))
        let failure = send(session, to: MailServers.smtpRecipient)
        guard case .transient(421, let text)? = failure else {
            Issue.record("expected transient(421), got \(String(describing: failure))")
            return
        }
        #expect(text.contains("Service not available"))
        #expect(failure?.isRetryable == true)
    }

    // MARK: - TLS

    @Test("A certificate for another name (wrong.example, signed by the trusted test CA): tlsFailed")
    func hostNameMismatch() throws {
        let url = "smtps://127.0.0.1:\(servers.port("TICKETD_TEST_SMTPS_WRONG_NAME_PORT"))"
        let session = try SMTPSession(settings: servers.smtpSettings(url: url))
        let failure = send(session, to: MailServers.smtpRecipient)
        guard case .tlsFailed(let detail)? = failure else {
            Issue.record("expected tlsFailed, got \(String(describing: failure))")
            return
        }
        #expect(detail.contains("libcurl error 60"))
        #expect(failure?.description.contains("smtp.ca_file") == true)
    }

    @Test("A CA that did not sign the server's certificate (the system bundle, or the system store): tlsFailed, also over STARTTLS")
    func untrustedCertificate() throws {
        let bundle = "/etc/ssl/certs/ca-certificates.crt"
        var cases: [(String, String?)] = [
            ("smtps://127.0.0.1:\(servers.port("TICKETD_TEST_SMTPS_PORT"))", nil),
            (servers.submissionURL, nil),
        ]
        if FileManager.default.fileExists(atPath: bundle) {
            cases.append(("smtps://127.0.0.1:\(servers.port("TICKETD_TEST_SMTPS_PORT"))", bundle))
            cases.append((servers.submissionURL, bundle))
        }
        for (url, caFile) in cases {
            let session = try SMTPSession(settings: servers.smtpSettings(url: url, caFile: .some(caFile)))
            let failure = send(session, to: MailServers.smtpRecipient)
            guard case .tlsFailed? = failure else {
                Issue.record("expected tlsFailed for \(url) with CA \(caFile ?? "system store"), got \(String(describing: failure))")
                continue
            }
            #expect(failure?.isRetryable == true)
        }
    }

    @Test("smtp:// to a server without STARTTLS (the real Postfix): startTLSUnavailable, not retryable")
    func noStartTLSOnRealServer() throws {
        let session = try SMTPSession(settings: servers.smtpSettings(url: "smtp://127.0.0.1:\(servers.port("TICKETD_TEST_SMTP_NO_TLS_PORT"))"))
        let failure = send(session, to: MailServers.smtpRecipient)
        #expect(failure == .startTLSUnavailable)
        #expect(failure?.isRetryable == false)
    }

    @Test("smtp:// without STARTTLS never sends the user name, the password, the envelope or the message (recorded by a fake server)")
    func noStartTLSSendsNothing() throws {
        let server = try LoopbackServer(.smtpWithoutStartTLS())
        defer { server.stop() }
        let password = "geheim-\(UInt32.random(in: 0...UInt32.max))"
        let tag = uniqueName("plaintext")
        do {
            let session = try SMTPSession(settings: servers.smtpSettings(url: "smtp://127.0.0.1:\(server.port)", password: password))
            let failure = error {
                _ = try session.send(from: MailServers.smtpUser, to: [MailServers.smtpRecipient], message: madeUpReply(1, tag: tag))
            }
            #expect(failure == .startTLSUnavailable)
        }
        let sent = String(decoding: server.received, as: UTF8.self)
        #expect(sent.uppercased().hasPrefix("EHLO "), "the client greeted: \(sent)")
        #expect(!sent.contains(password))
        #expect(!sent.contains(Data(password.utf8).base64EncodedString().prefix(8)))
        #expect(!sent.contains(Data("\0\(MailServers.smtpUser)\0\(password)".utf8).base64EncodedString().prefix(12)))
        #expect(!sent.uppercased().contains("AUTH"))
        #expect(!sent.uppercased().contains("MAIL FROM"))
        #expect(!sent.contains(MailServers.smtpRecipient))
        #expect(!sent.contains(tag))
    }

    @Test("A server that offers no AUTH although a user name is configured: nothing is sent (libcurl alone would send unauthenticated)")
    func noAuthOffered() throws {
        // Postfix's port for incoming mail offers STARTTLS but no AUTH, and accepts mail for the test domains.
        let url = "smtp://127.0.0.1:\(servers.port("TICKETD_TEST_SMTP_PORT"))"
        let recipient = MailServers.smtpRecipient
        let next = try servers.uidNext(of: recipient)
        let tag = uniqueName("noauth")
        let session = try SMTPSession(settings: servers.smtpSettings(url: url))
        let failure = error { _ = try session.send(from: MailServers.smtpUser, to: [recipient], message: madeUpReply(1, tag: tag)) }
        guard case .protocolError(let detail)? = failure else {
            Issue.record("expected protocolError, got \(String(describing: failure))")
            return
        }
        #expect(detail.contains("AUTH"))
        #expect(failure?.isRetryable == false)

        // The proof that nothing was sent: a second message, sent without a user name (which the
        // port allows), arrives, and the first one never does.
        let anonymous = try SMTPSession(settings: servers.smtpSettings(url: url, username: ""))
        let receipt = try anonymous.send(from: MailServers.smtpUser, to: [recipient], message: madeUpReply(2, tag: tag))
        #expect(receipt.code == 250)
        let arrived = try servers.arrived(1, containing: tag, for: recipient, above: next)
        #expect(arrived.count == 1)
        #expect(arrived.values.allSatisfy { $0.contains(Array("<\(tag)-2@example.com>".utf8)) })
        // Had the first message been sent, it would have been queued before the second: give it
        // a generous moment more to show up.
        let again = try servers.arrived(2, containing: tag, for: recipient, above: next, patience: 3)
        #expect(again.count == 1, "the message refused for lack of AUTH was never delivered")
        try servers.remove(again.keys, of: recipient)
    }

    // MARK: - Connections and timeouts

    @Test("Nothing listening: connectionFailed, retryable, naming libcurl's error")
    func connectionRefused() throws {
        let port = try LoopbackSocket.unusedPort()
        let session = try SMTPSession(settings: servers.smtpSettings(url: "smtps://127.0.0.1:\(port)"))
        let failure = send(session, to: MailServers.smtpRecipient)
        guard case .connectionFailed(let detail)? = failure else {
            Issue.record("expected connectionFailed, got \(String(describing: failure))")
            return
        }
        #expect(detail.contains("libcurl error 7"))
        #expect(failure?.isRetryable == true)
        #expect(failure?.description.contains("smtp.url") == true)
    }

    @Test("The server goes away between messages: connectionFailed; cut and back again: the session reconnects")
    func serverStoppedMidSession() throws {
        let proxy = try LoopbackServer(.forward(to: servers.port("TICKETD_TEST_SMTPS_PORT")))
        let session = try SMTPSession(settings: servers.smtpSettings(url: "smtps://127.0.0.1:\(proxy.port)"))
        let recipient = MailServers.smtpRecipient
        let next = try servers.uidNext(of: recipient)
        let tag = uniqueName("proxy")
        #expect(try session.send(from: MailServers.smtpUser, to: [recipient], message: madeUpReply(1, tag: tag)).code == 250)

        // Cut and back: the kept connection is dead, the next message goes over a new one.
        proxy.cutConnections()
        proxy.resume()
        #expect(try session.send(from: MailServers.smtpUser, to: [recipient], message: madeUpReply(2, tag: tag)).code == 250)
        #expect(session.connectionsOpened == 2)

        // Gone for good.
        proxy.stop()
        let failure = send(session, to: recipient)
        guard case .connectionFailed? = failure else {
            Issue.record("expected connectionFailed, got \(String(describing: failure))")
            return
        }
        #expect(failure?.isRetryable == true)
        let arrived = try servers.arrived(2, containing: tag, for: recipient, above: next)
        #expect(arrived.count == 2)
        try servers.remove(arrived.keys, of: recipient)
    }

    @Test("A server that accepts and never answers: timeout within the configured limits", arguments: ["smtp", "smtps"])
    func hungServer(scheme: String) throws {
        let server = try LoopbackServer(.silent)
        defer { server.stop() }
        let session = try SMTPSession(settings: servers.smtpSettings(
            url: "\(scheme)://127.0.0.1:\(server.port)", connectTimeout: 2, responseTimeout: 2))
        let started = Date()
        let failure = send(session, to: MailServers.smtpRecipient)
        let elapsed = Date().timeIntervalSince(started)
        guard case .timeout(let detail)? = failure else {
            Issue.record("expected timeout, got \(String(describing: failure))")
            return
        }
        #expect(detail.contains("libcurl error 28"))
        #expect(failure?.isRetryable == true)
        // Generous: the limits are 2 s; a shared, busy machine may take much longer, but not for ever.
        #expect(elapsed < 120)
        print("MailTransportTests: \(scheme):// against a silent SMTP server gave up after \(String(format: "%.1f", elapsed)) s (limits 2 s)")
    }

    // MARK: - Refused before connecting

    @Test("Envelope addresses that could inject commands or change them are refused before anything connects")
    func invalidEnvelope() throws {
        let server = try LoopbackServer(.smtpWithoutStartTLS())
        defer { server.stop() }
        let session = try SMTPSession(settings: servers.smtpSettings(url: "smtp://127.0.0.1:\(server.port)"))
        let message = madeUpReply(1, tag: uniqueName("envelope"))
        let badRecipients = [
            "erika@example.org\r\nRCPT TO:<max.mustermann@example.net>",
            "erika@example.org\nDATA",
            "erika@example.org\rQUIT",
            "<erika@example.org>",
            "Erika <erika@example.org>",
            "erika @example.org",
            "erika@example.org ",
            "",
            "erika",
            "@example.org",
            "erika@",
            "\"a@b\"@example.org",
            "erika\u{0}@example.org",
            "jörg@example.org",
        ]
        for recipient in badRecipients {
            let failure = error { _ = try session.send(from: MailServers.smtpUser, to: [recipient], message: message) }
            guard case .protocolError(let detail)? = failure else {
                Issue.record("expected protocolError for \(recipient.debugDescription), got \(String(describing: failure))")
                continue
            }
            #expect(!detail.contains("erika"), "the error names the rule, not the address: \(detail)")
            #expect(failure?.isRetryable == false)
        }
        for sender in ["support@example.com\r\nRCPT TO:<x@example.net>", "<support@example.com>", "support example.com"] {
            let failure = error { _ = try session.send(from: sender, to: [MailServers.smtpRecipient], message: message) }
            guard case .protocolError? = failure else {
                Issue.record("expected protocolError for the sender \(sender.debugDescription), got \(String(describing: failure))")
                continue
            }
        }
        #expect(error { _ = try session.send(from: MailServers.smtpUser, to: [], message: message) } != nil)
        #expect(error { _ = try session.send(from: MailServers.smtpUser, to: [MailServers.smtpRecipient], message: []) } != nil)
        #expect(session.connectionsOpened == 0)
        #expect(server.connections == 0, "nothing connected")
        #expect(server.received.isEmpty)
    }

    @Test("Settings that are not an SMTP URL are refused before anything connects")
    func invalidURL() {
        for url in ["http://127.0.0.1:10465", "smtps://user@127.0.0.1", "smtps://127.0.0.1/helo.example", "smtps://", "127.0.0.1:465", "imaps://127.0.0.1:10993"] {
            #expect(throws: SMTPError.self, "\(url)") {
                _ = try SMTPSession(settings: SMTPSettings(url: url, username: "u", password: "p"))
            }
        }
        #expect(throws: Never.self) {
            _ = try SMTPSession(settings: SMTPSettings(url: "smtps://mail.example.com:465/", username: "u", password: "p"))
            _ = try SMTPSession(settings: SMTPSettings(url: "SMTP://mail.example.com:587", username: "u", password: "p"))
        }
    }
}
