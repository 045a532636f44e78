import Foundation
import MailFormat

/// Checks a composed message against the composer's promises: structure (7-bit, CR LF only, line
/// lengths, exactly the expected header fields, well-formed encoded words, a safe QP body) and a
/// round trip through MailFormat's own parser. Returns the problems found; none means it passed.
enum ComposerCheck {
    /// The field names the composer must write for `mail`, in order.
    static func expectedFieldNames(_ mail: OutgoingMail) -> [String] {
        var names = ["Date", "From", "To"]
        if mail.replyTo != nil { names.append("Reply-To") }
        names += ["Subject", "Message-ID"]
        if mail.inReplyTo != nil { names.append("In-Reply-To") }
        if !mail.references.isEmpty { names.append("References") }
        if mail.autoSubmitted != nil { names.append("Auto-Submitted") }
        names += mail.extraHeaders.map(\.name)
        names += ["MIME-Version", "Content-Type"]
        // A multipart is 7bit by default, and the composer writes no encoding for it.
        if mail.attachments.isEmpty { names.append("Content-Transfer-Encoding") }
        return names
    }

    /// The body text a reader gets back: line breaks as LF, and a final one.
    static func expectedBody(_ body: String) -> String {
        // By scalars: Foundation's replacing compares characters, and misses a CR LF that a
        // combining mark follows.
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for scalar in body.unicodeScalars {
            if scalar == "\n", previousCR { previousCR = false; continue }
            previousCR = scalar == "\r"
            scalars.append(previousCR ? "\n" : scalar)
        }
        var text = String(scalars)
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    /// The header lines (without CR LF) and the body bytes, split at the first empty line.
    static func split(_ bytes: [UInt8]) -> (lines: [String], body: [UInt8])? {
        var i = 0
        while i + 3 < bytes.count {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 {
                let header = String(decoding: bytes[..<i], as: UTF8.self)
                return (header.components(separatedBy: "\r\n"), Array(bytes[(i + 4)...]))
            }
            i += 1
        }
        return nil
    }

    /// The encoded words in a header line: the blank-separated tokens `=?utf-8?q|b?...?=`.
    /// (An address may look like one, `=?utf-8?q?x@example.org`, but holds an `@`.)
    static func encodedWords(in line: String) -> [(method: Character, payload: String)] {
        line.split(separator: " ").compactMap { token in
            guard token.hasPrefix("=?utf-8?"), token.hasSuffix("?="), !token.contains("@"), token.count >= 12 else { return nil }
            let inner = token.dropFirst(8).dropLast(2)
            guard let method = inner.first, inner.dropFirst().first == "?" else { return nil }
            return (method, String(inner.dropFirst(2)))
        }
    }

    /// Where two texts first differ, for failure messages.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var i = 0
        while i < x.count, i < y.count, x[i] == y[i] { i += 1 }
        func around(_ s: [Unicode.Scalar]) -> String {
            String(String.UnicodeScalarView(s[max(0, i - 5)..<min(s.count, i + 5)])).debugDescription
        }
        return "at scalar \(i) of \(x.count)/\(y.count): \(around(x)) vs \(around(y))"
    }

