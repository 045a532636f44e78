public import MailFormat
public import Privacy

/// Why a mail was kept in quarantine instead of becoming a ticket. Stable names, for logs and audit.
public enum QuarantineReason: String, Sendable, Hashable, Codable, CaseIterable {
    case tooLarge = "too_large"
    case tooDeep = "too_deep"
    case tooManyParts = "too_many_parts"
    case noProcessingConsent = "no_processing_consent"
    case autoReply = "auto_reply"
    case bounce
    case noSender = "no_sender"
    /// It answers a request's confirmation mail, but not from the request's address, after the
    /// token ran out, or a second time: nothing is done, and the mail waits here for an agent.
    case unverifiedConfirmation = "unverified_confirmation"
    /// The store refused to commit the mail as what it was decided to be (a constraint, a value
    /// too large) while the mails around it went in: it is kept sealed here instead of blocking them.
    case storeRefused = "store_refused"
}

/// A ticket about to be made from a mail: who it is about, what they consented to, what it says.
public struct TicketPlan: Sendable {
    /// The data subject's personal data, to be sealed.
    public var customer: PersonalData
    /// The address the subject is found by.
    public var customerAddress: EmailAddress
    /// The contact form, if the mail was one.
    public var form: FormSubmission?
    /// Only agents may see the ticket (missing consent under the `restrict` policy).
    public var restricted: Bool
    /// Special categories found in subject and text.
    public var sensitive: Set<SpecialCategory>
    /// The full text (sealed) and the text others may see.
    public var text: String
    public var redactedText: String
    /// The subject line (sealed) and its redacted form.
    public var subject: String
    public var redactedSubject: String

    /// Describes a ticket to be made.
    public init(
        customer: PersonalData, customerAddress: EmailAddress, form: FormSubmission?, restricted: Bool, sensitive: Set<SpecialCategory>,
        text: String, redactedText: String, subject: String, redactedSubject: String
    ) {
        self.customer = customer
        self.customerAddress = customerAddress
        self.form = form
        self.restricted = restricted
        self.sensitive = sensitive
        self.text = text
        self.redactedText = redactedText
        self.subject = subject
        self.redactedSubject = redactedSubject
    }
}

/// An answer that belongs to an existing ticket: from its customer, a partner it was sent to, or its queue.
public struct ThreadedReply: Sendable {
    public var ticket: Int64
    /// `customer`, `partner` or `queue`.
    public var fromRole: String
    public var text: String
    public var redactedText: String
    /// An out-of-office or other automatic answer: recorded, never answered.
    public var isAutomatic: Bool

    /// Describes the reply.
    public init(ticket: Int64, fromRole: String, text: String, redactedText: String, isAutomatic: Bool) {
        self.ticket = ticket
        self.fromRole = fromRole
        self.text = text
        self.redactedText = redactedText
        self.isAutomatic = isAutomatic
    }
}

/// The decision for one received mail.
public enum IngestDecision: Sendable {
    case ticket(TicketPlan)
    case quarantine(QuarantineReason)
    case threaded(ThreadedReply)
    /// Nothing but a data-subject request: it is recorded as a request, and no ticket is opened.
    case request
    /// An answer to a request's confirmation mail.
    case confirmation(RequestConfirmation)
}

/// The rules that turn a received mail into a ticket or a quarantine entry.
public enum IngestPolicy {
    /// The address a contact form names as the customer's, if the mail is a form that gives one:
    /// a quarantined form (no processing consent) is found by it for export and erasure.
    public static func formAddress(_ mail: IncomingMail, forms: [FormProfile]) -> EmailAddress? {
        let envelope = FormEnvelope(recipients: mail.recipients.map(\.lookupForm), subject: mail.subject, headers: mail.headers)
        guard let profile = FormReader.profile(for: envelope, in: forms) else { return nil }
        return FormReader.read(mail.text, with: profile).fields[.email].flatMap { try? EmailAddress(parsing: $0) }
    }

    /// Decides what becomes of a mail, given the configured form profiles.
    public static func decide(_ mail: IncomingMail, forms: [FormProfile]) -> IngestDecision {
        switch MailKind.of(mail) {
        case .autoReply: return .quarantine(.autoReply)
        case .bounce: return .quarantine(.bounce)
        case .person: break
        }
        let envelope = FormEnvelope(recipients: mail.recipients.map(\.lookupForm), subject: mail.subject, headers: mail.headers)
        var submission: FormSubmission?
        var restricted = false
        if let profile = FormReader.profile(for: envelope, in: forms) {
            let read = FormReader.read(mail.text, with: profile)
            submission = read
            if !read.hasProcessingConsent {
                switch profile.missingProcessingConsent {
                case .quarantine: return .quarantine(.noProcessingConsent)
                case .restrict: restricted = true
                }
            }
        }
        // The form's address is the customer's; the From of a form mail is often the web server.
        let formAddress = submission?.fields[.email].flatMap { try? EmailAddress(parsing: $0) }
        guard let address = formAddress ?? mail.from?.address else { return .quarantine(.noSender) }
        var customer = PersonalData(
            name: submission?.fields[.name] ?? (formAddress == nil ? mail.from?.displayName : nil),
            email: address.description,
            phone: submission?.fields[.phone],
            postalAddress: submission?.fields[.address]
        )
        if customer.name?.isEmpty == true { customer.name = nil }
        let known = Redactor.Known(customer)
        let redacted = Redactor.redact([mail.subject, mail.text], known: known)
        let (redactedSubject, redactedText) = (redacted[0].text, redacted[1].text)
        let sensitive = SpecialCategoryDetector.categories(in: mail.subject + "\n" + mail.text)
        return .ticket(TicketPlan(
            customer: customer, customerAddress: address, form: submission, restricted: restricted, sensitive: sensitive,
            text: mail.text, redactedText: redactedText, subject: mail.subject, redactedSubject: redactedSubject
        ))
    }
}
