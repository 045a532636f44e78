import Foundation

/// A server URL as the libcurl clients take it: `scheme://host[:port]` with one of the allowed
/// schemes and nothing else (no user name, path, query or control characters).
enum ServerBaseURL {
    /// Why a URL was refused; the text names the configuration key it came from.
    struct Refusal: Error {
        var reason: String
    }

    /// The URL with its scheme lower-cased and a trailing slash removed, or why it is refused.
    static func validated(_ url: String, schemes: [String], key: String) -> Result<String, Refusal> {
        guard let separator = url.range(of: "://"), schemes.contains(url[..<separator.lowerBound].lowercased()) else {
            return .failure(Refusal(reason: "\(key) must start with \(schemes[0]):// or \(schemes[1]):// (STARTTLS is then required), not \"\(url)\""))
        }
        var authority = url[separator.upperBound...]
        if authority.hasSuffix("/") { authority.removeLast() }
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("@"),
              !authority.contains("?"), !authority.contains("#"),
              !authority.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
        else {
            return .failure(Refusal(reason: "\(key) must be scheme://host[:port] without user name, path or query, not \"\(url)\""))
        }
        return .success(url[..<separator.upperBound].lowercased() + authority)
    }
}