    /// The bytes an encoded word's payload stands for.
    static func decodePayload(method: Character, _ payload: String) -> [UInt8]? {
        if method == "b" { return Data(base64Encoded: payload).map { [UInt8]($0) } }
        var out: [UInt8] = []
        var bytes = payload.utf8[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "_") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "=") {
                guard bytes.count >= 2, let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                out.append(value)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(byte)
            }
        }
        return out
    }

    /// Everything that is wrong with `bytes` as the composition of `mail`.
    ///
    /// `strictLineLength` also demands header lines of at most 78 characters (true whenever no
    /// single address or message ID is longer than a line).
    static func problems(_ mail: OutgoingMail, _ bytes: [UInt8], strictLineLength: Bool = false) -> [String] {
        var problems: [String] = []
        if let index = bytes.firstIndex(where: { $0 >= 0x80 }) { problems.append("8-bit byte at \(index)") }
        for (index, byte) in bytes.enumerated() {
            if byte == 13, index + 1 >= bytes.count || bytes[index + 1] != 10 { problems.append("bare CR at \(index)"); break }
            if byte == 10, index == 0 || bytes[index - 1] != 13 { problems.append("bare LF at \(index)"); break }
        }
        if !bytes.isEmpty, !(bytes.count >= 2 && bytes.suffix(2) == [13, 10]) { problems.append("no final CR LF") }
        guard let (lines, body) = split(bytes) else { return problems + ["no empty line after the header"] }

        var names: [String] = []
        for line in lines {
            if line.utf8.count > 998 { problems.append("header line of \(line.utf8.count) bytes") }
            if strictLineLength, line.utf8.count > 78 { problems.append("header line over 78: \(line)") }
            if line.first == " " {
                if line.allSatisfy({ $0 == " " }) { problems.append("blank continuation line") }
                if names.isEmpty { problems.append("continuation before the first field") }
            } else if let colon = line.firstIndex(of: ":") {
                names.append(String(line[..<colon]))
            } else {
                problems.append("a header line that is no field: \(line)")
            }
            for word in encodedWords(in: line) {
                let length = word.payload.utf8.count + 12
                if length > 75 { problems.append("encoded word of \(length) characters") }
                guard let decoded = decodePayload(method: word.method, word.payload) else {
                    problems.append("undecodable encoded word")
                    continue
                }
                if String(validating: decoded, as: UTF8.self) == nil { problems.append("encoded word splits a UTF-8 sequence") }
            }
        }
        let expectedNames = expectedFieldNames(mail)
        if names != expectedNames { problems.append("fields \(names), expected \(expectedNames)") }

        var text = body
        if !mail.attachments.isEmpty {
            let multipart = multipartProblems(mail, header: lines, body: body, strictLineLength: strictLineLength)
            problems += multipart.problems
            text = multipart.text
        }
        let bodyLines = String(decoding: text, as: UTF8.self).components(separatedBy: "\r\n")
        for line in bodyLines {
            if line.utf8.count > 76 { problems.append("body line of \(line.utf8.count) characters") }
            if line.hasPrefix(".") || line.hasPrefix("From ") { problems.append("unsafe body line start: \(line.prefix(8))") }
            if let last = line.last, last == " " || last == "\t" { problems.append("trailing white space in the body") }
        }

        let message: Message
        do {
            message = try MessageParser().parse(bytes)
        } catch {
            return problems + ["parser refused: \(error)"]
        }
        problems += roundTripProblems(mail, message)
        return problems
    }

    /// The value of the first `name` field in the header lines, unfolded (its continuation lines
    /// appended as they are), or nil when there is none.
    static func unfoldedValue(of name: String, in lines: [String]) -> String? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix(name + ":") }) else { return nil }
        var value = String(lines[start].dropFirst(name.count + 1))
        for line in lines[(start + 1)...] {
            guard line.hasPrefix(" ") else { break }
            value += line
        }
        return value
    }

    /// The boundary of a multipart message from its unfolded Content-Type field, which must be
    /// exactly `multipart/mixed; boundary="..."`.
    static func boundary(header lines: [String]) -> String? {
        guard let value = unfoldedValue(of: "Content-Type", in: lines) else { return nil }
        let prefix = " multipart/mixed; boundary=\""
        guard value.hasPrefix(prefix), value.hasSuffix("\""), value.count > prefix.count + 1 else { return nil }
        return String(value.dropFirst(prefix.count).dropLast())
    }

    /// What is wrong with the multipart body of `mail`, and the quoted-printable text of its
    /// first part (for the checks every text body gets).
    ///
    /// The boundary must be `=_` and 32 hexadecimal digits and occur in the body only on its
    /// delimiter lines; the text part must be exactly the single-part body; each attachment
    /// part must have exactly its three fields, header lines within 998 characters (78 with
    /// `strictLineLength`, but for a media type too long to fit, which stands alone on its line),
    /// and base64 lines of exactly 76 characters (the last one at most) that decode to the data.
    static func multipartProblems(_ mail: OutgoingMail, header: [String], body: [UInt8],
                                  strictLineLength: Bool) -> (problems: [String], text: [UInt8]) {
        guard let boundary = boundary(header: header) else { return (["no multipart/mixed Content-Type with a boundary"], []) }
        var problems: [String] = []
        let hex = boundary.dropFirst(2)
        if !boundary.hasPrefix("=_") || hex.count != 32 || !hex.allSatisfy(\.isHexDigit) {
            problems.append("boundary \(boundary) is not =_ and 32 hex digits")
        }
        let text = String(decoding: body, as: UTF8.self)
        let delimiter = "--\(boundary)"
        let opening = delimiter + "\r\n", closing = "\r\n" + delimiter + "--\r\n"
        guard text.hasPrefix(opening), text.hasSuffix(closing), text.count >= opening.count + closing.count else {
            return (problems + ["the body does not run from the first delimiter to the closing one"], [])
        }
        if text.components(separatedBy: boundary).count - 1 != mail.attachments.count + 2 {
            problems.append("the boundary occurs in the body other than on its delimiter lines")
        }
        let inner = String(text.dropFirst(opening.count).dropLast(closing.count))
        let parts = inner.components(separatedBy: "\r\n" + delimiter + "\r\n")
        guard parts.count == mail.attachments.count + 1 else {
            return (problems + ["\(parts.count) parts for \(mail.attachments.count) attachments"], [])
        }
        var single = mail
        single.attachments = []
        var textPart: [UInt8] = []
        for (index, part) in parts.enumerated() {
            guard let blank = part.range(of: "\r\n\r\n") else {
                problems.append("part \(index) has no empty line after its header")
                continue
            }
            let fields = part[..<blank.lowerBound].components(separatedBy: "\r\n")
            let content = String(part[blank.upperBound...])
            let typeAlone = index == 0 ? "" : "Content-Type: \(mail.attachments[index - 1].mimeType.lowercased());"
            if let long = fields.first(where: { $0.utf8.count > (strictLineLength && $0 != typeAlone ? 78 : 998) }) {
                problems.append("part \(index) header line of \(long.utf8.count): \(long)")
            }
            let names = fields.filter { !$0.hasPrefix(" ") }.map { $0.prefix { $0 != ":" } }
            if index == 0 {
                textPart = Array(content.utf8)
                if fields != ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"] {
                    problems.append("text part fields \(fields)")
                }
                if let whole = try? MailComposer.compose(single), let (_, singleBody) = split(whole), singleBody != textPart {
                    problems.append("the text part differs from the single-part body")
                }
                continue
            }
            let attachment = mail.attachments[index - 1]
            if names != ["Content-Type", "Content-Disposition", "Content-Transfer-Encoding"] {
                problems.append("attachment \(index - 1) fields \(names)")
            }
            if !(fields.first ?? "").hasPrefix("Content-Type: \(attachment.mimeType.lowercased());") {
                problems.append("attachment \(index - 1) type line \(fields.first ?? "")")
            }
            if fields.last != "Content-Transfer-Encoding: base64" { problems.append("attachment \(index - 1) is not base64") }
            let lines = content.isEmpty ? [] : content.components(separatedBy: "\r\n")
            let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
            if lines.dropLast().contains(where: { $0.count != 76 }) || (lines.last?.count ?? 0) > 76
                || lines.contains(where: { $0.isEmpty || !$0.allSatisfy(alphabet.contains) }) {
                problems.append("attachment \(index - 1) base64 lines are not 76 characters of the alphabet")
            }
            if Data(base64Encoded: lines.joined()).map({ [UInt8]($0) }) != attachment.data {
                problems.append("attachment \(index - 1) base64 does not decode to its data")
            }
        }
        return (problems, textPart)
    }

    /// The address as the composer writes it and the parser reads it back: non-ASCII domain
    /// labels are compared after Punycode decoding, lower-cased.
    static func sameAddress(_ parsed: EmailAddress, _ original: EmailAddress) -> Bool {
        guard parsed.localPart == original.localPart else { return false }
        if original.domain.utf8.allSatisfy({ $0 < 0x80 }) { return parsed.domain == original.domain }
        let expected = original.domain.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            .map { $0.allSatisfy { $0 < 0x80 } ? String(decoding: $0, as: UTF8.self) : String(decoding: $0, as: UTF8.self).lowercased() }
            .joined(separator: ".")
        return Punycode.unicodeDomain(parsed.domain) == expected
    }

    static func sameMailbox(_ parsed: Mailbox?, _ original: Mailbox) -> Bool {
        guard let parsed else { return false }
        let name = original.displayName.map(HeaderText.displayName)
        return parsed.displayName == ((name?.isEmpty ?? true) ? nil : name) && sameAddress(parsed.address, original.address)
    }

    static func roundTripProblems(_ mail: OutgoingMail, _ message: Message) -> [String] {
        var problems: [String] = []
        let subject = HeaderText.sanitized(mail.subject)
        if message.subject != subject { problems.append("subject \(String(reflecting: message.subject)) != \(String(reflecting: subject))") }
        if message.from.count != 1 || !sameMailbox(message.from.first, mail.from) {
            problems.append("from \(message.from) != \(mail.from)")
        }
        if message.to.count != mail.to.count || !zip(message.to, mail.to).allSatisfy({ sameMailbox($0, $1) }) {
            problems.append("to \(message.to) != \(mail.to)")
        }
        if let replyTo = mail.replyTo {
            if message.replyTo.count != 1 || !sameMailbox(message.replyTo.first, replyTo) {
                problems.append("reply-to \(message.replyTo) != \(replyTo)")
            }
        } else if !message.replyTo.isEmpty {
            problems.append("unexpected reply-to")
        }
        if message.messageID != mail.messageID { problems.append("message-id \(String(describing: message.messageID))") }
        if message.inReplyTo != (mail.inReplyTo.map { [$0] } ?? []) { problems.append("in-reply-to \(message.inReplyTo)") }
        if message.references != mail.references { problems.append("references \(message.references)") }
        let seconds = mail.date.timeIntervalSince1970.rounded(.down)
        if message.date?.timeIntervalSince1970 != seconds { problems.append("date \(String(describing: message.date)) != \(seconds)") }
        let body = expectedBody(mail.body)
        if message.text != body { problems.append("body differs \(firstDifference(message.text, body))") }
        if let autoSubmitted = mail.autoSubmitted,
           message.header.first("Auto-Submitted")?.value != HeaderText.sanitized(autoSubmitted) {
            problems.append("auto-submitted")
        }
        if message.attachments.count != mail.attachments.count {
            problems.append("\(message.attachments.count) attachments read, \(mail.attachments.count) sent")
        }
        for (index, (read, sent)) in zip(message.attachments, mail.attachments).enumerated() {
            let filename = HeaderText.sanitized(sent.filename)
            if read.filename != filename {
                problems.append("attachment \(index) filename \(String(reflecting: read.filename)) != \(String(reflecting: filename))")
            }
            if read.mimeType != sent.mimeType.lowercased() { problems.append("attachment \(index) type \(read.mimeType)") }
            if read.data != sent.data || read.size != sent.data.count { problems.append("attachment \(index) data differs") }
        }
        for header in mail.extraHeaders {
            let value = message.header.all(header.name).map(\.value)
            let expected = mail.extraHeaders.filter { $0.name.lowercased() == header.name.lowercased() }.map { HeaderText.sanitized($0.value) }
            if value != expected { problems.append("extra header \(header.name): \(value) != \(expected)") }
        }
        return problems
    }
}

