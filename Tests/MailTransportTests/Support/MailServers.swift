import Foundation
import MailTransport
import TestSupport

/// The real local mail servers (Scripts/mailserver.sh), started once per test process when they
/// are not running, with the ports and paths its `env` command prints.
struct MailServers: Sendable {
    /// TestSupport's handle on the servers, which starts them and reads their variables.
    let local: LocalMailServers
    var environment: [String: String] { local.environment }

    /// The running servers, or nil when they could not be started (the reason is in ``problem``).
    static let shared: MailServers? = {
        guard let local = LocalMailServers.shared else {
            FileHandle.standardError.write(Data("MailTransportTests: skipping the server tests. \(problem)\n".utf8))
            return nil
        }
        return MailServers(local: local)
    }()
    static var problem: String { LocalMailServers.problem }

    static var available: Bool { shared != nil }

    func value(_ name: String) -> String {
        guard let value = environment[name] else { fatalError("Scripts/mailserver.sh env printed no \(name)") }
        return value
    }

    func port(_ name: String) -> Int { Int(value(name)) ?? 0 }

    var caFile: String { value("TICKETD_TEST_CA_FILE") }

    /// The test password of a user, from its file in the state directory.
    func password(of user: String) -> String {
        let text = (try? String(contentsOfFile: local.passwordFile(of: user), encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The mailbox the MailTransport tests own: nobody else delivers to it.
    static let testUser = "transport-test@example.net"

    /// Settings for the test user over implicit TLS, trusting the test CA.
    func settings(
        user: String = MailServers.testUser, url: String? = nil, password: String? = nil, caFile: String?? = nil,
        connectTimeout: Double = 10, responseTimeout: Double = 30
    ) -> IMAPSettings {
        IMAPSettings(
            url: url ?? "imaps://127.0.0.1:\(port("TICKETD_TEST_IMAPS_PORT"))",
            username: user,
            password: password ?? self.password(of: user),
            caFile: caFile ?? self.caFile,
            connectTimeout: connectTimeout,
            responseTimeout: responseTimeout
        )
    }

    /// Deletes one of the test user's mailboxes, for the clean-up after a test (ticketd itself
    /// never deletes a mailbox, so the session has no command for it). Gone already is fine.
    func removeMailbox(_ name: String) {
        local.doveadm(["mailbox", "delete", "-u", Self.testUser, "-s", name])
    }

    /// Delivers messages through Postfix's plain SMTP port, in one SMTP session.
    func deliver(_ messages: [[UInt8]], from sender: String = "erika.beispiel@example.org", to recipient: String = MailServers.testUser) throws {
        try SMTPDelivery.send(messages, from: sender, to: recipient, port: port("TICKETD_TEST_SMTP_PORT"))
    }
}

extension MailServers {
    /// Writes `count` small messages straight into the test user's Maildir and makes Dovecot
    /// index them (TestSupport's `drop`).
    func dropIntoMaildir(count: Int, tag: String) throws {
        try local.drop((1...count).map { madeUpMail($0, tag: tag) }, into: Self.testUser, tag: tag)
    }
}

/// A made-up contact mail with CR LF line ends, unique by its Message-ID.
func madeUpMail(_ number: Int, tag: String, body: String = "Mein neuer Fernseher findet das WLAN nicht.") -> [UInt8] {
    let text = [
        "From: Erika Beispiel <erika.beispiel@example.org>",
        "To: transport-test@example.net",
        "Subject: =?UTF-8?Q?Fernseher_Nr=2E_\(number)_=E2=80=93_WLAN?=",
        "Message-ID: <\(tag)-\(number)@example.org>",
        "Date: Mon, 3 Mar 2025 10:00:00 +0100",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "Hallo,",
        body,
        ".Eine Zeile, die mit einem Punkt beginnt.",
        "Grüße, Erika Beispiel",
        "",
    ].joined(separator: "\r\n")
    return Array(text.utf8)
}

/// A unique name for things a test creates.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
}
