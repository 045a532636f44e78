package import Foundation
import GRDB
package import MailFormat
package import Privacy
package import Tickets

/// A received mail as the store keeps it: the raw bytes (sealed), where it came from, and its dedupe key.
package struct ReceivedMail: Sendable {
    package var raw: [UInt8]
    package var dedupeKey: Data
    package var messageID: String?
    /// Where it came from, e.g. `file` or `imap:INBOX` (no personal data).
    package var source: String
    /// The attachments to keep sealed with the message.
    package var attachments: [(filename: String?, mimeType: String, data: [UInt8])]
    /// When the mail says it was written (its Date header): for a form, when consent was given.
    package var sentAt: Date?
    /// The parser had to repair or guess (charset, boundary, encoding): redaction is not trusted.
    package var hadParseProblems = false
    /// When the ticket's retention period ends, for classes that count from receipt.
    package var retentionDue: Date?
    /// Who it is from (From and Reply-To): a quarantined mail is found by them for export and erasure.
    package var senders: [EmailAddress] = []
    /// A data-subject request the mail makes, recorded with it.
    package var subjectRequest: IncomingSubjectRequest?

    /// Describes a received mail.
    package init(raw: [UInt8], dedupeKey: Data, messageID: String?, source: String,
                 attachments: [(filename: String?, mimeType: String, data: [UInt8])], sentAt: Date? = nil) {
        self.raw = raw
        self.dedupeKey = dedupeKey
        self.messageID = messageID
        self.source = source
        self.attachments = attachments
        self.sentAt = sentAt
    }
}

/// Where a fetched mail stands in its mailbox: committing the mail moves the checkpoint with it.
package struct MailboxPosition: Sendable, Hashable {
    /// The checkpoint's name, e.g. `imaps://127.0.0.1:10993/support@example.com/INBOX`.
    package var mailbox: String
    package var uidValidity: UInt32
    package var uid: UInt32

    /// Describes a position.
    package init(mailbox: String, uidValidity: UInt32, uid: UInt32) {
        self.mailbox = mailbox
        self.uidValidity = uidValidity
        self.uid = uid
    }
}

/// A received mail with what the ingest rules decided for it, and where it stands in its mailbox.
package struct IngestItem: Sendable {
    package var mail: ReceivedMail
    package var decision: IngestDecision
    package var position: MailboxPosition?

    /// Describes one mail of a batch.
    package init(mail: ReceivedMail, decision: IngestDecision, position: MailboxPosition?) {
        self.mail = mail
        self.decision = decision
        self.position = position
    }
}

/// What became of a received mail.
package enum IngestOutcome: Sendable, Hashable {
    case ticket(id: Int64, subject: Pseudonym, newSubject: Bool)
    case quarantined(id: Int64, reason: QuarantineReason)
    /// An answer added to the ticket it belongs to.
    case threaded(ticket: Int64)
    /// Taken in before: the ticket or quarantine entry it became then.
    case duplicate(ticket: Int64?, quarantine: Int64?)
    /// Nothing but a data-subject request: recorded as one (nil: the address asked too often).
    case request(id: Int64?)
    /// An answer to a request's confirmation mail that confirmed it.
    case confirmed(request: Int64)
}
