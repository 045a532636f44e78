import Foundation
package import MailFormat
import Privacy
package import TicketStore
package import Tickets

/// The person a portal session speaks for (issue 18), with what the portal's pages and actions
/// need: their subject, the address they signed in with (from their own sealed record, since the
/// session knows only the subject), and the actor every change is audited under,
/// `portal:<pseudonym>`.
package struct PortalPerson: Sendable {
    package var session: PortalSessionRecord
    package var subject: SubjectRecord
    package var address: EmailAddress
    package var actor: Actor

    /// The person of a standing session; nil when the address signed in holds no data, or the
    /// person was erased while the session stood.
    package static func of(_ runtime: Runtime, session: PortalSessionRecord) throws(OperatorError) -> PortalPerson? {
        guard let name = session.session.subject, let pseudonym = Pseudonym(rawValue: name) else { return nil }
        let subject: SubjectRecord
        let data: PersonalData
        do {
            guard let found = try runtime.database.subjects.find(pseudonym: pseudonym) else { return nil }
            subject = found
            data = try runtime.database.subjects.personalData(of: pseudonym)
        } catch StoreError.subjectKeyMissing, StoreError.subjectNotFound {
            return nil
        } catch {
            throw .store(error)
        }
        // The session was opened for the address whose keyed hash the subject carries; a record
        // without a readable address cannot be acted for (nothing could be answered by mail).
        guard let text = data.email, let address = try? EmailAddress(parsing: text), let actor = try? Actor(.portal, pseudonym.rawValue) else {
            throw .failed(cause: "the record of \(pseudonym) holds no readable e-mail address, so the portal cannot act for them")
        }
        return PortalPerson(session: session, subject: subject, address: address, actor: actor)
    }
}
