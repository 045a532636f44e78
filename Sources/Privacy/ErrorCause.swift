/// An error whose `description` names a cause and a fix but never a value read from a mail or
/// about a person: safe for logs, audit reasons and error messages (DESIGN §3, invariant 3).
package protocol CauseNamingError: Error, CustomStringConvertible {}

/// What may be said of an error that is caught without knowing its type.
///
/// `String(describing:)` of an arbitrary error can carry what it was about: a JSON decoder's
/// message quotes the text it choked on, a system error its argument. Only errors that promise
/// otherwise (``CauseNamingError``) are described in their own words; a decoding error is named by
/// its kind and the field names of its path; anything else by its type alone.
package enum ErrorCause {
    /// A description of `error` that holds no personal value.
    package static func of(_ error: any Error) -> String {
        if let safe = error as? any CauseNamingError { return safe.description }
        if let decoding = error as? DecodingError { return describe(decoding) }
        return "an error of type \(String(reflecting: type(of: error)))"
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
        return "the stored data could not be decoded: \(kind)\(path.isEmpty ? "" : " at \(path)")"
    }
}
