import Foundation
import MailTransport
import Synchronization
import TestSupport

/// The SMTP side of the local mail servers, for the SMTP tests.
extension MailServers {
    /// The user the SMTP tests submit as (the support mailbox ticketd sends from).
    static let smtpUser = "support@example.com"
    /// The mailbox the SMTP tests deliver to; they never empty it, they find their own messages.
    static let smtpRecipient = "erika.beispiel@example.org"

    /// Settings for the SMTP user over implicit TLS (or `url`), trusting the test CA.
    func smtpSettings(
        url: String? = nil, username: String? = nil, password: String? = nil, caFile: String?? = nil,
        connectTimeout: Double = 10, responseTimeout: Double = 30
    ) -> SMTPSettings {
        SMTPSettings(
            url: url ?? "smtps://127.0.0.1:\(port("TICKETD_TEST_SMTPS_PORT"))",
            username: username ?? Self.smtpUser,
            password: password ?? self.password(of: Self.smtpUser),
            caFile: caFile ?? self.caFile,
            connectTimeout: connectTimeout,
            responseTimeout: responseTimeout
        )
    }

    var submissionURL: String { "smtp://127.0.0.1:\(port("TICKETD_TEST_SUBMISSION_PORT"))" }

    /// The messages in a user's INBOX that contain `marker`, found among the UIDs above
    /// `uidNext` and waited for (bounded, not timed) until `count` of them are there.
    func arrived(
        _ count: Int, containing marker: String, for user: String, above uidNext: UInt32, patience: TimeInterval = 60
    ) throws -> [UInt32: [UInt8]] {
        let session = try IMAPSession(settings: settings(user: user))
        let needle = Array(marker.utf8)
        var found: [UInt32: [UInt8]] = [:]
        var looked: Set<UInt32> = []
        let deadline = Date().addingTimeInterval(patience)
        while found.count < count, Date() < deadline {
            for uid in try session.uids(in: "INBOX", above: uidNext - 1) where !looked.contains(uid) {
                looked.insert(uid)
                if let bytes = try session.fetchIfPresent(uid: uid, in: "INBOX"), bytes.contains(needle) { found[uid] = bytes }
            }
            if found.count < count { Thread.sleep(forTimeInterval: 0.05) }
        }
        return found
    }

    /// UIDNEXT of a user's INBOX now: what arrives later has this UID or a higher one.
    func uidNext(of user: String) throws -> UInt32 {
        try IMAPSession(settings: settings(user: user)).status(of: "INBOX").uidNext
    }

    /// Removes the given messages (the test's own) from a user's INBOX.
    func remove(_ uids: some Sequence<UInt32>, of user: String) throws {
        try IMAPSession(settings: settings(user: user)).delete(uids: Array(uids), in: "INBOX")
    }
}

/// A made-up outgoing mail (CR LF line ends) from the support address, unique by its Message-ID.
func madeUpReply(_ number: Int, tag: String, to recipient: String = MailServers.smtpRecipient) -> [UInt8] {
    let text = [
        "From: Support <support@example.com>",
        "To: \(recipient)",
        "Subject: =?UTF-8?Q?Ihre_Anfrage_Nr=2E_\(number)_=E2=80=93_WLAN?=",
        "Message-ID: <\(tag)-\(number)@example.com>",
        "Date: Tue, 4 Mar 2025 09:30:00 +0100",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "Guten Tag,",
        "bitte setzen Sie den Fernseher einmal zurück.",
        ".Diese Zeile beginnt mit einem Punkt,",
        ".",
        "und die Zeile davor bestand nur aus einem.",
        "Freundliche Grüße, Ihr Support",
        "",
    ].joined(separator: "\r\n")
    return Array(text.utf8)
}

/// A fake SMTP server on 127.0.0.1 that speaks just enough SMTP without TLS, and records every
/// byte and every connection it gets. Stopped explicitly.
final class FakeSMTPServer: Sendable {
    let port: Int
    private let listener: Int32
    private let state = Mutex(State())

    private struct State {
        var received: [UInt8] = []
        var connections = 0
        var sockets: [Int32] = []
        var stopped = false
    }

    /// `greeting` is the first line it sends; `extensions` the EHLO keywords it announces.
    init(greeting: String = "220 fake.ticketd.test ESMTP", extensions: [String] = ["AUTH PLAIN LOGIN", "8BITMIME", "SIZE 10240000"]) throws {
        (listener, port) = try LoopbackSocket.listen()
        let thread = Thread { [self] in acceptLoop(greeting: greeting, extensions: extensions) }
        thread.start()
    }

    var received: [UInt8] { state.withLock { $0.received } }
    var connections: Int { state.withLock { $0.connections } }

    func stop() {
        state.withLock { state in
            state.stopped = true
            for fd in state.sockets { shutdown(fd, Int32(SHUT_RDWR)) }
            shutdown(listener, Int32(SHUT_RDWR))
        }
    }

    deinit { stop() }

    private func acceptLoop(greeting: String, extensions: [String]) {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.connections += 1
                state.sockets.append(fd)
                return true
            }
            guard accepted else { close(fd); return }
            Thread { [self] in serve(fd, greeting: greeting, extensions: extensions) }.start()
        }
    }

    private func serve(_ fd: Int32, greeting: String, extensions: [String]) {
        guard (try? LoopbackSocket.write(fd, greeting + "\r\n")) != nil else { return }
        if !greeting.hasPrefix("220") { shutdown(fd, Int32(SHUT_RDWR)); return }
        var buffer: [UInt8] = []
        var inData = false
        while true {
            let bytes = LoopbackSocket.read(fd)
            if bytes.isEmpty { break }
            state.withLock { $0.received += bytes }
            buffer += bytes
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                buffer.removeSubrange(...newline)
                if inData {
                    if line == "." {
                        inData = false
                        _ = try? LoopbackSocket.write(fd, "250 2.0.0 Ok: queued as FAKE1\r\n")
                    }
                    continue
                }
                let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
                let reply: String
                switch verb {
                case "EHLO":
                    reply = (["fake.ticketd.test"] + extensions).enumerated().map { index, text in
                        "250\(index == extensions.count ? " " : "-")\(text)\r\n"
                    }.joined()
                case "HELO", "MAIL", "RCPT", "RSET", "NOOP": reply = "250 2.0.0 Ok\r\n"
                case "DATA": reply = "354 End data with <CR><LF>.<CR><LF>\r\n"; inData = true
                case "QUIT": reply = "221 2.0.0 Bye\r\n"
                default: reply = "502 5.5.2 Error: command not recognized\r\n"
                }
                _ = try? LoopbackSocket.write(fd, reply)
                if verb == "QUIT" { shutdown(fd, Int32(SHUT_RDWR)); return }
            }
        }
    }
}
