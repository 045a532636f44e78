import Testing
@testable import Tickets

/// The rule for attachments leaving with a partner's copy (DESIGN §3, invariant 4), with plain values.
@Suite("Hand-off rules: attachments")
struct AttachmentReleaseRulesTests {
    func standing(sensitive: [String] = []) -> TicketStanding { TicketStanding(id: 9, isRestricted: false, specialCategories: sensitive) }

    func refusal(_ body: () throws(HandOffRefusal) -> Void) -> HandOffRefusal? {
        do { try body(); return nil } catch { return error }
    }

    @Test("no --attach: nothing to decide; with one, a reason and an existing number pass")
    func passes() {
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.releaseAttachments([], of: standing(), available: 0, reason: nil, sensitiveReason: nil) } == nil)
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.releaseAttachments([1, 2], of: standing(), available: 2, reason: "repair", sensitiveReason: nil) } == nil)
        #expect(refusal { () throws(HandOffRefusal) in
            try HandOffRules.releaseAttachments([1], of: standing(sensitive: ["health"]), available: 1, reason: "repair", sensitiveReason: "warranty claim")
        } == nil)
    }

    @Test("refused without a reason (blank counts as none), for a number that does not exist, and for special categories without --allow-sensitive")
    func refusals() {
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.releaseAttachments([1], of: standing(), available: 1, reason: nil, sensitiveReason: nil) }
            == .attachmentNeedsReason(ticket: 9))
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.releaseAttachments([1], of: standing(), available: 1, reason: "  ", sensitiveReason: nil) }
            == .attachmentNeedsReason(ticket: 9))
        for index in [0, 3, -1] {
            #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.releaseAttachments([1, index], of: standing(), available: 2, reason: "r", sensitiveReason: nil) }
                == .noSuchAttachment(ticket: 9, index: index, count: 2))
        }
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.releaseAttachments([1], of: standing(), available: 0, reason: "r", sensitiveReason: nil) }
            == .noSuchAttachment(ticket: 9, index: 1, count: 0))
        for sensitiveReason in [nil, " "] as [String?] {
            #expect(refusal { () throws(HandOffRefusal) in
                try HandOffRules.releaseAttachments([1], of: standing(sensitive: ["health"]), available: 1, reason: "r", sensitiveReason: sensitiveReason)
            } == .sensitiveAttachmentNeedsAllowSensitive(ticket: 9, categories: ["health"]))
        }
        let message = HandOffRefusal.sensitiveAttachmentNeedsAllowSensitive(ticket: 9, categories: ["health"]).description
        #expect(message.contains("--allow-sensitive") && message.contains("not redacted"))
    }

    @Test("a copy over [limits] max_message_size is refused; at the limit it passes")
    func size() {
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.copySize(100, ticket: 9, limit: 100) } == nil)
        #expect(refusal { () throws(HandOffRefusal) in try HandOffRules.copySize(101, ticket: 9, limit: 100) } == .copyTooLarge(ticket: 9, bytes: 101, limit: 100))
    }
}
