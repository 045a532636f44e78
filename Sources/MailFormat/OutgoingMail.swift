public import Foundation

/// A message ticketd sends, described by value; ``MailComposer`` turns it into RFC 5322 bytes.
///
/// Nothing of an incoming message is copied into an outgoing one: every header is built from
/// these fields alone (DESIGN §3, invariant 4). Values that may come from outside (the subject,
/// display names, extra header values) are made safe by ``HeaderText/sanitized(_:)`` when the
/// message is composed, so a line break in them can never start a header of its own.
public struct OutgoingMail: Sendable, Hashable {
    /// The author (`From`).
    public var from: Mailbox
    /// The recipients (`To`); at least one.
    public var to: [Mailbox]
    /// Where answers should go (`Reply-To`), if not to `from`.
    public var replyTo: Mailbox?
    /// The subject, plain text; non-ASCII is sent as RFC 2047 encoded words.
    public var subject: String
    /// When the message was written; sent in UTC.
    public var date: Date
    /// The Message-ID without angle brackets, e.g. `t12.a8f3c9@example.com`; must be
    /// `dot-atom-text "@" dot-atom-text` (RFC 5322 §3.6.4) and at most 250 characters.
    public var messageID: String
    /// The message this one answers, without angle brackets.
    public var inReplyTo: String?
    /// The thread's message IDs, oldest first, without angle brackets.
    public var references: [String]
    /// The `Auto-Submitted` value (RFC 3834), e.g. `auto-generated` or `auto-replied`; nil for none.
    public var autoSubmitted: String?
    /// More header fields, written after the standard ones in this order, e.g. `("X-Ticketd-Ticket", "12")`.
    public var extraHeaders: [(name: String, value: String)]
    /// The body, plain text; sent as `text/plain; charset=utf-8` in quoted-printable (with
    /// attachments, as the first part of a `multipart/mixed`).
    public var body: String
    /// Files sent after the text, in this order; none gives a single-part text message.
    public var attachments: [OutgoingAttachment]

    /// Makes a message description; nothing is checked until it is composed.
    public init(from: Mailbox, to: [Mailbox], replyTo: Mailbox? = nil, subject: String, date: Date, messageID: String,
                inReplyTo: String? = nil, references: [String] = [], autoSubmitted: String? = nil,
                extraHeaders: [(name: String, value: String)] = [], body: String, attachments: [OutgoingAttachment] = []) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.autoSubmitted = autoSubmitted
        self.extraHeaders = extraHeaders
        self.body = body
        self.attachments = attachments
    }

    public static func == (lhs: OutgoingMail, rhs: OutgoingMail) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.replyTo == rhs.replyTo && lhs.subject == rhs.subject
            && lhs.date == rhs.date && lhs.messageID == rhs.messageID && lhs.inReplyTo == rhs.inReplyTo
            && lhs.references == rhs.references && lhs.autoSubmitted == rhs.autoSubmitted
            && lhs.extraHeaders.count == rhs.extraHeaders.count
            && zip(lhs.extraHeaders, rhs.extraHeaders).allSatisfy { $0.name == $1.name && $0.value == $1.value }
            && lhs.body == rhs.body && lhs.attachments == rhs.attachments
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(replyTo)
        hasher.combine(subject)
        hasher.combine(date)
        hasher.combine(messageID)
        hasher.combine(inReplyTo)
        hasher.combine(references)
        hasher.combine(autoSubmitted)
        hasher.combine(extraHeaders.count)
        for header in extraHeaders {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
        hasher.combine(body)
        hasher.combine(attachments)
    }
}

/// Why an ``OutgoingMail`` could not be composed.
///
/// The cases name fields and positions only, never a value, so they may be logged (DESIGN §3,
/// invariant 3).
public enum CompositionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message has no `To` recipient.
    case noRecipient
    /// The Message-ID is not `dot-atom-text "@" dot-atom-text` of at most 250 characters.
    case invalidMessageID
    /// The In-Reply-To value is not a usable message ID (see ``MailComposer/isUsableReference(_:)``).
    case invalidInReplyTo
    /// The References entry at this position (0-based) is not a usable message ID.
    case invalidReference(index: Int)
    /// The Auto-Submitted value is not an RFC 3834 keyword with optional `; name=value`
    /// parameters (token characters only).
    case invalidAutoSubmitted
    /// The extra header at this position has a name that is not 1 to 64 printable ASCII
    /// characters without a colon.
    case invalidHeaderName(index: Int)
    /// The extra header at this position names a field the composer writes itself (or `Cc`,
    /// `Bcc`, `Sender`, `Return-Path`, `Received`, any `Content-*`).
    case reservedHeaderName(index: Int)
    /// An address in this field (`From`, `To`, `Reply-To`) has a non-ASCII local part, which needs
    /// SMTPUTF8 (RFC 6531); ticketd does not send such mail.
    case nonASCIILocalPart(field: String)
    /// An address in this field has a non-ASCII domain label that cannot be written in IDNA form
    /// (too long, or holding ASCII other than letters, digits and hyphens).
    case invalidDomain(field: String)
    /// The date is not finite or lies outside the years 1900 to 9999.
    case dateOutOfRange
    /// The attachment at this position (0-based) has a media type that is not `type/subtype`
    /// (RFC 2045 tokens of at most 127 characters each, no parameters), or is `multipart/*` or
    /// `message/*`, which may not be sent in base64.
    case invalidAttachmentType(index: Int)
    /// The attachment at this position has a file name that is empty once control characters
    /// and outer white space are removed, or longer than 255 UTF-8 bytes.
    case invalidAttachmentFilename(index: Int)

    /// A sentence naming the problem and the field.
    public var description: String {
        switch self {
        case .noRecipient: "the message has no To recipient"
        case .invalidMessageID: "the Message-ID is not of the form dot-atom@dot-atom (at most 250 characters)"
        case .invalidInReplyTo: "the In-Reply-To value is not a usable message ID"
        case .invalidReference(let index): "References entry \(index) is not a usable message ID"
        case .invalidAutoSubmitted: "the Auto-Submitted value is not an RFC 3834 keyword (with optional token parameters)"
        case .invalidHeaderName(let index): "extra header \(index) has an invalid field name (1 to 64 printable ASCII characters, no colon)"
        case .reservedHeaderName(let index): "extra header \(index) names a field the composer writes itself or never sends"
        case .nonASCIILocalPart(let field): "an address in \(field) has a non-ASCII local part (would need SMTPUTF8)"
        case .invalidDomain(let field): "an address in \(field) has a domain label that cannot be written in ASCII (IDNA)"
        case .dateOutOfRange: "the date is not between the years 1900 and 9999"
        case .invalidAttachmentType(let index):
            "attachment \(index) has an invalid media type (type/subtype tokens without parameters; not multipart or message)"
        case .invalidAttachmentFilename(let index):
            "attachment \(index) has an empty file name (after removing control characters) or one longer than 255 bytes"
        }
    }
}
