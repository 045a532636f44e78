import Foundation
import MailTransport
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
