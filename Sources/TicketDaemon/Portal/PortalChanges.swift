import Foundation
import Logging
import MailFormat
package import Privacy
package import TicketStore
package import Tickets

/// What a signed-in person changes or asks for in the privacy portal (issue 18), each carried out
/// by the use case a request by mail or the command line uses, audited as `portal:<pseudonym>`:
///
/// - a consent withdrawn (``SubjectRightsActions/withdrawConsent``) or the marketing consent given;
/// - name, phone and postal address corrected (Art. 16, the store's rectification);
/// - the Art. 15/20 export, the same document as `subject export`;
/// - erasure or restriction asked for: recorded as a confirmed request, carried out on the
///   daemon's next round by ``RequestFulfilment`` with the deadline and the answer by mail of a
///   request confirmed by mail.
///
/// Export, erasure and consent changes need a fresh code (``PortalAction/needsFreshCode``); without
/// one nothing happens and ``Outcome/needsFreshCode`` says so.
package enum PortalChanges {
    /// A change the person asks for.
    package enum Change: Sendable, Equatable {
        case withdrawConsent(purpose: String)
        case giveMarketingConsent
        case rectify(RectificationValues)
        case export
        case request(SubjectRequestKind)

        /// The action's kind, which says whether it needs a fresh code.
        package var action: PortalAction {
            switch self {
            case .withdrawConsent: .withdrawConsent
            case .giveMarketingConsent: .giveMarketingConsent
            case .rectify: .rectify
            case .export: .export
            case .request(.erasure): .erase
            case .request: .restrict
            }
        }
    }

    /// What came of it.
    package enum Outcome: Sendable {
        /// Nothing was done: the session has no fresh code.
        case needsFreshCode
        /// The session's address holds no data (any more): there is nothing to change.
        case noData
        /// A consent was withdrawn or given; `changed` is false when it stood so already.
        case consent(purpose: String, given: Bool, changed: Bool)
        /// The fields whose values changed (none: the values were the same).
        case rectified([PersonalField])
        case exported(SubjectExportDocument)
        /// The request as recorded, with its deadline.
        case requested(SubjectRequestRecord)
    }

    /// The evidence of a marketing consent given in the portal, as the consent record keeps it
    /// (in the words of the contact form's mechanisms, which the export shows as they are).
    package static let marketingMechanism = "privacy portal: switched on by the person, confirmed with a fresh code"

    /// The purposes a person may withdraw here.
    package static let purposes = SubjectRightsActions.purposes

    /// Carries out `change` for the session's person.
    package static func carryOut(_ runtime: Runtime, session: PortalSessionRecord, change: Change) throws(OperatorError) -> Outcome {
        guard let person = try PortalPerson.of(runtime, session: session) else { return .noData }
        if change.action.needsFreshCode, !session.session.isSteppedUp(at: runtime.database.now()) { return .needsFreshCode }
        switch change {
        case .withdrawConsent(let purpose):
            guard purposes.contains(purpose) else { throw .argument(.notAPurpose(purpose)) }
            let withdrawal = try SubjectRightsActions.withdrawConsent(runtime, purpose: purpose, subject: person.subject, address: person.address, actor: person.actor)
            return .consent(purpose: purpose, given: false, changed: withdrawal.withdrawn > 0 || withdrawal.suppressionAdded)
        case .giveMarketingConsent:
            let added: Bool
            do { added = try runtime.database.subjects.giveConsent(purpose: "marketing", subject: person.subject, email: person.address, mechanism: PortalChanges.marketingMechanism, actor: person.actor) } catch {
                throw .store(error)
            }
            runtime.logger.notice("consent.given", metadata: ["subject": .string(person.subject.pseudonym.rawValue), "purpose": "marketing", "changed": .stringConvertible(added)])
            return .consent(purpose: "marketing", given: true, changed: added)
        case .rectify(let values):
            var correctable = values
            correctable.values[.email] = nil
            let changed: [PersonalField]
            do { changed = try runtime.database.subjects.rectify(person.subject, with: correctable, actor: person.actor) } catch { throw .store(error) }
            runtime.logger.notice("subject.rectified", metadata: ["subject": .string(person.subject.pseudonym.rawValue), "fields": .string(changed.map(\.rawValue).joined(separator: ","))])
            return .rectified(changed)
        case .export:
            return .exported(try SubjectRightsActions.exportDocument(runtime, email: person.address.description, actor: person.actor, now: runtime.database.now()))
        case .request(let kind):
            guard kind == .erasure || kind == .restriction else { throw .argument(.notAPurpose(kind.rawValue)) }
            let record: SubjectRequestRecord
            do { record = try runtime.database.requests.recordFromPortal(kinds: [kind], requester: person.address, actor: person.actor) } catch { throw .store(error) }
            runtime.logger.notice("request.received", metadata: ["request": .stringConvertible(record.id), "kinds": .string(kind.rawValue), "via": "portal"])
            return .requested(record)
        }
    }
}
