import Foundation
import Synchronization
import TestSupport
@testable import TicketDaemon

/// What a fast use-case test runs on: the example configuration, a real SQLite file in a
/// temporary directory, a clock the test moves, and the log in memory. The mail servers are the
/// in-memory twins (TransportFakes), handed to the use case by the test.
struct UseCaseFixture: Sendable {
    let configuration: ConfigFixture
    let clock: TestClock
    let logs = LogSink.memory()
    let runtime: Runtime

    /// `ingestBatch`: mails per transaction. The residual-risk hold is off (`hold_risk_at = 0`):
    /// these tests are about taking in and sending, not about the redactor's doubts.
    init(ingestBatch: Int = 100) throws {
        configuration = ConfigFixture { example in
            var text = replacingFirst(example, "ingest_batch = 100", "ingest_batch = \(ingestBatch)")
            // Batches end by count or when the fetching is done, never by the clock.
            text = replacingFirst(text, "ingest_batch_wait_ms = 200", "ingest_batch_wait_ms = 60000")
            return replacingFirst(text, "hold_risk_at = 1", "hold_risk_at = 0")
        }
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        self.clock = clock
        runtime = try Runtime.open(configPath: configuration.configPath, environment: [:], logSink: logs, now: { clock.now })
    }

    /// The configured `[imap]` section (the example has one).
    var imap: Configuration.IMAP { runtime.configuration.imap! }

    /// The log lines so far, joined.
    var logText: String { logs.lines.joined(separator: "\n") }
}

/// The database's clock, moved by the test.
final class TestClock: Sendable {
    private let value: Mutex<Date>

    init(_ start: Date) { value = Mutex(start) }

    var now: Date { value.withLock { $0 } }

    func advance(by seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Made-up mails from made-up people: no real person's data appears in any test.
enum MadeUpMail {
    /// A contact form of the example configuration (`website-contact`) with processing consent.
    static func contactForm(_ number: Int, name: String = "Erika Musterfrau-Probe", email: String = "erika.probe@example.org",
                            marketing: Bool = false) -> [UInt8] {
        lines([
            "From: Kontaktformular <kontaktformular@example.com>",
            "To: support@example.com",
            "Subject: Kontaktformular: Fernseher Nr. \(number) findet kein WLAN",
            "Message-ID: <form-\(number)@web.example.com>",
            "Date: Tue, 11 Mar 2025 09:14:22 +0100",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "Name: \(name)",
            "E-Mail: \(email)",
            "Nachricht: Mein Fernseher Vistara 55 QX (Nr. \(number)) findet das WLAN nicht.",
            "Einwilligung Datenverarbeitung: ja",
            "Einwilligung Produktempfehlungen: \(marketing ? "ja" : "nein")",
            "Formular-Version: 2.3",
        ])
    }

    /// An answer to a mail ticketd sent: from `sender`, to the reply address, quoting what it answers.
    /// With `attachment`, the text and the file go as multipart/mixed (the file base64).
    static func answer(from sender: String, to recipient: String, subject: String, inReplyTo: String?, id: String,
                       text: String = "Bitte setzen Sie den Router auf 2,4 GHz.",
                       attachment: (name: String, type: String, bytes: [UInt8])? = nil) -> [UInt8] {
        let head = [
            "From: \(sender)",
            "To: \(recipient)",
            "Subject: \(subject)",
            "Message-ID: <\(id)>",
            inReplyTo.map { "In-Reply-To: <\($0)>" },
            "Date: Wed, 12 Mar 2025 10:00:00 +0100",
            "MIME-Version: 1.0",
        ].compactMap { $0 }
        guard let attachment else { return lines(head + ["Content-Type: text/plain; charset=utf-8", "", text]) }
        return lines(head + [
            "Content-Type: multipart/mixed; boundary=\"part\"", "",
            "--part", "Content-Type: text/plain; charset=utf-8", "", text,
            "--part", "Content-Type: \(attachment.type)", "Content-Disposition: attachment; filename=\"\(attachment.name)\"",
            "Content-Transfer-Encoding: base64", "", Data(attachment.bytes).base64EncodedString(),
            "--part--",
        ])
    }

    private static func lines(_ lines: [String]) -> [UInt8] {
        Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}
