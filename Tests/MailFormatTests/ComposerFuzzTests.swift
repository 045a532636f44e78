import Foundation
import MailFormat
import Testing

/// Random Unicode and controls in every field (attachments too): composing never crashes, and it either refuses
/// with a ``CompositionError`` or gives a message that keeps every promise and reads back
/// exactly. Runs about 3 s; `TICKETD_FUZZ_SECONDS=N` runs it for N seconds.
@Suite("Composer fuzzing")
struct ComposerFuzzTests {
    /// Scalars worth mixing in: controls, separators, combining marks, ASCII specials, the
    /// pieces of encoded words, and characters from every plane.
    static let interesting: [Unicode.Scalar] = [
        "\0", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{1B}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{AD}",
        "\u{2028}", "\u{2029}", "\u{200B}", "\u{200D}", "\u{202E}", "\u{3000}", "\u{FEFF}", "\u{FFFD}", "\u{301}", "\u{20E3}",
        "\u{FE0F}", "\u{1F3FD}", "\u{1F1E9}", "\u{1F1EA}", "\u{10FFFF}", " ", "\"", "\\", "(", ")", "<", ">", ",", ";",
        ":", "@", ".", "=", "?", "_", "[", "]", "ü", "ß", "İ", "ı", "漢", "👍", "Ω",
    ]
    static let fragments = ["=?", "?=", "=?utf-8?q?", "=?utf-8?b?", "\r\nBcc: x@example.org", "\nX-Evil: 1", "From ", ".",
                            "\r\n.\r\n", "=\r\n", "=3D", "Subject: ", " <a@b.example>"]

    static func randomText(_ random: inout FuzzRandom, maxLength: Int) -> String {
        var text = ""
        let length = random.below(maxLength + 1)
        while text.unicodeScalars.count < length {
            switch random.below(10) {
            case 0...3:
                text.unicodeScalars.append(interesting[random.below(interesting.count)])
            case 4...5:
                text += fragments[random.below(fragments.count)]
            case 6:
                // Any scalar at all (surrogates skipped).
                let value = UInt32(random.below(0x110000))
                text.unicodeScalars.append(Unicode.Scalar(value) ?? "x")
            default:
                let letters = Array("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-+'")
                text.append(letters[random.below(letters.count)])
            }
        }
        return text
    }

    static func randomAddress(_ random: inout FuzzRandom) -> EmailAddress {
        for _ in 0..<8 {
            let local = random.below(4) == 0 ? randomText(&random, maxLength: 12) : String(randomText(&random, maxLength: 12).unicodeScalars.filter { $0.isASCII })
            let domain = random.below(6) == 0 ? randomText(&random, maxLength: 12) : "example.org"
            if let address = try? EmailAddress(parsing: "\(local)@\(domain)") { return address }
        }
        return try! EmailAddress(parsing: "fallback\(random.below(100))@example.org")
    }

    static func randomMailbox(_ random: inout FuzzRandom) -> Mailbox {
        Mailbox(displayName: random.below(5) == 0 ? nil : randomText(&random, maxLength: 60), address: randomAddress(&random))
    }

    static func randomID(_ random: inout FuzzRandom) -> String {
        random.below(30) == 0 ? randomText(&random, maxLength: 20) : "id\(random.next() % 1_000_000).\(random.below(99))@example.org"
    }

    static func randomMail(_ random: inout FuzzRandom) -> OutgoingMail {
        let extraNames = ["X-Ticketd-Ticket", "X-Note", "X-Ticketd-Pseudonym", "X-A", "X-B", "X-C", "X-D", "X-E", "X Bad", "Bcc", "X-\u{E4}", ""]
        var extra: [(name: String, value: String)] = []
        for _ in 0..<random.below(4) {
            let name = random.below(10) == 0 ? randomText(&random, maxLength: 10) : extraNames[random.below(extraNames.count)]
            extra.append((name, randomText(&random, maxLength: 120)))
        }
        let seconds = Double(random.below(6_000_000_000)) - 2_000_000_000 + Double(random.below(1000)) / 1000
        return OutgoingMail(
            from: randomMailbox(&random),
            to: (0..<(random.below(10) == 0 ? 0 : 1 + random.below(3))).map { _ in randomMailbox(&random) },
            replyTo: random.below(2) == 0 ? randomMailbox(&random) : nil,
            subject: randomText(&random, maxLength: random.below(4) == 0 ? 400 : 60),
            date: Date(timeIntervalSince1970: random.below(30) == 0 ? seconds * 100 : seconds),
            messageID: randomID(&random),
            inReplyTo: random.below(2) == 0 ? randomID(&random) : nil,
            references: (0..<random.below(5)).map { _ in randomID(&random) },
            autoSubmitted: [nil, nil, "auto-generated", "auto-replied; owner-email=x", randomText(&random, maxLength: 20)][random.below(5)],
            extraHeaders: extra,
            body: randomText(&random, maxLength: random.below(4) == 0 ? 2000 : 200),
            attachments: random.below(4) == 0 ? (0..<(1 + random.below(3))).map { _ in randomAttachment(&random) } : [])
    }

    static let mediaTypes = ["application/json", "text/plain", "image/png", "Application/PDF", "application/x-a+b.c",
                             "message/rfc822", "multipart/mixed", "text", "text/plain; charset=utf-8", "a/b/c", ""]

    /// A file with a random name (controls and all), a mostly valid media type and random bytes.
    static func randomAttachment(_ random: inout FuzzRandom) -> OutgoingAttachment {
        let type = random.below(5) == 0 ? randomText(&random, maxLength: 20) : mediaTypes[random.below(mediaTypes.count)]
        let data = (0..<random.below(random.below(4) == 0 ? 3000 : 100)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        return OutgoingAttachment(filename: randomText(&random, maxLength: random.below(4) == 0 ? 120 : 30), mimeType: type, data: data)
    }

    @Test("random fields: a CompositionError or a message that keeps every promise and reads back")
    func fuzzLoop() {
        let seconds = ProcessInfo.processInfo.environment["TICKETD_FUZZ_SECONDS"].flatMap(Double.init) ?? 3
        let seed = UInt64(ProcessInfo.processInfo.environment["TICKETD_FUZZ_SEED"] ?? "") ?? 0xF022_C0DE
        var random = FuzzRandom(state: seed)
        let deadline = Date().addingTimeInterval(seconds)
        var composed = 0
        var refused: [String: Int] = [:]
        var failures: [String] = []
        while Date() < deadline, failures.count < 5 {
            for _ in 0..<50 {
                let mail = Self.randomMail(&random)
                do {
                    let bytes = try MailComposer.compose(mail)
                    composed += 1
                    let problems = ComposerCheck.problems(mail, bytes)
                    if !problems.isEmpty {
                        failures.append("\(problems.prefix(3)) for \(String(reflecting: mail))")
                    }
                } catch {
                    let kind = String(describing: error).split(separator: " ").prefix(3).joined(separator: " ")
                    refused[kind, default: 0] += 1
                }
            }
        }
        let total = composed + refused.values.reduce(0, +)
        print("composer fuzz (seed \(seed)): \(total) messages, \(composed) composed and checked, "
              + "\(total - composed) refused [\(refused.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))], "
              + "\(failures.count) failures")
        for failure in failures { print("FUZZ FAILURE \(failure.prefix(2000))") }
        #expect(failures.isEmpty)
        #expect(composed > 100, "the generator should give mostly composable messages")
    }
}
