public import Foundation

/// Builds outgoing messages from scratch (RFC 5322, MIME, RFC 2047), ready for SMTP DATA.
///
/// The header is written in a fixed order from ``OutgoingMail``'s fields only: Date, From, To,
/// Reply-To, Subject, Message-ID, In-Reply-To, References, Auto-Submitted, the extra headers,
/// MIME-Version, Content-Type, Content-Transfer-Encoding. The body is UTF-8 text in
/// quoted-printable. A message with attachments is `multipart/mixed` instead (no top-level
/// Content-Transfer-Encoding): the text part as above, then each file in base64. The output is
/// 7-bit ASCII with CR LF line ends only, and the same input always gives the same bytes.
public enum MailComposer {
    /// The longest message ID accepted, without brackets.
    public static let maxMessageIDLength = 250

    /// The complete message as CRLF bytes, ready for SMTP DATA.
    ///
    /// Header values from outside are passed through ``HeaderText/sanitized(_:)`` (display names
    /// through ``HeaderText/displayName(_:)``) first, so the subject, display names and extra
    /// header values can never add a header line; the body is quoted-printable, in which a line
    /// break is always CR LF. Attachments are checked and sent as described at
    /// ``OutgoingAttachment``.
    public static func compose(_ mail: OutgoingMail) throws(CompositionError) -> [UInt8] {
        guard !mail.to.isEmpty else { throw .noRecipient }
        guard isValidMessageID(mail.messageID) else { throw .invalidMessageID }
        if let inReplyTo = mail.inReplyTo, !isUsableReference(inReplyTo) { throw .invalidInReplyTo }
        if let index = mail.references.firstIndex(where: { !isUsableReference($0) }) { throw .invalidReference(index: index) }
        guard let date = dateTime(mail.date) else { throw .dateOutOfRange }
        let content = try entity(mail)

        var out: [UInt8] = []
        func write(_ writer: HeaderFieldWriter) { out.append(contentsOf: writer.field) }

        out += field("Date", date)
        write(try addressField("From", [mail.from]))
        write(try addressField("To", mail.to))
        if let replyTo = mail.replyTo { write(try addressField("Reply-To", [replyTo])) }

        var subject = HeaderFieldWriter(name: "Subject")
        subject.append(unstructured: HeaderText.sanitized(mail.subject))
        write(subject)

        out += field("Message-ID", "<\(mail.messageID)>")
        if let inReplyTo = mail.inReplyTo { out += field("In-Reply-To", "<\(inReplyTo)>") }
        if !mail.references.isEmpty {
            var references = HeaderFieldWriter(name: "References")
            for id in mail.references { references.append(token: "<\(id)>") }
            write(references)
        }
        if let autoSubmitted = mail.autoSubmitted {
            let value = HeaderText.sanitized(autoSubmitted)
            guard isAutoSubmittedValue(value) else { throw .invalidAutoSubmitted }
            var writer = HeaderFieldWriter(name: "Auto-Submitted")
            for word in value.split(separator: " ") { writer.append(token: String(word)) }
            write(writer)
        }
        for (index, header) in mail.extraHeaders.enumerated() {
            guard isValidFieldName(header.name) else { throw .invalidHeaderName(index: index) }
            guard !isReservedFieldName(header.name) else { throw .reservedHeaderName(index: index) }
            var writer = HeaderFieldWriter(name: header.name)
            writer.append(unstructured: HeaderText.sanitized(header.value))
            write(writer)
        }
        out += field("MIME-Version", "1.0")
        out.append(contentsOf: content.fields)
        out.append(contentsOf: [ASCII.cr, ASCII.lf])
        out.append(contentsOf: content.body)
        return out
    }

    // MARK: Message IDs

    /// Whether `id` (without brackets) is `dot-atom-text "@" dot-atom-text` (RFC 5322 §3.6.4)
    /// of at most ``maxMessageIDLength`` characters: what ticketd writes into its own Message-IDs.
    public static func isValidMessageID(_ id: String) -> Bool {
        let parts = id.utf8.split(separator: ASCII.at, omittingEmptySubsequences: false)
        guard id.utf8.count <= maxMessageIDLength, parts.count == 2 else { return false }
        return parts.allSatisfy(isDotAtomText)
    }

    /// Whether `id` (without brackets) can be written into In-Reply-To or References.
    ///
    /// Other mailers' IDs are taken a little more widely than ticketd's own (RFC 5322 §3.6.4 with
    /// its obsolete forms): the left side may have dots anywhere, the right side may be a domain
    /// literal such as `[192.0.2.1]`. A daemon that copies References from incoming mail can
    /// leave out the IDs this refuses.
    public static func isUsableReference(_ id: String) -> Bool {
        let parts = id.utf8.split(separator: ASCII.at, omittingEmptySubsequences: false)
        guard id.utf8.count <= maxMessageIDLength, parts.count == 2, let left = parts.first, let right = parts.last,
              !left.isEmpty, !right.isEmpty,
              left.allSatisfy({ HeaderFieldWriter.isAtext($0) || $0 == ASCII.dot }) else { return false }
        if right.first == ASCII.openBracket {
            guard right.count >= 2, right.last == ASCII.closeBracket else { return false }
            return right.dropFirst().dropLast().allSatisfy { (0x21...0x5A).contains($0) || (0x5E...0x7E).contains($0) }
        }
        return right.allSatisfy { HeaderFieldWriter.isAtext($0) || $0 == ASCII.dot }
            && right.first != ASCII.dot && right.last != ASCII.dot
    }