/// Made-up people, texts and hostile strings, drawn with a seeded generator.
struct ComposerSamples {
    var random: FuzzRandom

    init(seed: UInt64) { random = FuzzRandom(state: seed) }

    static let asciiWords = [
        "Hello", "TV", "problem", "Re:", "Fwd:", "[Ticket#12]", "WLAN", "a=b", "50%", "x_y", "what?", "(note)", "\"quoted\"",
        "back\\slash", "=?utf-8?q?fake?=", "semi;colon", "comma,", "<angle>", "a.b", "@at", "~tilde", "?=", "=", "_",
        "network", "firmware", "update", "model", "55-XR900", "does", "not", "connect", "the", "router",
        String(repeating: "abcdefghij", count: 9),
    ]
    static let germanWords = ["Grüße", "Fernseher", "Straße", "Übergröße", "Äpfel", "Öl", "Weiß", "ß", "Kündigung", "Verbindung"]
    static let turkishWords = ["İstanbul", "Şikâyet", "ğüşıöç", "Iğdır", "Ayşe", "Yılmaz", "bağlanmıyor"]
    static let cjkWords = ["テレビ", "ネットワークに接続できません", "网络连接问题", "한국어", "山田太郎", String(repeating: "漢字", count: 30)]
    static let emojiWords = ["📺", "👨‍👩‍👧‍👦", "🇩🇪", "👍🏽", "🎉", "e\u{301}", "a\u{300}\u{301}\u{302}", "\u{A0}", "\u{3000}"]
    static let hostile = [
        "\r\nBcc: x@example.org", "\nX-Evil: 1", "\u{2028}", "\0", "\r", "\t", "\u{85}", "\u{7F}", "\r\n\r\n",
        "\r\n X-Folded: 1", "\u{2029}", "\u{1B}[31m",
    ]
    static let givenNames = ["Jürgen", "Ayşe", "Zoë", "Siobhan", "Ana", "Tomás", "Mehmet", "Ingrid", "太郎", "Łukasz", "Chloé"]
    static let familyNames = ["Weiß", "Yılmaz", "Krämer", "O'Brien", "Lima", "Ruiz", "Öztürk", "Bergström", "山田", "Wiśniewski"]
    static let locals = ["juergen.weiss", "ayse", "support+t1", "o'brien", "a.b-c_d", "kunde", "zoe.kraemer", "x", "info"]
    static let domains = ["example.de", "example.com.tr", "example.com", "sub.example.org", "example.ie"]

