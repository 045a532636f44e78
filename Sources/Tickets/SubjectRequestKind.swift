public import Privacy

/// A right a data subject asks to exercise (GDPR Art. 7(3), 15-21), named the way logs and the audit trail name it.
///
/// Access and copy (Art. 15) and portability (Art. 20) are one kind: by mail both are answered with the
/// same export, a readable text part plus a machine-readable JSON attachment.
public enum SubjectRequestKind: Sendable, Hashable {
    /// Access to the data and a copy of it (Art. 15), in a portable format (Art. 20).
    case access
    /// Erasure, "the right to be forgotten" (Art. 17).
    case erasure
    /// Correction of inaccurate data (Art. 16); the new values come with the confirming reply.
    case rectification
    /// Restriction of processing (Art. 18): the data is kept but no longer used.
    case restriction
    /// Objection to processing based on legitimate interests (Art. 21(1)).
    case objection
    /// Withdrawal of a consent for one purpose (Art. 7(3)).
    ///
    /// An objection to direct marketing (Art. 21(2)) is recognised as `.withdrawal(.marketing)`:
    /// both end in the same place, the address on the suppression list, and marketing here rests
    /// on consent in the first place.
    case withdrawal(FormProfile.ConsentPurpose)

    /// Every kind, in the order results are reported in (the order of the articles).
    public static let allCases: [SubjectRequestKind] = [
        .access, .rectification, .erasure, .restriction, .objection, .withdrawal(.processing), .withdrawal(.marketing),
    ]

    /// The stable name for logs and audit events; never changes once released, because old audit
    /// entries are read with it.
    public var rawValue: String {
        switch self {
        case .access: "access"
        case .erasure: "erasure"
        case .rectification: "rectification"
        case .restriction: "restriction"
        case .objection: "objection"
        case .withdrawal(.processing): "withdrawal_processing"
        case .withdrawal(.marketing): "withdrawal_marketing"
        }
    }

    /// The kind with this stable name, or nil.
    public init?(rawValue: String) {
        guard let kind = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = kind
    }

    /// The article of the GDPR the right comes from, for answers to the person ("Art. 15").
    public var article: String {
        switch self {
        case .access: "Art. 15"
        case .erasure: "Art. 17"
        case .rectification: "Art. 16"
        case .restriction: "Art. 18"
        case .objection: "Art. 21"
        case .withdrawal: "Art. 7(3)"
        }
    }
}

extension SubjectRequestKind: Comparable {
    /// Orders by `allCases`, so that a mail asking for several rights always reports them in one order.
    public static func < (lhs: SubjectRequestKind, rhs: SubjectRequestKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension SubjectRequestKind: Codable {
    /// Decodes the stable name.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let kind = SubjectRequestKind(rawValue: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown request kind \(name)"))
        }
        self = kind
    }

    /// Encodes the stable name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
