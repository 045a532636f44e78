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
            "the sealed value is not in a format this version of ticketd knows: run the version that wrote it, or restore a backup made by this one"
        case .authenticationFailed:
            "the sealed value does not open with this key: the key is wrong, the value was moved, or its bytes were changed; "
                + "check that secrets.master_key_file is the key the database was made with, else restore the last backup"
        case .malformedKey:
            "a wrapped key did not unwrap to a 32-byte key: the stored key is damaged; restore the last backup"
        }
    }
}