    mutating func pick<T>(_ items: [T]) -> T { items[random.below(items.count)] }
    mutating func chance(_ percent: Int) -> Bool { random.below(100) < percent }

    mutating func word(hostile allowHostile: Bool) -> String {
        switch random.below(allowHostile ? 7 : 6) {
        case 0, 1: pick(Self.asciiWords)
        case 2: pick(Self.germanWords)
        case 3: pick(Self.turkishWords)
        case 4: pick(Self.cjkWords)
        case 5: pick(Self.emojiWords)
        default: pick(Self.hostile)
        }
    }

    mutating func text(words count: Int, hostile: Bool) -> String {
        var text = ""
        for index in 0..<count {
            if index > 0 { text += chance(90) ? " " : (chance(50) ? "  " : "") }
            text += word(hostile: hostile)
        }
        return text
    }

    mutating func address() -> EmailAddress {
        // The pools hold only valid addresses.
        try! EmailAddress(parsing: "\(pick(Self.locals))@\(pick(Self.domains))")
    }

    mutating func mailbox(hostile: Bool) -> Mailbox {
        var name: String?
        switch random.below(6) {
        case 0: name = nil
        case 1: name = "\(pick(Self.givenNames)) \(pick(Self.familyNames))"
        case 2: name = "\(pick(Self.familyNames)), \(pick(Self.givenNames))"
        case 3: name = "Dr. \(pick(Self.givenNames)) \"\(pick(Self.givenNames))\" \(pick(Self.familyNames)) (Support)"
        case 4: name = text(words: 1 + random.below(4), hostile: hostile)
        default: name = "\(pick(Self.givenNames))\(hostile ? pick(Self.hostile) : " ")\(pick(Self.familyNames))"
        }
        return Mailbox(displayName: name, address: address())
    }

