public import MailFormat

/// What the ticket rules need to know about a received mail, independent of how it was parsed.
public struct IncomingMail: Sendable {
    /// The Message-ID without angle brackets, if the mail has one.
    public var messageID: String?
    /// The decoded subject.
    public var subject: String
    /// The first From mailbox.
    public var from: Mailbox?
    /// To, Cc, Delivered-To and X-Original-To addresses.
    public var recipients: [EmailAddress]
    /// Every header, decoded, in order.
    public var headers: [(name: String, value: String)]
    /// The root content type, e.g. `multipart/report`, with its `report-type` parameter if any.
    public var contentType: String
    public var reportType: String?
    /// The readable text of the body.
    public var text: String
    /// Attachment names and types (their bytes stay with the raw mail).
    public var attachments: [(filename: String?, mimeType: String, size: Int)]

    /// Describes a mail.
    public init(
        messageID: String?, subject: String, from: Mailbox?, recipients: [EmailAddress],
        headers: [(name: String, value: String)], contentType: String, reportType: String?, text: String,
        attachments: [(filename: String?, mimeType: String, size: Int)]
    ) {
        self.messageID = messageID
        self.subject = subject
        self.from = from
        self.recipients = recipients
        self.headers = headers
        self.contentType = contentType
        self.reportType = reportType
        self.text = text
        self.attachments = attachments
    }

    /// The first value of a header, case-insensitive.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
