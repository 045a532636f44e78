public import MailFormat
import Privacy

// What the ticket rules carry of a received mail describes itself redacted (MailFormat's
// RedactedDescription.swift says why and how): printing a plan or a reply by mistake shows ids,
// roles, kinds and counts, never the person's values or words.

extension IncomingMail: RedactedDescribing {
    /// Counts, types and header names; subject, addresses, header values and text withheld.
    public var redactedFields: [RedactedField] {
        [.hidden("messageID", messageID), .hidden("subject", subject), .hidden("from", from), .count("recipients", recipients.count),
         .shown("headers", headers.map(\.name)), .shown("contentType", contentType), .shown("reportType", reportType), .hidden("text", text),
         .shown("attachments", attachments.map { "\($0.mimeType), \($0.size) bytes" })]
    }
}

extension RectificationValues: RedactedDescribing {
    /// Which fields the person corrects; the new values withheld.
    public var redactedFields: [RedactedField] { [.shown("values", values.keys.map(\.rawValue).sorted())] }
}

extension TicketPlan: RedactedDescribing {
    /// The form and flags; the person, their address, subject and texts withheld (the redacted
    /// ones too: a copy the redactor was unsure about may still hold a value).
    public var redactedFields: [RedactedField] {
        [.shown("customer", customer), .hidden("customerAddress", customerAddress), .shown("form", form), .shown("restricted", restricted),
         .shown("sensitive", sensitive.map(\.rawValue).sorted()), .hidden("text", text), .hidden("redactedText", redactedText),
         .hidden("subject", subject), .hidden("redactedSubject", redactedSubject)]
    }
}

extension ThreadedReply: RedactedDescribing {
    /// The ticket and who answered; the texts withheld.
    public var redactedFields: [RedactedField] {
        [.shown("ticket", ticket), .shown("fromRole", fromRole), .hidden("text", text), .hidden("redactedText", redactedText),
         .shown("isAutomatic", isAutomatic)]
    }
}

extension RequestConfirmation: RedactedDescribing {
    /// Which fields a rectification names; the token, the sender and the Message-ID withheld.
    public var redactedFields: [RedactedField] {
        [.hidden("tokenHash", tokenHash), .hidden("sender", sender), .shown("rectification", rectification), .hidden("messageID", messageID)]
    }
}
