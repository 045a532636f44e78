/// A file sent with an ``OutgoingMail``, such as the JSON of a data-subject export (GDPR Art. 15
/// and 20).
///
/// ``MailComposer`` sends a message with attachments as `multipart/mixed` (RFC 2046 §5.1.3): the
/// text first, then each file as a base64 part (RFC 2045 §6.8) with `Content-Disposition:
/// attachment` (RFC 2183). Nothing is checked until the message is composed; see
/// ``CompositionError/invalidAttachmentType(index:)`` and
/// ``CompositionError/invalidAttachmentFilename(index:)`` for what is refused.
public struct OutgoingAttachment: Sendable, Hashable {
    /// The longest file name sent, in UTF-8 bytes after ``HeaderText/sanitized(_:)``: what
    /// common file systems can store.
    public static let maxFilenameBytes = 255
    /// The longest type or subtype name (RFC 6838 §4.2).
    public static let maxTypeNameLength = 127

    /// The name the recipient sees and saves the file under, e.g. `auskunft.json`.
    ///
    /// It is sent as ``HeaderText/sanitized(_:)`` makes it (controls such as CR, LF and NUL
    /// become a space, runs of spaces one, white space at both ends removed), which must leave
    /// 1 to ``maxFilenameBytes`` UTF-8 bytes. Printable ASCII is sent as a quoted string, anything
    /// else in RFC 2231 form (`filename*=utf-8''...`).
    public var filename: String
    /// The media type as `type/subtype` without parameters, e.g. `application/json`: two RFC 2045
    /// tokens of at most ``maxTypeNameLength`` characters each, sent lower-cased. `multipart/*`
    /// and `message/*` are refused: they may not be base64-encoded (RFC 2045 §6.4, RFC 2046
    /// §5.2).
    public var mimeType: String
    /// The content, any bytes; sent in base64.
    public var data: [UInt8]

    /// Makes an attachment; nothing is checked until the message is composed.
    public init(filename: String, mimeType: String, data: [UInt8]) {
        self.filename = filename
        self.mimeType = mimeType
        self.data = data
    }
}
