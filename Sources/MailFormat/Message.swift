public import Foundation

/// A parsed e-mail: its header, the fields a help desk reads, the MIME tree, body text and files.
public struct Message: Sendable {
    /// The top-level header fields.
    public var header: HeaderBlock
    /// The Subject, unfolded and RFC 2047-decoded.
    public var subject: String?
    /// The From mailboxes (groups flattened, unreadable entries skipped).
    public var from: [Mailbox]
    /// The To mailboxes.
    public var to: [Mailbox]
    /// The Cc mailboxes.
    public var cc: [Mailbox]
    /// The Reply-To mailboxes.
    public var replyTo: [Mailbox]
    /// The Message-ID without angle brackets; nil if absent or unreadable.
    public var messageID: String?
    /// The In-Reply-To message IDs without angle brackets.
    public var inReplyTo: [String]
    /// The References message IDs without angle brackets, oldest first.
    public var references: [String]
    /// The Date, including obsolete forms; nil if absent or unreadable.
    public var date: Date?
    /// The top-level MIME part.
    public var root: MIMEPart
    /// The readable body: the first text/plain of the main body, else the first text/html as text;
    /// line breaks as `\n`.
    public var text: String
    /// The first text/html of the main body, decoded, if there is one.
    public var html: String?
    /// Every attachment, in document order; an embedded message counts as one attachment.
    public var attachments: [Attachment]
    /// What was repaired or guessed while parsing (never message content).
    public var notes: [ParseNote]

    /// Makes a message from its parts (the parser does this; tests and fakes may too).
    public init(header: HeaderBlock = HeaderBlock(), subject: String? = nil, from: [Mailbox] = [], to: [Mailbox] = [],
                cc: [Mailbox] = [], replyTo: [Mailbox] = [], messageID: String? = nil, inReplyTo: [String] = [],
                references: [String] = [], date: Date? = nil,
                root: MIMEPart = MIMEPart(header: HeaderBlock(), contentType: .textPlain, disposition: nil, filename: nil,
                                          transferEncoding: "7bit", children: [], body: [], isAttachment: false),
                text: String = "", html: String? = nil, attachments: [Attachment] = [], notes: [ParseNote] = []) {
        self.header = header
        self.subject = subject
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.root = root
        self.text = text
        self.html = html
        self.attachments = attachments
        self.notes = notes
    }
}
