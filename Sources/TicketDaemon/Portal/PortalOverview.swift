import Foundation
import Privacy
package import TicketStore
import Tickets

/// The first page a signed-in person sees (issue 18): whether ticketd holds data about the
/// address they signed in with, and if so how much, in counts and states only. It names no
/// personal value and no pseudonym, so that the page says nothing a shoulder-surfer could use;
/// the full view of the data comes with the later pages.
package struct PortalOverview: Sendable, Equatable {
    /// The standing of one consent purpose, from its latest record.
    package enum ConsentState: String, Sendable, Equatable {
        case given, refused, withdrawn
        /// The form's answer was absent or unreadable.
        case unknown
    }

    /// One purpose (`processing`, `marketing`) and its standing.
    package struct Consent: Sendable, Equatable {
        package var purpose: String
        package var state: ConsentState

        /// Describes a purpose's standing.
        package init(purpose: String, state: ConsentState) {
            self.purpose = purpose
            self.state = state
        }
    }

    /// False when the address holds no data (never used, or erased since).
    package var holdsData: Bool
    package var tickets: Int
    package var openTickets: Int
    package var transfers: Int
    /// Each purpose that has a record, in a stable order.
    package var consents: [Consent]
    /// Processing is restricted (Art. 18).
    package var restricted: Bool

    /// Describes an overview.
    package init(holdsData: Bool, tickets: Int = 0, openTickets: Int = 0, transfers: Int = 0, consents: [Consent] = [], restricted: Bool = false) {
        self.holdsData = holdsData
        self.tickets = tickets
        self.openTickets = openTickets
        self.transfers = transfers
        self.consents = consents
        self.restricted = restricted
    }

    /// The overview of the session's person. Read only: nothing is audited, as no personal value
    /// leaves (the export, which hands them out, is audited when it comes).
    package static func of(_ runtime: Runtime, session: PortalSessionRecord) throws(OperatorError) -> PortalOverview {
        guard let name = session.session.subject, let pseudonym = Pseudonym(rawValue: name) else { return PortalOverview(holdsData: false) }
        let dossier: SubjectDossier
        do {
            guard let subject = try runtime.database.subjects.find(pseudonym: pseudonym) else { return PortalOverview(holdsData: false) }
            dossier = try runtime.database.subjects.dossier(of: subject)
        } catch StoreError.subjectKeyMissing, StoreError.subjectNotFound {
            // Erased while the session stood: nothing is held any more.
            return PortalOverview(holdsData: false)
        } catch {
            throw .store(error)
        }
        return summary(of: dossier)
    }

    /// The counts and states of a dossier.
    static func summary(of dossier: SubjectDossier) -> PortalOverview {
        var overview = PortalOverview(holdsData: true)
        overview.tickets = dossier.tickets.count
        overview.openTickets = dossier.tickets.filter { $0.record.state != .closed }.count
        overview.transfers = dossier.transfers.count
        overview.restricted = dossier.restrictedAt != nil
        // The dossier lists consents by time: the last record of a purpose is its standing.
        var latest: [String: ConsentRecord] = [:]
        for consent in dossier.consents { latest[consent.record.purpose] = consent.record }
        overview.consents = latest.keys.sorted().map { purpose in
            let record = latest[purpose]!
            let state: ConsentState = if record.withdrawnAt != nil { .withdrawn } else {
                switch record.granted {
                case true?: .given
                case false?: .refused
                case nil: .unknown
                }
            }
            return Consent(purpose: purpose, state: state)
        }
        return overview
    }
}
