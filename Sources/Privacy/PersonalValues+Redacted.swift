public import MailFormat

// The values this module reads from a mail, and the keys that seal them, describe themselves
// redacted (MailFormat's RedactedDescription.swift says why and how): printing one by mistake
// shows which fields are set, never what they hold.

extension PersonalData: RedactedDescribing {
    /// Which of the four fields are set.
    public var redactedFields: [RedactedField] {
        [.hidden("name", name), .hidden("email", email), .hidden("phone", phone), .hidden("postalAddress", postalAddress)]
    }
}

extension FormSubmission: RedactedDescribing {
    /// The form, its version, the consents and problems (none of them personal), and which fields it carried.
    public var redactedFields: [RedactedField] {
        [.shown("profile", profile), .shown("version", version), .shown("fields", fields.keys.map(\.rawValue).sorted()),
         .shown("consents", consents.map { "\($0.key.rawValue)=\($0.value.rawValue)" }.sorted()), .shown("problems", problems)]
    }
}

extension FormEnvelope: RedactedDescribing {
    /// Counts and header names; addresses, subject and header values withheld.
    public var redactedFields: [RedactedField] {
        [.count("recipients", recipients.count), .hidden("subject", subject), .shown("headers", headers.map(\.name))]
    }
}

extension RecipientCopy: RedactedDescribing {
    /// What was replaced and the residual risk; the text itself is withheld, as a copy the redactor
    /// was unsure about may still hold a personal value.
    public var redactedFields: [RedactedField] {
        [.hidden("subject", subject), .hidden("body", body), .shown("replaced", replaced.sorted().map(\.rawValue)), .shown("risk", risk.summary)]
    }
}

extension SubjectKey: RedactedDescribing {
    /// Nothing of the key.
    public var redactedFields: [RedactedField] { [.hidden("key", key)] }
}

extension MasterKey: RedactedDescribing {
    /// The fingerprint that `config check` and the store's mismatch error show; nothing of the key.
    public var redactedFields: [RedactedField] { [.hidden("key", key), .shown("fingerprint", fingerprint)] }
}