    mutating func messageID() -> String {
        "t\(random.below(100_000)).\(String(random.next(), radix: 16))@\(pick(Self.domains))"
    }

    mutating func bodyLine(hostile: Bool) -> String {
        switch random.below(10) {
        case 0: return ""
        case 1: return "." + text(words: random.below(4), hostile: false)
        case 2: return "From " + text(words: 1 + random.below(5), hostile: false)
        case 3: return text(words: 1 + random.below(5), hostile: false) + String(repeating: chance(50) ? " " : "\t", count: 1 + random.below(3))
        case 4: return "a=b == c =3D =\(String(repeating: "=", count: random.below(5)))"
        case 5: return text(words: 20 + random.below(60), hostile: false)
        case 6: return String(repeating: pick(["x", "ü", "=", ".", " ", "漢", "👍🏽"]), count: 70 + random.below(120))
        case 7 where hostile: return text(words: 3, hostile: true)
        default: return text(words: 1 + random.below(12), hostile: false)
        }
    }

    mutating func body(hostile: Bool) -> String {
        var body = ""
        for _ in 0..<random.below(12) {
            body += bodyLine(hostile: hostile) + pick(["\n", "\n", "\r\n", "\r"])
        }
        if chance(50) { body += bodyLine(hostile: hostile) }
        return body
    }