    /// dot-atom-text: atext runs joined by single dots.
    static func isDotAtomText(_ bytes: some Collection<UInt8>) -> Bool {
        var previousDot = true
        for byte in bytes {
            if byte == ASCII.dot {
                if previousDot { return false }
                previousDot = true
            } else if HeaderFieldWriter.isAtext(byte) {
                previousDot = false
            } else {
                return false
            }
        }
        return !previousDot
    }

    /// An RFC 3834 value: a keyword (`no`, `auto-generated`, `auto-replied` or an extension
    /// token), optionally with `; name=value` parameters of tokens.
    static func isAutoSubmittedValue(_ value: String) -> Bool {
        guard let first = value.utf8.first, ASCII.isToken(first) else { return false }
        return value.utf8.allSatisfy { ASCII.isToken($0) || $0 == ASCII.semicolon || $0 == ASCII.equals || $0 == ASCII.space }
    }

    // MARK: Field names

    /// 1 to 64 printable ASCII characters without a colon (RFC 5322 ftext, with a length that
    /// leaves room on the line for the value).
    static func isValidFieldName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != ASCII.colon }
    }

    private static let reservedNames: Set<String> = [
        "date", "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "message-id", "in-reply-to", "references",
        "auto-submitted", "mime-version", "return-path", "received",
    ]

    /// Fields the composer writes itself, and fields a copy built from an allow-list never carries.
    static func isReservedFieldName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return reservedNames.contains(lower) || lower.hasPrefix("content-")
    }

    // MARK: Addresses

    /// An address-list field: each mailbox as display name and `<address>`, or the bare address.
    static func addressField(_ name: String, _ mailboxes: [Mailbox]) throws(CompositionError) -> HeaderFieldWriter {
        var writer = HeaderFieldWriter(name: name)
        for (index, mailbox) in mailboxes.enumerated() {
            let address = try addrSpec(mailbox.address, field: name)
            let separator = index < mailboxes.count - 1 ? "," : ""
            let displayName = mailbox.displayName.map(HeaderText.displayName) ?? ""
            if displayName.isEmpty {
                writer.append(token: address + separator)
            } else {
                writer.append(phrase: displayName)
                writer.append(token: "<\(address)>" + separator)
            }
        }
        return writer
    }

    /// The address in ASCII: a local part that is no dot-atom quoted, a non-ASCII domain in IDNA
    /// form (each label lower-cased and Punycode-encoded, RFC 3492).
    static func addrSpec(_ address: EmailAddress, field: String) throws(CompositionError) -> String {
        let local = address.localPart
        guard local.utf8.allSatisfy({ $0 < 0x80 }) else { throw .nonASCIILocalPart(field: field) }
        // EmailAddress already refuses controls, space, `"` and `\`, so quoting needs no escapes.
        let writtenLocal = isDotAtomText(local.utf8) ? local : "\"\(local)\""
        var labels: [String] = []
        // Split by bytes: a dot followed by a combining mark is one Character, but still a dot.
        for label in address.domain.utf8.split(separator: ASCII.dot, omittingEmptySubsequences: false) {
            let text = String(decoding: label, as: UTF8.self)
            guard !label.isEmpty else { throw .invalidDomain(field: field) }
            if label.allSatisfy({ $0 < 0x80 }) {
                labels.append(text)
                continue
            }
            // Only letters, digits and hyphens may pass into an IDNA label as they are.
            let lower = text.lowercased()
            guard lower.unicodeScalars.allSatisfy({ !$0.isASCII || $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" }),
                  let encoded = Punycode.encode(lower), encoded.utf8.count <= 59 else {
                throw .invalidDomain(field: field)
            }
            labels.append("xn--" + encoded)
        }
        return writtenLocal + "@" + labels.joined(separator: ".")
    }

    // MARK: Date

    private static let dayNames = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The RFC 5322 date-time in UTC, e.g. `Mon, 03 Feb 2025 09:05:00 +0000`, computed without
    /// calendars or locales (fractions of a second dropped); nil outside the years 1900 to 9999.
    public static func dateTime(_ date: Date) -> String? {
        let interval = date.timeIntervalSince1970
        // 1900-01-01 and 10000-01-01 in seconds since 1970.
        guard interval.isFinite, interval >= -2_208_988_800, interval < 253_402_300_800 else { return nil }
        let seconds = Int(interval.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(days: days)
        let weekday = dayNames[((days % 7) + 7) % 7]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(day)) \(monthNames[month - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
    }

    /// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's
    /// civil-from-days algorithm, the inverse of the one MailDate uses).
    static func civilDate(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Punycode {
    /// Encodes one label into Punycode (RFC 3492 §6.3), the part after `xn--`; nil on overflow.
    static func encode(_ label: String) -> String? {
        let base = 36, tMin = 1, tMax = 26
        let input = label.unicodeScalars.map { Int($0.value) }
        var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = output.count
        if basicCount > 0 { output.append(ASCII.hyphen) }
        func digit(_ d: Int) -> UInt8 { d < 26 ? UInt8(d) + UInt8(ascii: "a") : UInt8(d - 26) + UInt8(ascii: "0") }
        func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
            var delta = first ? delta / 700 : delta / 2
            delta += delta / points
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + 38)
        }
        var n = 128
        var delta = 0
        var bias = 72
        var handled = basicCount
        while handled < input.count {
            guard let next = input.filter({ $0 >= n }).min() else { return nil }
            let (step, overflow) = (next - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow, delta <= Int(Int32.max) - step else { return nil }
            delta += step
            n = next
            for value in input {
                if value < n { delta += 1 }
                guard value == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, handled + 1, handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
