/// Why a ticket, or a copy of it, may not go where it was sent (DESIGN §3, invariant 4). Each
/// refusal names the cause and the fix; none carries a personal value (only ticket numbers and
/// names from the configuration).
public enum HandOffRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// No queue of that name is configured.
    case unknownQueue(String, configured: [String])
    /// The recipient is not in the Art. 30 register, so nothing may be sent to it.
    case unregisteredPartner(String, registered: [String])
    /// Processing of the ticket is restricted: it stays with the agents.
    case restricted(ticket: Int64, action: Action)
    /// A marketing queue or view without a marketing consent that stands.
    case noMarketingConsent(ticket: Int64, queue: String?)
    /// The customer's address is on the marketing suppression list.
    case suppressedForMarketing(ticket: Int64, queue: String?)
    /// The ticket mentions special categories and no reason to forward it was given.
    case specialCategoriesNeedReason(ticket: Int64, categories: [String])
    /// The ticket is only in the agents' archive view: not processed further, and not in other views.
    case archiveOnly(ticket: Int64, cause: TicketStanding.ArchiveOnlyCause, action: Action)
    /// Only agents open the archive view.
    case archiveIsForAgents(Role)
    /// `--attach` without `--attach-reason`: a released attachment is recorded with its reason.
    case attachmentNeedsReason(ticket: Int64)
    /// The ticket has no attachment with this number.
    case noSuchAttachment(ticket: Int64, index: Int, count: Int)
    /// The attachment's bytes are erased: there is nothing to pass on or open.
    case attachmentErased(ticket: Int64, index: Int)
    /// An attachment of a ticket with special categories, without `--allow-sensitive`.
    case sensitiveAttachmentNeedsAllowSensitive(ticket: Int64, categories: [String])
    /// The composed copy is larger than `[limits] max_message_size`.
    case copyTooLarge(ticket: Int64, bytes: Int, limit: Int)

    /// What was refused, for the message.
    public enum Action: String, Sendable, Hashable {
        case assign, forward, view
        /// Any other change or mail: answering, marking.
        case process
    }

    public var description: String {
        switch self {
        case .unknownQueue(let name, let configured):
            "there is no queue '\(name)': the configured queues are \(configured.joined(separator: ", ")); add it under [[queues]]"
        case .unregisteredPartner(let name, let registered):
            "'\(name)' is not a registered partner, so nothing is sent: every recipient outside the company must be in the Art. 30 register; "
                + "add it under [[partners]] (registered: \(registered.joined(separator: ", ")))"
        case .restricted(let ticket, .assign):
            "ticket \(ticket) is restricted (no processing consent): it stays with the agents and cannot be assigned"
        case .restricted(let ticket, .forward):
            "ticket \(ticket) is restricted (no processing consent): it cannot be forwarded"
        case .restricted(let ticket, .view):
            "ticket \(ticket) is restricted (no processing consent): only agents may see it"
        case .restricted(let ticket, .process):
            "ticket \(ticket) is restricted (no processing consent): it is not processed further"
        case .noMarketingConsent(let ticket, let queue?):
            "ticket \(ticket) has no marketing consent: it cannot go to the marketing queue '\(queue)'"
        case .noMarketingConsent(let ticket, nil):
            "ticket \(ticket) has no marketing consent: marketing may not see it"
        case .suppressedForMarketing(let ticket, let queue?):
            "ticket \(ticket)'s customer is on the marketing suppression list (a withdrawn consent or an objection): "
                + "it cannot go to the marketing queue '\(queue)'"
        case .suppressedForMarketing(let ticket, nil):
            "ticket \(ticket)'s customer is on the marketing suppression list (a withdrawn consent or an objection): marketing may not see it"
        case .specialCategoriesNeedReason(let ticket, let categories):
            "ticket \(ticket) mentions special categories (\(categories.joined(separator: ", "))): forwarding it to a partner needs "
                + "--allow-sensitive REASON, which is recorded; the values are redacted all the same"
        case .archiveOnly(let ticket, let cause, let action):
            Self.archiveReason(ticket, cause) + (action == .view
                ? ": it appears only in the agents' archive view, `ticketd ticket show \(ticket) --archive`"
                : ": it is not processed further (`ticketd ticket show \(ticket) --archive` opens it)")
        case .archiveIsForAgents(let role):
            "--archive is the agents' view of restricted and archived data: drop --as \(role.rawValue)"
        case .attachmentNeedsReason(let ticket):
            "ticket \(ticket): an attachment leaves only with --attach-reason TEXT, which the audit trail records (why the partner needs the file)"
        case .noSuchAttachment(let ticket, let index, let count):
            "ticket \(ticket) has no attachment \(index)" + (count == 0 ? ": it has none" : ": its attachments are numbered 1 to \(count) (`ticketd ticket show \(ticket)` lists them)")
        case .attachmentErased(let ticket, let index):
            "attachment \(index) of ticket \(ticket) is erased: there is nothing left to open or pass on"
        case .sensitiveAttachmentNeedsAllowSensitive(let ticket, let categories):
            "ticket \(ticket) mentions special categories (\(categories.joined(separator: ", "))) and an attachment is not redacted: "
                + "passing one to a partner needs --allow-sensitive REASON as well, which is recorded"
        case .copyTooLarge(let ticket, let bytes, let limit):
            "the copy of ticket \(ticket) with its attachments would be \(bytes) bytes, over [limits] max_message_size (\(limit) bytes): "
                + "attach fewer files, or raise the limit if the partner's server takes larger mail"
        }
    }

    /// Why a ticket is only in the archive view, as a sentence's first half.
    public static func archiveReason(_ ticket: Int64, _ cause: TicketStanding.ArchiveOnlyCause) -> String {
        switch cause {
        case .subjectRestricted: "ticket \(ticket) belongs to a person whose data is restricted (Art. 18 GDPR)"
        case .archivedByClass(let retentionClass): "ticket \(ticket) is archived by its retention class \(retentionClass ?? "")"
        }
    }
}
