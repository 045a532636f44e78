import Foundation
import TestSupport
import MailTransport
import Testing

/// Each way reaching the mailbox can fail, against the real servers or a real socket, with the
/// error the operator is told.
@Suite(
    "IMAP faults",
    .serialized,
    .enabled(if: MailServers.available, "the local mail servers could not be started (see the log line above)")
)
struct IMAPFaultTests {
    let servers: MailServers

    init() throws {
        servers = try #require(MailServers.shared)
    }

    /// The IMAPError the body throws, or nil when it succeeds (or throws something else).
    private func error(_ body: () throws -> Void) -> IMAPError? {
        do { try body() } catch { return error as? IMAPError }
        return nil
    }

    @Test("Nothing listening: connectionFailed, retryable, naming libcurl's error")
    func connectionRefused() throws {
        let port = try LoopbackSocket.unusedPort()
        let session = try IMAPSession(settings: servers.settings(url: "imaps://127.0.0.1:\(port)"))
        let failure = error { _ = try session.status(of: "INBOX") }
        guard case .connectionFailed(let detail)? = failure else {
            Issue.record("expected connectionFailed, got \(String(describing: failure))")
            return
        }
        #expect(detail.contains("libcurl error 7"))
        #expect(failure?.isRetryable == true)
        #expect(failure?.description.contains("imap.url") == true)
    }

    @Test("The server goes away in the middle of a session: connectionFailed, then recovery on a new session")
    func serverStoppedMidSession() throws {
        let proxy = try LoopbackServer(.forward(to: servers.port("TICKETD_TEST_IMAPS_PORT")))
        let session = try IMAPSession(settings: servers.settings(url: "imaps://127.0.0.1:\(proxy.port)"))
        _ = try session.status(of: "INBOX")
        proxy.stop()
        let failure = error { _ = try session.status(of: "INBOX") }
        guard case .connectionFailed? = failure else {
            Issue.record("expected connectionFailed, got \(String(describing: failure))")
            return
        }
        // The same session, pointed at nothing, keeps failing cleanly rather than hanging or crashing.
        #expect(throws: IMAPError.self) { try session.uids(in: "INBOX", above: 0) }
        let direct = try IMAPSession(settings: servers.settings())
        _ = try direct.status(of: "INBOX")
    }

    @Test("A wrong password: authenticationFailed, not retryable, pointing at the password file")
    func wrongPassword() throws {
        let session = try IMAPSession(settings: servers.settings(password: "not-the-password"))
        let failure = error { _ = try session.status(of: "INBOX") }
        #expect(failure == .authenticationFailed)
        #expect(failure?.isRetryable == false)
        #expect(failure?.description.contains("password_file") == true)
        #expect(failure?.description.contains("not-the-password") == false)
    }

    @Test("A certificate for another name (wrong.example, signed by the trusted test CA): tlsFailed")
    func hostNameMismatch() throws {
        let url = "imaps://127.0.0.1:\(servers.port("TICKETD_TEST_IMAPS_WRONG_NAME_PORT"))"
        let session = try IMAPSession(settings: servers.settings(url: url))
        let failure = error { _ = try session.status(of: "INBOX") }
        guard case .tlsFailed(let detail)? = failure else {
            Issue.record("expected tlsFailed, got \(String(describing: failure))")
            return
        }
        #expect(detail.contains("libcurl error 60"))
        #expect(failure?.description.contains("ca_file") == true)
    }

    @Test("No CA file: the system trust store does not know the test CA, so tlsFailed")
    func untrustedCertificate() throws {
        let session = try IMAPSession(settings: servers.settings(caFile: .some(nil)))
        let failure = error { _ = try session.status(of: "INBOX") }
        guard case .tlsFailed? = failure else {
            Issue.record("expected tlsFailed, got \(String(describing: failure))")
            return
        }
        // Also over STARTTLS.
        let startTLS = try IMAPSession(settings: servers.settings(
            url: "imap://127.0.0.1:\(servers.port("TICKETD_TEST_IMAP_PORT"))", caFile: .some(nil)))
        guard case .tlsFailed? = error({ _ = try startTLS.status(of: "INBOX") }) else {
            Issue.record("expected tlsFailed over STARTTLS too")
            return
        }
    }

