/// Parses raw message bytes into a ``Message``: tolerant of broken mail, strict about limits.
public struct MessageParser: Sendable {
    /// The limits every message is held to.
    public var limits: MessageLimits

    /// Makes a parser with the given limits.
    public init(limits: MessageLimits = .default) {
        self.limits = limits
    }

    /// Checks the size first (before doing any work), then parses tolerantly.
    ///
    /// Only the limits can make this throw; every other defect is repaired and named in
    /// ``Message/notes``.
    public func parse(_ bytes: [UInt8]) throws(MessageRejection) -> Message {
        guard bytes.count <= limits.maxMessageBytes else {
            throw .tooLarge(bytes: bytes.count, limit: limits.maxMessageBytes)
        }
        var tree = MIMETree(limits: limits)
        try tree.build(bytes)
        var notes = tree.notes
        let header = tree.nodes[0].header

        let selection = BodySelection(tree: &tree)
        var text = ""
        var html: String?
        if let index = selection.htmlPart {
            let (decoded, note) = Charsets.decode(tree.nodes[index].body, charset: tree.nodes[index].contentType.charset)
            if let note { notes.append(note) }
            html = decoded
        }
        if let index = selection.textPart {
            let (decoded, note) = Charsets.decode(tree.nodes[index].body, charset: tree.nodes[index].contentType.charset)
            if let note { notes.append(note) }
            text = LineBreaks.normalized(decoded)
        } else if let html {
            text = HTMLText.text(from: html)
        }

        var fieldNotes: [ParseNote] = []
        let subject = header.first("subject").map { field in
            EncodedWords.decode(field.undecodedValue, notes: &fieldNotes)
        }
        notes.append(contentsOf: fieldNotes)
        func addresses(_ name: String) -> [Mailbox] {
            header.all(name).flatMap { AddressListParser.parse($0.undecodedValue) }
        }
        let from = header.first("from").map { AddressListParser.parse($0.undecodedValue) } ?? []
        var seenNotes = Set<ParseNote>()
        let uniqueNotes = notes.filter { seenNotes.insert($0).inserted }

        return Message(
            header: header,
            subject: subject,
            from: from,
            to: addresses("to"),
            cc: addresses("cc"),
            replyTo: header.first("reply-to").map { AddressListParser.parse($0.undecodedValue) } ?? [],
            messageID: header.first("message-id").flatMap { MessageIDParser.ids(in: $0.undecodedValue).first },
            inReplyTo: header.first("in-reply-to").map { MessageIDParser.ids(in: $0.undecodedValue) } ?? [],
            references: header.all("references").flatMap { MessageIDParser.ids(in: $0.undecodedValue) },
            date: header.first("date").flatMap { MailDate.parse($0.undecodedValue) },
            root: tree.assemble(),
            text: text,
            html: html,
            attachments: selection.attachments,
            notes: uniqueNotes
        )
    }
}

/// Line-break normalisation for body text.
enum LineBreaks {
    /// The text with CR LF and lone CR turned into LF.
    static func normalized(_ text: String) -> String {
        guard text.utf8.contains(ASCII.cr) else { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for byte in text.utf8 {
            if byte == ASCII.cr {
                out.append(ASCII.lf)
                previousCR = true
                continue
            }
            if byte == ASCII.lf, previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension MessageParser {
    /// Where the body of a raw message starts, read as ``parse(_:)`` reads the header section
    /// (LF or CR LF, a missing blank line, garbage lines): the end of the mail when it has no body.
    /// A mail too large to be taken in is recognised by its header section alone.
    public static func bodyStart(of bytes: [UInt8]) -> Int {
        HeaderSectionParser.parse(bytes, range: 0..<bytes.count).bodyStart
    }
}
