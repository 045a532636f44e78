/// What ticketd knows that identifies a data subject directly. Stored only sealed.
public struct PersonalData: Sendable, Hashable, Codable {
    /// The person's name as they gave it.
    public var name: String?
    /// The address they wrote from or gave in a form.
    public var email: String?
    /// A phone number as they gave it.
    public var phone: String?
    /// A postal address as they gave it.
    public var postalAddress: String?

    /// Makes a record; every field is optional because forms and mails differ in what they carry.
    public init(name: String? = nil, email: String? = nil, phone: String? = nil, postalAddress: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.postalAddress = postalAddress
    }

    /// The names of the fields that hold a value, for audit events (never the values).
    public var presentFields: [PersonalField] {
        var fields: [PersonalField] = []
        if name != nil { fields.append(.name) }
        if email != nil { fields.append(.email) }
        if phone != nil { fields.append(.phone) }
        if postalAddress != nil { fields.append(.postalAddress) }
        return fields
    }
}

/// The name of a personal field, as it appears in audit events and exports.
public enum PersonalField: String, Sendable, Hashable, Codable, CaseIterable {
    case name
    case email
    case phone
    case postalAddress = "postal_address"
    case rawMail = "raw_mail"
    case messageText = "message_text"
}
