import Foundation

/// An error whose `description` names a cause and a fix but never a value read from a mail or
/// about a person: safe for logs, audit reasons and error messages (DESIGN §3, invariant 3).
package protocol CauseNamingError: Error, CustomStringConvertible {}

/// What may be said of an error that is caught without knowing its type.
///
/// `String(describing:)` of an arbitrary error can carry what it was about: a JSON decoder's
/// message quotes the text it choked on, a system error its argument. Only errors that promise
/// otherwise (``CauseNamingError``) are described in their own words; a decoding error is named by
/// its kind and the field names of its path; a system error by its number and the system's fixed
/// text for it; anything else by its type alone. Each says what the operator can do.
package enum ErrorCause {
    /// A description of `error` that names its cause and a fix and holds no personal value.
    package static func of(_ error: any Error) -> String {
        if let safe = error as? any CauseNamingError { return safe.description }
        if let decoding = error as? DecodingError { return describe(decoding) }
        if let posix = error as? POSIXError {
            // strerror's text is fixed per number; the error's own description could name a path.
            return "the system refused with errno \(posix.code.rawValue) (\(String(cString: strerror(posix.code.rawValue)))): "
                + "check the permissions and free space of the files and directories ticketd uses, then run it again"
        }
        if let cocoa = error as? CocoaError {
            return "a file operation failed with Foundation error \(cocoa.code.rawValue): "
                + "check that the file or directory named in the command exists and that ticketd may read or write it, then run it again"
        }
        return "an unexpected error of type \(String(reflecting: type(of: error))) (its text is withheld, as it may quote a personal value): "
            + "run the command again; if it recurs, report the type and the log line's event"
    }

    /// The kind of a decoding failure and where it happened (field names, never values).
    static func describe(_ error: DecodingError) -> String {
        let (kind, context): (String, DecodingError.Context?) = switch error {
        case .typeMismatch(_, let context): ("a value of another type", context)
        case .valueNotFound(_, let context): ("a missing value", context)
        case .keyNotFound(let key, let context): ("a missing key '\(key.stringValue)'", context)
        case .dataCorrupted(let context): ("data that is not valid JSON", context)
        @unknown default: ("an unknown decoding failure", nil)
        }
        let path = context?.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") ?? ""
        return "the stored data could not be decoded: \(kind)\(path.isEmpty ? "" : " at \(path)"): "
            + "it was written by another version of ticketd or changed outside it; run the version that wrote it, or restore a backup"
    }
}
