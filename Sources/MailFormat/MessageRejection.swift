/// Why a message is refused outright (it goes to quarantine). Descriptions never contain message content.
public enum MessageRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message is larger than ``MessageLimits/maxMessageBytes``.
    case tooLarge(bytes: Int, limit: Int)
    /// MIME parts are nested deeper than ``MessageLimits/maxDepth``.
    case tooDeep(limit: Int)
    /// The message has more MIME parts than ``MessageLimits/maxParts``.
    case tooManyParts(limit: Int)

    /// A sentence for logs and the operator, naming only sizes and limits.
    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            "the message has \(bytes) bytes; the limit is \(limit) (raise limits.maxMessageBytes to accept it)"
        case .tooDeep(let limit):
            "the message nests MIME parts deeper than \(limit) levels"
        case .tooManyParts(let limit):
            "the message has more than \(limit) MIME parts"
        }
    }
}
