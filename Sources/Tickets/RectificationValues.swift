public import Privacy

/// The corrected values a person sends for a rectification request (GDPR Art. 16): `Name: ...`,
/// `Telefon: ...`, `Anschrift: ...`, `E-Mail: ...` lines in their reply.
///
/// Only the sender's own lines are read: quoted lines, the quoted history after a reply header and the
/// signature are dropped, so the example lines of our own confirmation mail, quoted back, never count.
/// A label is recognised only at the start of a line and only when a colon follows it; the first
/// non-empty value of a field wins. An address may continue on the lines right below its label
/// ("Anschrift: Beispielweg 3" / "12345 Musterstadt") until a blank line or another label; its lines
/// are joined with ", ". Values are taken as written: checking an e-mail address's syntax is for the
/// caller, which also decides whether a value may change at all.
public struct RectificationValues: Sendable, Hashable {
    /// A field a person may correct.
    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        case name
        case phone
        case postalAddress = "postal_address"
        case email
    }

    /// The new value of each field the reply names.
    public var values: [Field: String]

    /// Makes a value.
    public init(values: [Field: String]) {
        self.values = values
    }

    /// The reply names no field.
    public var isEmpty: Bool { values.isEmpty }

    /// The labels recognised by default, German and English.
    public static let standardLabels: [Field: [String]] = [
        .name: ["Name", "Vollständiger Name", "Full name"],
        .phone: ["Telefon", "Telefonnummer", "Tel", "Mobil", "Handy", "Phone", "Phone number", "Telephone", "Mobile"],
        .postalAddress: ["Anschrift", "Adresse", "Postanschrift", "Address", "Postal address"],
        .email: ["E-Mail", "E-Mail-Adresse", "Email", "Email address", "Mail"],
    ]

    /// Reads the values from a reply's decoded plain-text body.
    public static func parse(_ body: String, labels: [Field: [String]] = standardLabels) -> RectificationValues {
        // Labels compared as folded words, so "E-Mail", "e-mail" and "E Mail" agree.
        let known: [(words: [String], field: Field)] = labels.flatMap { field, names in
            names.map { (RequestText.words($0), field) }
        }.filter { !$0.words.isEmpty }
        func labelled(_ line: Substring) -> (Field, String)? {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let words = RequestText.words(line[..<colon])
            guard let field = known.first(where: { $0.words == words })?.field else { return nil }
            return (field, line[line.index(after: colon)...].trimmedSpaces())
        }
        var values: [Field: String] = [:]
        let lines = OwnText.lines(of: body)
        var index = 0
        while index < lines.count {
            guard let (field, first) = labelled(lines[index]) else { index += 1; continue }
            index += 1
            var parts = first.isEmpty ? [] : [first]
            if field == .postalAddress {
                while index < lines.count, labelled(lines[index]) == nil {
                    let next = lines[index].trimmedSpaces()
                    if next.isEmpty { break }
                    parts.append(next)
                    index += 1
                }
            }
            let value = parts.joined(separator: ", ")
            if values[field] == nil, !value.isEmpty { values[field] = value }
        }
        return RectificationValues(values: values)
    }

    /// The personal data with these values in place of the old ones.
    public func applied(to data: PersonalData) -> PersonalData {
        var data = data
        if let name = values[.name] { data.name = name }
        if let phone = values[.phone] { data.phone = phone }
        if let address = values[.postalAddress] { data.postalAddress = address }
        if let email = values[.email] { data.email = email }
        return data
    }
}
