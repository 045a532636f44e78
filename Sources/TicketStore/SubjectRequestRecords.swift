package import Foundation
import GRDB
package import MailFormat
package import Privacy
package import Tickets

/// A data-subject request received by mail, as `ticketd requests` lists it (no personal value).
package struct SubjectRequestRecord: Sendable, Hashable {
    package var id: Int64
    package var kinds: [SubjectRequestKind]
    /// The pseudonym of the person the requester's address belongs to, if ticketd knows them.
    package var subject: Pseudonym?
    package var state: String
    package var explicit: Bool
    package var deadline: RequestDeadline
    package var extensionReason: String?
    /// When the person confirmed it from their own address.
    package var confirmedAt: Date?
    /// What was done, in words without personal values.
    package var outcome: String?
    /// When it was carried out (done) or rejected.
    package var doneAt: Date?
}

/// A request found in a received mail, committed with the mail (so a mail fetched twice is one request).
package struct IncomingSubjectRequest: Sendable {
    package var kinds: [SubjectRequestKind]
    package var requester: EmailAddress
    package var explicit: Bool
    /// `support` or `subject_rights`: the address the mail was written to.
    package var via: String
    /// The request mail's Message-ID.
    package var messageID: String?
    /// The confirmation mail to queue with it; nil when there is no `[smtp]` section to send it.
    package var confirmation: RequestMailDraft?
    /// At most this many requests from one address since `windowStart` get a confirmation mail.
    package var limit: Int
    package var windowStart: Date

    /// Describes a request and the confirmation mail that verifies it.
    package init(kinds: [SubjectRequestKind], requester: EmailAddress, explicit: Bool, via: String, messageID: String?,
                 confirmation: RequestMailDraft?, limit: Int, windowStart: Date) {
        self.kinds = kinds
        self.requester = requester
        self.explicit = explicit
        self.via = via
        self.messageID = messageID
        self.confirmation = confirmation
        self.limit = limit
        self.windowStart = windowStart
    }
}

/// A mail to a requester (confirmation, answer, extension notice), composed before the
/// transaction that queues it and sealed there under the request's own key.
package struct RequestMailDraft: Sendable {
    /// `request_confirmation`, `request_answer` or `request_extension`.
    package var kind: String
    package var messageID: String
    package var payload: [UInt8]
    /// For a confirmation: the SHA-256 of its one-time token, and until when it is valid.
    package var tokenHash: Data?
    package var expiresAt: Date?

    /// Describes a mail to a requester.
    package init(kind: String, messageID: String, payload: [UInt8], tokenHash: Data? = nil, expiresAt: Date? = nil) {
        self.kind = kind
        self.messageID = messageID
        self.payload = payload
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}

/// What became of a new request.
package enum RequestIntake: Sendable, Hashable {
    /// Recorded (and its confirmation mail queued).
    case recorded(Int64)
    /// The address asked too often within the window: recorded nowhere but in the audit trail.
    case rateLimited
}

/// What an answer carrying a confirmation token did.
package enum ConfirmationOutcome: Sendable, Hashable {
    /// The request is confirmed and will be carried out.
    case confirmed(request: Int64)
    /// Nothing was done: the token is unknown, expired or used, or the sender is not the requester.
    case refused(request: Int64?, reason: String)
}

/// A confirmed request, opened to be carried out.
package struct ConfirmedRequest: Sendable {
    package var id: Int64
    package var kinds: [SubjectRequestKind]
    package var requester: EmailAddress
    package var rectification: RectificationValues
    package var deadline: RequestDeadline
}
