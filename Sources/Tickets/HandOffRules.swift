/// The rules for a ticket leaving the agents: a copy to a queue or a partner, or a view for
/// another role (DESIGN §3, invariant 4). Every shell and use case asks these, so that a rule is
/// written once and tested with plain values.
public enum HandOffRules {
    /// The configured queue of this name.
    public static func queue(named name: String, among queues: [Queue]) throws(HandOffRefusal) -> Queue {
        guard let queue = queues.first(where: { $0.name == name }) else { throw .unknownQueue(name, configured: queues.map(\.name)) }
        return queue
    }

    /// The registered partner of this name: nobody outside the company receives anything otherwise.
    public static func partner(named name: String, among partners: [Partner]) throws(HandOffRefusal) -> Partner {
        guard let partner = partners.first(where: { $0.name == name }) else {
            throw .unregisteredPartner(name, registered: partners.map(\.name))
        }
        return partner
    }

    /// Whether the ticket may be assigned to the queue, which receives a pseudonymized copy.
    public static func assign(_ ticket: TicketStanding, to queue: Queue) throws(HandOffRefusal) {
        try process(ticket, .assign)
        if ticket.isRestricted { throw .restricted(ticket: ticket.id, action: .assign) }
        if queue.role == .marketing { try marketing(ticket, queue: queue.name) }
    }

    /// Whether a copy of the ticket may go to a partner. `sensitiveReason` is the recorded
    /// `--allow-sensitive` reason; a blank one counts as none.
    public static func forward(_ ticket: TicketStanding, sensitiveReason reason: String?) throws(HandOffRefusal) {
        try process(ticket, .forward)
        if ticket.isRestricted { throw .restricted(ticket: ticket.id, action: .forward) }
        if !ticket.specialCategories.isEmpty, reason?.allSatisfy(\.isWhitespace) ?? true {
            throw .specialCategoriesNeedReason(ticket: ticket.id, categories: ticket.specialCategories)
        }
    }

    /// Whether the attachments numbered `indices` (1-based, of `available`) may go with a
    /// partner's copy (DESIGN §3, invariant 4: only when an agent releases them, with a reason
    /// that is recorded). A ticket with special categories needs `--allow-sensitive` too: a
    /// file is not redacted, so a medical certificate would leave as it is.
    public static func releaseAttachments(
        _ indices: [Int], of ticket: TicketStanding, available: Int, reason: String?, sensitiveReason: String?
    ) throws(HandOffRefusal) {
        guard !indices.isEmpty else { return }
        if reason?.allSatisfy(\.isWhitespace) ?? true { throw .attachmentNeedsReason(ticket: ticket.id) }
        for index in indices where index < 1 || index > available {
            throw .noSuchAttachment(ticket: ticket.id, index: index, count: available)
        }
        if !ticket.specialCategories.isEmpty, sensitiveReason?.allSatisfy(\.isWhitespace) ?? true {
            throw .sensitiveAttachmentNeedsAllowSensitive(ticket: ticket.id, categories: ticket.specialCategories)
        }
    }

    /// Whether a composed copy of `bytes` fits `[limits] max_message_size`: ticketd sends no
    /// larger mail than it would take in.
    public static func copySize(_ bytes: Int, ticket: Int64, limit: Int) throws(HandOffRefusal) {
        if bytes > limit { throw .copyTooLarge(ticket: ticket, bytes: bytes, limit: limit) }
    }

    /// Whether `role` may see the ticket; `archive` is the agents' view of restricted and archived data.
    public static func view(_ ticket: TicketStanding, as role: Role, archive: Bool = false) throws(HandOffRefusal) {
        if archive, role != .agent { throw .archiveIsForAgents(role) }
        if let cause = ticket.archiveOnly, !archive { throw .archiveOnly(ticket: ticket.id, cause: cause, action: .view) }
        if role != .agent, ticket.isRestricted { throw .restricted(ticket: ticket.id, action: .view) }
        if role == .marketing { try marketing(ticket, queue: nil) }
    }

    /// Restricted (Art. 18) and archived tickets are not processed further: no copy, no answer,
    /// no new marking. Closing, which starts the retention clock, is the one change left to them.
    public static func process(_ ticket: TicketStanding, _ action: HandOffRefusal.Action) throws(HandOffRefusal) {
        if let cause = ticket.archiveOnly { throw .archiveOnly(ticket: ticket.id, cause: cause, action: action) }
    }

    /// Marketing gets a ticket only under a marketing consent that was given and stands, for an
    /// address nobody put on the suppression list.
    static func marketing(_ ticket: TicketStanding, queue: String?) throws(HandOffRefusal) {
        if ticket.marketingConsentGranted != true || ticket.marketingConsentWithdrawn {
            throw .noMarketingConsent(ticket: ticket.id, queue: queue)
        }
        if ticket.suppressedForMarketing { throw .suppressedForMarketing(ticket: ticket.id, queue: queue) }
    }
}
