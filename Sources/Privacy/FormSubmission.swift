/// What was read from a contact-form mail: its fields, its consents and the form's version.
public struct FormSubmission: Sendable, Hashable {
    /// The profile that matched.
    public var profile: String
    /// The form's version as the mail states it.
    public var version: String?
    /// The fields found, by kind; personal values, to be sealed.
    public var fields: [FormProfile.Field: String]
    /// The consents the form carries; a purpose that is missing here was not in the mail.
    public var consents: [FormProfile.ConsentPurpose: ConsentReading]
    /// What could not be read (non-personal), e.g. "the JSON body is not valid JSON".
    public var problems: [String]

    /// Makes a submission.
    public init(
        profile: String, version: String?, fields: [FormProfile.Field: String],
        consents: [FormProfile.ConsentPurpose: ConsentReading], problems: [String]
    ) {
        self.profile = profile
        self.version = version
        self.fields = fields
        self.consents = consents
        self.problems = problems
    }

    /// Whether processing may go ahead: the processing consent was clearly given.
    public var hasProcessingConsent: Bool { consents[.processing] == .granted }
}

/// The parts of a mail that decide which form profile applies.
public struct FormEnvelope: Sendable, Hashable {
    /// Every recipient address (To, Cc, Delivered-To, X-Original-To), in lookup form.
    public var recipients: [String]
    /// The decoded subject.
    public var subject: String
    /// Every header as decoded name and value.
    public var headers: [(name: String, value: String)]

    /// Makes an envelope.
    public init(recipients: [String], subject: String, headers: [(name: String, value: String)]) {
        self.recipients = recipients
        self.subject = subject
        self.headers = headers
    }

    public static func == (lhs: FormEnvelope, rhs: FormEnvelope) -> Bool {
        lhs.recipients == rhs.recipients && lhs.subject == rhs.subject
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(recipients)
        hasher.combine(subject)
    }
}