    static let filenames = [
        "auskunft.json", "Auskunft nach Art. 15 DSGVO (2025-02-03).json", "Grüße.txt", "Şikâyet dökümü.pdf",
        "テレビの設定.json", "📺 Fernseher 👍🏽.png", "e\u{301}te\u{301}.csv", "quote\"and\\backslash.json",
        "=?utf-8?q?fake?=.json", "100% sicher; (wirklich) <ja>, a=b?.json", "it's *all* [here] {x}.json",
        "--=_0123456789abcdef0123456789abcdef.txt", "=_.json", String(repeating: "long-ascii-name-", count: 9) + ".json",
        String(repeating: "Übergröße ", count: 15) + ".json", String(repeating: "漢字", count: 40) + ".txt",
    ]
    static let hostileFilenames = [
        "a\r\nContent-Type: text/html\r\n\r\nx.json", "\0null.json", "tab\there.json", "\u{2028}sep\u{2029}.json",
        "  padded   name .json  ", "\u{A0}nbsp\u{3000}.json", "line\nbreak\rcr.json",
    ]
    static let mediaTypes = [
        "application/json", "APPLICATION/JSON", "text/csv", "application/pdf", "image/png", "application/octet-stream",
        "text/plain", "text/html", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/x-ticketd+json",
    ]

    /// Bytes of a seeded length (lengths near the 57-byte base64 line often) and kind.
    mutating func data() -> [UInt8] {
        let length = chance(30) ? pick([0, 1, 2, 3, 56, 57, 58, 113, 114, 115, 256]) : random.below(3000)
        switch random.below(3) {
        case 0: return (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        case 1: return (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        default: return Array(String(text(words: length / 6 + 1, hostile: false).prefix(length)).utf8)
        }
    }

    /// Zero to three attachments with a seeded variety of names, types and contents.
    mutating func attachments(hostile: Bool) -> [OutgoingAttachment] {
        (0..<random.below(4)).map { _ in
            let name = hostile && chance(40) ? pick(Self.hostileFilenames) : pick(Self.filenames)
            return OutgoingAttachment(filename: name, mimeType: pick(Self.mediaTypes), data: data())
        }
    }

    /// A message with a seeded variety of the cases the composer must handle.
    mutating func mail(hostile: Bool) -> OutgoingMail {
        let from = mailbox(hostile: hostile)
        let to = (0..<(1 + random.below(3))).map { _ in mailbox(hostile: hostile) }
        let references = (0..<random.below(12)).map { _ in messageID() }
        var extra: [(name: String, value: String)] = []
        if chance(60) { extra.append(("X-Ticketd-Ticket", String(random.below(10_000)))) }
        if chance(40) { extra.append(("X-Ticketd-Note", text(words: random.below(15), hostile: hostile))) }
        let seconds = Double(random.below(4_000_000_000)) - 1_000_000_000 + Double(random.below(1000)) / 1000
        return OutgoingMail(
            from: from, to: to, replyTo: chance(50) ? mailbox(hostile: hostile) : nil,
            subject: text(words: random.below(chance(20) ? 40 : 10), hostile: hostile),
            date: Date(timeIntervalSince1970: seconds), messageID: messageID(),
            inReplyTo: references.last, references: references,
            autoSubmitted: chance(30) ? pick(["auto-generated", "auto-replied"]) : nil,
            extraHeaders: extra, body: body(hostile: hostile))
    }
}
