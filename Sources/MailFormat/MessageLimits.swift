/// The bounds the parser holds every message to, so that hostile mail costs bounded time and memory.
public struct MessageLimits: Sendable, Hashable {
    /// The largest message accepted, in bytes; larger ones are refused before any parsing.
    public var maxMessageBytes: Int
    /// The deepest MIME nesting accepted (the top-level part is depth 0).
    public var maxDepth: Int
    /// The most MIME parts (containers and leaves, the top level included) accepted in one message.
    public var maxParts: Int

    /// Makes limits; the defaults suit a help desk that receives screenshots and PDFs.
    public init(maxMessageBytes: Int = 25_000_000, maxDepth: Int = 32, maxParts: Int = 1000) {
        self.maxMessageBytes = maxMessageBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
    }

    /// 25 MB, depth 32, 1000 parts.
    public static let `default` = MessageLimits()
}
