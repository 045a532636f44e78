package import MailFormat
import Tickets

// The store's records that hold personal values describe themselves redacted (MailFormat's
// RedactedDescription.swift says why and how): printing one by mistake shows ids, kinds, states
// and counts, never the mail, the person's values or their words. Records that hold only ids,
// states, redacted titles and counts (TicketRecord, QuarantineRecord, ConsentRecord, OutboxRecord,
// SubjectRecord, SubjectRequestRecord) keep their ordinary description.

extension ReceivedMail: RedactedDescribing {
    /// Where it came from and how much it carries; the bytes, file names, senders and Message-ID withheld.
    package var redactedFields: [RedactedField] {
        [.shown("raw", "<\(raw.count) bytes redacted>"), .hidden("dedupeKey", dedupeKey), .hidden("messageID", messageID), .shown("source", source),
         .shown("attachments", attachments.map { "\($0.mimeType), \($0.data.count) bytes" }), .shown("sentAt", sentAt),
         .shown("hadParseProblems", hadParseProblems), .shown("retentionDue", retentionDue), .count("senders", senders.count),
         .shown("subjectRequest", subjectRequest)]
    }
}

extension IngestItem: RedactedDescribing {
    /// The mail and its decision, each redacted; the mailbox position as it is.
    package var redactedFields: [RedactedField] { [.shown("mail", mail), .shown("decision", decision), .shown("position", position)] }
}

extension NewMessage: RedactedDescribing {
    /// Direction and role; the bytes and texts withheld.
    package var redactedFields: [RedactedField] {
        [.shown("direction", direction.rawValue), .shown("fromRole", fromRole), .hidden("messageID", messageID),
         .shown("raw", raw.map { "<\($0.count) bytes redacted>" }), .hidden("text", text), .hidden("redactedText", redactedText)]
    }
}

extension StoredMessage: RedactedDescribing {
    /// Id, direction, role and time; the texts, subject line and Message-ID withheld.
    package var redactedFields: [RedactedField] {
        [.shown("id", id), .shown("direction", direction), .shown("fromRole", fromRole), .shown("at", at), .hidden("text", text),
         .hidden("redactedText", redactedText), .hidden("subjectLine", subjectLine), .hidden("messageID", messageID)]
    }
}

extension IncomingSubjectRequest: RedactedDescribing {
    /// What is asked and how; the requester's address and the Message-ID withheld.
    package var redactedFields: [RedactedField] {
        [.shown("kinds", kinds.map(\.rawValue)), .hidden("requester", requester), .shown("explicit", explicit), .shown("via", via),
         .hidden("messageID", messageID), .shown("confirmation", confirmation), .shown("limit", limit), .shown("windowStart", windowStart)]
    }
}

extension RequestMailDraft: RedactedDescribing {
    /// The kind and ticketd's own Message-ID; the mail (addressed to the person) and the token withheld.
    package var redactedFields: [RedactedField] {
        [.shown("kind", kind), .shown("messageID", messageID), .shown("payload", "<\(payload.count) bytes redacted>"),
         .hidden("tokenHash", tokenHash), .shown("expiresAt", expiresAt)]
    }
}

extension ConfirmedRequest: RedactedDescribing {
    /// The request and its deadline; the requester's address and the corrected values withheld.
    package var redactedFields: [RedactedField] {
        [.shown("id", id), .shown("kinds", kinds.map(\.rawValue)), .hidden("requester", requester), .shown("rectification", rectification),
         .shown("deadline", deadline)]
    }
}

extension SubjectDossier: RedactedDescribing {
    /// The pseudonym, dates and counts; the person's data and messages withheld.
    package var redactedFields: [RedactedField] {
        [.shown("pseudonym", pseudonym), .shown("createdAt", createdAt), .shown("restrictedAt", restrictedAt), .shown("personalData", personalData),
         .shown("tickets", tickets), .count("consents", consents.count), .count("transfers", transfers.count)]
    }
}

extension DossierTicket: RedactedDescribing {
    /// The ticket's id and state and its messages, each redacted.
    package var redactedFields: [RedactedField] {
        [.shown("record", "ticket \(record.id), \(record.state)"), .shown("messages", messages), .shown("holdUntil", holdUntil)]
    }
}

extension ServerErasure: RedactedDescribing {
    /// How many mails it expunges; their Message-IDs (which can name the sender's host or address) withheld.
    package var redactedFields: [RedactedField] { [.shown("id", id), .count("messageIDs", messageIDs.count), .shown("attempts", attempts)] }
}

extension OutboxDraft: RedactedDescribing {
    /// Kind, recipient kind, Message-ID and hold reason; the recipient, the mail and its history text withheld.
    package var redactedFields: [RedactedField] {
        [.shown("kind", kind), .shown("recipientKind", recipientKind.rawValue), .hidden("recipientName", recipientName),
         .hidden("recipientAddress", recipientAddress), .shown("messageID", messageID), .shown("payload", "<\(payload.count) bytes redacted>"),
         .hidden("historyText", historyText), .hidden("replyTokenHash", replyTokenHash), .shown("holdReason", holdReason)]
    }
}
