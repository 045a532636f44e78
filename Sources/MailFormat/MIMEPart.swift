/// One node of a message's MIME tree: a container (multipart, or an embedded message) or a leaf.
public struct MIMEPart: Sendable {
    /// The part's own header fields.
    public var header: HeaderBlock
    /// The media type; `text/plain` when absent or unreadable (`message/rfc822` inside a digest).
    public var contentType: ContentType
    /// `inline` or `attachment` (lower-cased) from Content-Disposition; nil when absent.
    public var disposition: String?
    /// The file name from Content-Disposition `filename` (RFC 2231 decoded) or Content-Type `name`.
    public var filename: String?
    /// The Content-Transfer-Encoding, lower-cased; `7bit` when absent.
    public var transferEncoding: String
    /// The parts of a multipart, or for `message/rfc822` the embedded message's top-level part.
    public var children: [MIMEPart]
    /// A leaf's content with the transfer encoding undone; empty for containers.
    public var body: [UInt8]
    /// Whether the part is offered to the reader as a file rather than shown as the message text.
    public var isAttachment: Bool

    /// Makes a part from its fields.
    public init(header: HeaderBlock, contentType: ContentType, disposition: String?, filename: String?,
                transferEncoding: String, children: [MIMEPart], body: [UInt8], isAttachment: Bool) {
        self.header = header
        self.contentType = contentType
        self.disposition = disposition
        self.filename = filename
        self.transferEncoding = transferEncoding
        self.children = children
        self.body = body
        self.isAttachment = isAttachment
    }

    /// Whether this part is a `multipart/*` container.
    public var isMultipart: Bool { contentType.type == "multipart" }

    /// The body decoded to text with the part's charset (for text parts); never fails.
    public var text: String { Charsets.decode(body, charset: contentType.charset).text }

    /// Every part of the tree below and including this one, depth first, in document order.
    public var allParts: [MIMEPart] {
        var result: [MIMEPart] = []
        var stack: [MIMEPart] = [self]
        while let part = stack.popLast() {
            result.append(part)
            stack.append(contentsOf: part.children.reversed())
        }
        return result
    }
}
