package import MailFormat

// The daemon's own values that hold a mail or a person's data describe themselves redacted
// (MailFormat's RedactedDescription.swift says why and how). The export and the agent's ticket
// view are rendered field by field (JSON, Markdown), never through these descriptions, so their
// output is unchanged: only a value printed or logged by mistake is redacted.

extension PendingMail: RedactedDescribing {
    /// Its size and position; the bytes withheld.
    var redactedFields: [RedactedField] {
        [.shown("bytes", "<\(bytes.count) bytes redacted>"), .shown("truncated", truncated), .shown("position", position)]
    }
}

extension SubjectExportDocument.Person: RedactedDescribing {
    /// The pseudonym and dates; the person's values withheld.
    package var redactedFields: [RedactedField] {
        [.shown("pseudonym", pseudonym), .shown("since", since), .shown("restrictedSince", restrictedSince), .hidden("name", name),
         .hidden("email", email), .hidden("phone", phone), .hidden("postalAddress", postalAddress), .shown("marketingSuppressed", marketingSuppressed)]
    }
}

extension SubjectExportDocument.Message: RedactedDescribing {
    /// Direction, role and time; subject and text withheld.
    package var redactedFields: [RedactedField] {
        [.shown("direction", direction), .shown("fromRole", fromRole), .shown("at", at), .hidden("subject", subject), .hidden("text", text)]
    }
}

extension TicketView.Document.Customer: RedactedDescribing {
    /// Which of the agent's customer fields are set.
    var redactedFields: [RedactedField] { [.hidden("name", name), .hidden("email", email), .hidden("phone", phone)] }
}

extension TicketView.Document.Message: RedactedDescribing {
    /// Direction, role and time; the text withheld.
    var redactedFields: [RedactedField] {
        [.shown("direction", direction), .shown("from_role", from_role), .shown("at", at), .hidden("text", text)]
    }
}
