/// Why sealed data could not be opened.
public enum SealingError: Error, Sendable, Equatable, CustomStringConvertible, CauseNamingError {
    /// The blob is not in a format this version of ticketd wrote.
    case unknownFormat
    /// Authentication failed: wrong key, wrong context, or the bytes were changed.
    case authenticationFailed
    /// A wrapped key did not unwrap to a key of the right size.
    case malformedKey

    public var description: String {
        switch self {
        case .unknownFormat:
            "the sealed value is not in a format this version of ticketd knows"
        case .authenticationFailed:
            "the sealed value does not open with this key: the key is wrong, the value was moved, or its bytes were changed"
        case .malformedKey:
            "a wrapped key did not unwrap to a 32-byte key"
        }
    }
}