    @Test("A CA file that does not exist: tlsFailed")
    func missingCAFile() throws {
        let session = try IMAPSession(settings: servers.settings(caFile: "/nonexistent/ca.pem"))
        guard case .tlsFailed? = error({ _ = try session.status(of: "INBOX") }) else {
            Issue.record("expected tlsFailed")
            return
        }
    }

    @Test("imap:// to Dovecot without STARTTLS: startTLSUnavailable, even on loopback")
    func noStartTLSOnRealServer() throws {
        let url = "imap://127.0.0.1:\(servers.port("TICKETD_TEST_IMAP_PLAIN_PORT"))"
        let session = try IMAPSession(settings: servers.settings(url: url))
        let failure = error { _ = try session.status(of: "INBOX") }
        #expect(failure == .startTLSUnavailable)
        #expect(failure?.isRetryable == false)
    }

    @Test("imap:// without STARTTLS never sends the user name or password (recorded by a listening socket)")
    func noStartTLSSendsNoCredentials() throws {
        let server = try LoopbackServer(.imapWithoutStartTLS)
        defer { server.stop() }
        let password = "geheim-\(UInt32.random(in: 0...UInt32.max))"
        let settings = servers.settings(url: "imap://127.0.0.1:\(server.port)", password: password)
        do {
            let session = try IMAPSession(settings: settings)
            #expect(error { _ = try session.status(of: "INBOX") } == .startTLSUnavailable)
        }
        let sent = String(decoding: server.received, as: UTF8.self)
        #expect(sent.uppercased().contains("CAPABILITY"), "the client asked for capabilities: \(sent)")
        #expect(!sent.contains(password))
        #expect(!sent.contains(MailServers.testUser))
        #expect(!sent.uppercased().contains("LOGIN"))
        #expect(!sent.uppercased().contains("AUTHENTICATE"))
        let base64Password = Data(password.utf8).base64EncodedString()
        #expect(!sent.contains(base64Password.prefix(8)))
    }

    @Test("A server that accepts and never answers: timeout within the configured limits", arguments: ["imap", "imaps"])
    func hungServer(scheme: String) throws {
        let server = try LoopbackServer(.silent)
        defer { server.stop() }
        let session = try IMAPSession(settings: servers.settings(
            url: "\(scheme)://127.0.0.1:\(server.port)", connectTimeout: 2, responseTimeout: 2))
        let started = Date()
        let failure = error { _ = try session.status(of: "INBOX") }
        let elapsed = Date().timeIntervalSince(started)
        guard case .timeout(let detail)? = failure else {
            Issue.record("expected timeout, got \(String(describing: failure))")
            return
        }
        #expect(detail.contains("libcurl error 28"))
        #expect(failure?.isRetryable == true)
        print("MailTransportTests: \(scheme):// against a silent server gave up after \(String(format: "%.1f", elapsed)) s (limits 2 s)")
    }

    @Test("Settings that are not an IMAP URL are refused before anything connects")
    func invalidURL() {
        for url in ["http://127.0.0.1:10993", "imaps://user@127.0.0.1", "imaps://127.0.0.1/INBOX", "imaps://", "127.0.0.1:993"] {
            #expect(throws: IMAPError.self, "\(url)") {
                _ = try IMAPSession(settings: IMAPSettings(url: url, username: "u", password: "p"))
            }
        }
        #expect(throws: Never.self) {
            _ = try IMAPSession(settings: IMAPSettings(url: "imaps://mail.example.com:993/", username: "u", password: "p"))
        }
    }
}
