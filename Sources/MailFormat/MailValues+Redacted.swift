// A parsed or composed mail is the person's own words, names and addresses: each type that holds
// one describes itself redacted (RedactedDescription.swift says why and how).

extension Message: RedactedDescribing {
    /// Counts and the parser's notes (which carry codes, never text from the mail).
    public var redactedFields: [RedactedField] {
        [.count("header", header.fields.count), .hidden("subject", subject), .count("from", from.count), .count("to", to.count),
         .count("cc", cc.count), .count("replyTo", replyTo.count), .hidden("messageID", messageID), .count("inReplyTo", inReplyTo.count),
         .count("references", references.count), .shown("date", date), .shown("root", root), .hidden("text", text), .hidden("html", html),
         .count("attachments", attachments.count), .shown("notes", notes.map(\.code))]
    }
}

extension MIMEPart: RedactedDescribing {
    /// The media type and the shape of the tree; the body, its file name and its header withheld.
    public var redactedFields: [RedactedField] {
        [.count("header", header.fields.count), .shown("contentType", "\(contentType.type)/\(contentType.subtype)"),
         .shown("disposition", disposition), .hidden("filename", filename), .shown("transferEncoding", transferEncoding),
         .count("children", children.count), .shown("body", "<\(body.count) bytes redacted>"), .shown("isAttachment", isAttachment)]
    }
}

extension HeaderBlock: RedactedDescribing {
    /// The field names; their values may be names, addresses and subjects.
    public var redactedFields: [RedactedField] { [.shown("fields", fields.map(\.name))] }
}

extension HeaderField: RedactedDescribing {
    /// The field's name; its value withheld.
    public var redactedFields: [RedactedField] { [.shown("name", name), .hidden("value", value)] }
}

extension Attachment: RedactedDescribing {
    /// Type and size; the file name (often a person's name) and the bytes withheld.
    public var redactedFields: [RedactedField] {
        [.hidden("filename", filename), .shown("mimeType", mimeType), .shown("size", size), .shown("data", "<\(data.count) bytes redacted>")]
    }
}

extension OutgoingMail: RedactedDescribing {
    /// Counts and the Message-ID (ticketd's own); addresses, subject and body withheld.
    public var redactedFields: [RedactedField] {
        [.hidden("from", from), .count("to", to.count), .hidden("replyTo", replyTo), .hidden("subject", subject), .shown("date", date),
         .shown("messageID", messageID), .hidden("inReplyTo", inReplyTo), .count("references", references.count),
         .shown("autoSubmitted", autoSubmitted), .shown("extraHeaders", extraHeaders.map(\.name)), .hidden("body", body),
         .count("attachments", attachments.count)]
    }
}

extension OutgoingAttachment: RedactedDescribing {
    /// Type and size; the file name and the bytes withheld.
    public var redactedFields: [RedactedField] {
        [.hidden("filename", filename), .shown("mimeType", mimeType), .shown("data", "<\(data.count) bytes redacted>")]
    }
}
