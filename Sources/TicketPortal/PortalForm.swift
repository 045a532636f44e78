import Foundation

/// The fields of a form the portal's pages post (`application/x-www-form-urlencoded`, as every
/// browser sends a form without JavaScript). The first value of a field counts.
package struct PortalForm: Sendable, Equatable {
    /// Forms are one address, one code or one token and the form's token: anything larger is
    /// not one of them, and is refused unread.
    package static let limit = 8 * 1024

    private let fields: [String: String]

    /// Reads `name=value&...`, `+` as a space and `%XX` as bytes of UTF-8. A part that does not
    /// decode (a broken `%` escape, bytes that are not UTF-8) is left out.
    package init(_ bytes: [UInt8]) {
        var fields: [String: String] = [:]
        for pair in String(decoding: bytes, as: UTF8.self).split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), fields[name] == nil, let value = parts.count > 1 ? Self.decode(parts[1]) : "" else { continue }
            fields[name] = value
        }
        self.fields = fields
    }

    /// A field's value, nil when the form did not carry it.
    package subscript(_ name: String) -> String? { fields[name] }

    /// One part of the form, `+` and `%XX` decoded; nil when it is not UTF-8.
    static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
