/// A file that came with a message: a part that is not the readable body.
public struct Attachment: Sendable, Hashable {
    /// The sender's file name, if the part names one.
    public var filename: String?
    /// `type/subtype`, lower-cased.
    public var mimeType: String
    /// The size of `data` in bytes.
    public var size: Int
    /// The content with the transfer encoding undone (for `message/rfc822`: the embedded message).
    public var data: [UInt8]

    /// Makes an attachment; `size` is taken from `data`.
    public init(filename: String?, mimeType: String, data: [UInt8]) {
        self.filename = filename
        self.mimeType = mimeType
        self.size = data.count
        self.data = data
    }
}
