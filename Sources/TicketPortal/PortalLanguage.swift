import Foundation

/// The language of the portal's pages: German or English (issue 18).
///
/// Chosen by the person first (the `lang` cookie that the switch link sets), then by what their
/// browser asks for (`Accept-Language`, by quality), and German when neither says.
package enum PortalLanguage: String, Sendable, CaseIterable {
    case de, en

    /// The other language, which the switch link offers.
    package var other: PortalLanguage { self == .de ? .en : .de }

    /// The language for a request: `query` is `?lang=` of a switch link, `cookie` the `lang`
    /// cookie, `acceptLanguage` the header as sent.
    package static func choose(query: String?, cookie: String?, acceptLanguage: String?) -> PortalLanguage {
        if let query, let chosen = PortalLanguage(rawValue: query) { return chosen }
        if let cookie, let chosen = PortalLanguage(rawValue: cookie) { return chosen }
        if let acceptLanguage, let preferred = preferred(acceptLanguage) { return preferred }
        return .de
    }

    /// The first of German and English by quality in an `Accept-Language` value (RFC 9110
    /// §12.5.4): `en-GB,en;q=0.9,de;q=0.8` is English, `fr,de;q=0.5` German; ranges of other
    /// languages and `*` choose nothing. Of equal qualities the one listed first wins.
    static func preferred(_ header: String) -> PortalLanguage? {
        var best: (language: PortalLanguage, quality: Double)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first?.lowercased(), !range.isEmpty else { continue }
            let primary = range.split(separator: "-").first.map(String.init) ?? range
            guard let language = PortalLanguage(rawValue: primary) else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            guard quality > 0, quality <= 1 else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        return best?.language
    }
}
