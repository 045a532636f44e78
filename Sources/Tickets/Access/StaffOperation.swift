/// What a member of staff asks the daemon to do: one case for each command that reads or
/// changes something, so that the access policy decides on names, not on strings.
public enum StaffOperation: Sendable, Hashable, CustomStringConvertible {
    /// `tickets`: the list (narrowed to the account's queues).
    case listTickets
    /// `ticket show`, in a view; `archive` opens restricted and archived data.
    case showTicket(view: Role, archive: Bool)
    /// `ticket attachment`: one file's bytes.
    case openAttachment
    /// `ticket assign`, `forward`, `reply`, `close`, `mark`: actions on one ticket.
    case changeTicket(TicketChange)
    /// `ticket hold` and `ticket release`: a legal hold.
    case holdTicket
    /// `quarantine`: what was kept back, without content.
    case readQuarantine
    /// `outbox`: outgoing mail, without content.
    case readOutbox
    /// `outbox --release`: lets a held copy go.
    case releaseOutbox
    /// `register`: the Art. 30 record.
    case readRegister
    /// `audit log`.
    case readAudit
    /// `audit verify`.
    case verifyAudit
    /// `requests`: data-subject requests received by mail.
    case readRequests
    /// `request extend`.
    case extendRequest
    /// `subject export`.
    case exportSubject
    /// `subject erase`.
    case eraseSubject
    /// `subject restrict|unrestrict`.
    case restrictSubject
    /// `consent withdraw`.
    case withdrawConsent
    /// `status`.
    case readStatus
    /// `sweep`.
    case runSweep
    /// `redaction refresh`.
    case refreshRedaction
    /// `ingest`: mail files taken in.
    case ingestFiles
    /// `token create|list|revoke`.
    case manageTokens

    /// The actions on one ticket.
    public enum TicketChange: String, Sendable, Hashable, CaseIterable {
        case assign, forward, reply, close, mark
    }

    /// The operation as a denial and the audit trail name it (no personal value).
    public var description: String {
        switch self {
        case .listTickets: "list tickets"
        case .showTicket(let view, let archive): archive ? "open the archive view of a ticket" : "read the \(view.rawValue) view of a ticket"
        case .openAttachment: "open an attachment"
        case .changeTicket(.reply): "answer a ticket's customer"
        case .changeTicket(let change): "\(change.rawValue) a ticket"
        case .holdTicket: "put a ticket on legal hold or release it"
        case .readQuarantine: "read the quarantine"
        case .readOutbox: "read the outbox"
        case .releaseOutbox: "release a held copy"
        case .readRegister: "read the processing register"
        case .readAudit: "read the audit trail"
        case .verifyAudit: "verify the audit trail"
        case .readRequests: "read the data-subject requests"
        case .extendRequest: "extend a data-subject request"
        case .exportSubject: "export a person's data"
        case .eraseSubject: "erase a person"
        case .restrictSubject: "restrict or unrestrict a person"
        case .withdrawConsent: "record a consent withdrawal"
        case .readStatus: "read the status"
        case .runSweep: "run the retention sweep"
        case .refreshRedaction: "refresh the redactions"
        case .ingestFiles: "take in mail files"
        case .manageTokens: "manage API tokens"
        }
    }

    /// Whether the operation is about one ticket, so that the account's queues decide too.
    public var isAboutOneTicket: Bool {
        switch self {
        case .showTicket, .openAttachment, .changeTicket, .holdTicket: true
        default: false
        }
    }
}
