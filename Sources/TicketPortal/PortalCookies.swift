import Foundation

/// The portal's cookies (issue 18) and how they are read and written.
///
/// The two that matter carry the `__Host-` prefix: a browser keeps such a cookie only when it
/// is `Secure`, has `Path=/` and names no `Domain`, so no other host and no plain-HTTP page can
/// plant or overwrite one. Both are `HttpOnly` (no script reads them) and `SameSite=Strict`
/// (no other site's page sends them along). Neither has an expiry: they end with the browser
/// session, and the daemon ends the session itself after `[portal] session_idle`.
package enum PortalCookies {
    /// The session's id; the store keeps only its hash.
    package static let session = "__Host-ticketd-session"
    /// The browser that asked for a sign-in mail: a code is compared only with the challenge
    /// this browser asked for, and the pre-session forms' tokens are tied to it.
    package static let pending = "__Host-ticketd-pending"
    /// The language the person chose with the switch link (`de` or `en`).
    package static let language = "lang"

    /// A year, for the language chosen: a preference, not a key to anything.
    static let languageLifetime = 365 * 86_400

    /// `Set-Cookie` for a secret cookie (the session or the pending browser).
    package static func secret(_ name: String, _ value: String) -> String {
        "\(name)=\(value); Path=/; Secure; HttpOnly; SameSite=Strict"
    }

    /// `Set-Cookie` that makes the browser drop a secret cookie.
    package static func clear(_ name: String) -> String {
        "\(name)=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict"
    }

    /// `Set-Cookie` for the language chosen. `Lax`, so that it counts on the first page a link
    /// from elsewhere opens too.
    package static func language(_ language: PortalLanguage) -> String {
        "\(Self.language)=\(language.rawValue); Path=/; Max-Age=\(languageLifetime); Secure; HttpOnly; SameSite=Lax"
    }

    /// The cookies of the `Cookie` header lines of a request (`a=1; b=2`); of a name sent twice,
    /// the first counts.
    package static func read(_ lines: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for line in lines {
            for pair in line.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { continue }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, cookies[name] == nil else { continue }
                cookies[name] = parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return cookies
    }
}
