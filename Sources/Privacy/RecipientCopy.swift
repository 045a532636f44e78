/// The body of a copy for someone outside the support team, built only from an allow-list:
/// the ticket's reference, the recipient's pseudonym for the customer, the redacted subject and
/// text, and the agent's note, itself redacted. Nothing else of the original mail is carried over:
/// no header, no attachment, no quoted history.
public struct RecipientCopy: Sendable, Hashable {
    /// The subject line of the copy.
    public var subject: String
    /// The text/plain body.
    public var body: String
    /// What was replaced, by kind, for the audit trail.
    public var replaced: Set<Redactor.Kind>
    /// What the redacted subject, text and note still hold that looks personal (see ``ResidualRisk``).
    public var risk: ResidualRisk

    /// Builds the copy.
    ///
    /// - Parameters:
    ///   - reference: the ticket's reference as the recipient may quote it (e.g. `T-12`).
    ///   - pseudonym: the customer's pseudonym for this recipient's domain.
    ///   - subject: the ticket's subject (redacted again here, whatever it was before).
    ///   - text: the customer's text (redacted again here).
    ///   - note: what the agent adds; redacted too, since agents paste.
    ///   - known: the customer's personal data, to be replaced wherever it appears.
    ///   - withheldAttachments: how many attachments stay behind.
    ///   - purpose: one line saying why the recipient gets this (the register's purpose).
    public init(
        reference: String, pseudonym: String, subject: String, text: String, note: String?, known: PersonalData,
        withheldAttachments: Int, purpose: String
    ) {
        let redacted = Redactor.redact([subject, text] + (note.map { [$0] } ?? []), known: Redactor.Known(known))
        let (redactedSubject, redactedText) = (redacted[0], redacted[1])
        let redactedNote = note == nil ? nil : redacted[2]
        var lines: [String] = []
        if let redactedNote, !redactedNote.text.trimmedSpaces().isEmpty {
            lines.append(redactedNote.text)
            lines.append("")
        }
        lines.append("Ticket: \(reference)")
        lines.append("Customer: \(pseudonym)")
        lines.append("Purpose: \(purpose)")
        lines.append("")
        lines.append("----- Customer's request (personal data removed) -----")
        lines.append(redactedText.text)
        lines.append("----- End of request -----")
        if withheldAttachments > 0 {
            lines.append("")
            lines.append("\(withheldAttachments) attachment\(withheldAttachments == 1 ? "" : "s") withheld for data protection.")
        }
        lines.append("")
        lines.append("Please answer by replying to this mail; keep the reference in the subject.")
        self.subject = "[\(reference)] \(redactedSubject.text)"
        self.body = lines.joined(separator: "\n")
        self.replaced = redactedSubject.replaced.union(redactedText.replaced).union(redactedNote?.replaced ?? [])
        self.risk = ResidualRisk.of(redacted.map(\.text).joined(separator: "\n"))
    }
}
