package import Foundation
import MailFormat
import Privacy
package import TicketStore
import Tickets

/// Everything the privacy portal shows a signed-in person about themselves (issue 18): their
/// personal data, their tickets with the retention of each, every consent with its evidence and
/// history, every transfer, and their requests still open with the day each is due. It is read
/// from the same dossier as the Art. 15 export, so that the page and the download cannot tell
/// different stories. Reading it is not audited (the session's sign-in is; the export, which
/// hands everything out as a file, is audited as `subject.exported`).
package struct PortalDataView: Sendable, Equatable {
    /// The person's own values, as they gave them or had them corrected.
    package struct Personal: Sendable, Equatable {
        package var name: String?
        package var email: String?
        package var phone: String?
        package var postalAddress: String?
        package var since: Date
        package var restrictedSince: Date?
        package var marketingSuppressed: Bool
    }

    /// One ticket as the list shows it.
    package struct Ticket: Sendable, Equatable {
        package var id: Int64
        package var state: String
        package var createdAt: Date
        package var closedAt: Date?
        package var restricted: Bool
        /// What happens when its time is up, and when (nil: the period has not started).
        package var retentionAction: String?
        package var retentionPeriod: String?
        package var retentionDue: Date?
        /// A legal hold keeps it (its reason is the agent's own words and stays internal).
        package var held: Bool
        package var archived: Bool
    }

    /// One record of a consent: an answer in a form, a withdrawal, a consent given here.
    package struct ConsentEntry: Sendable, Equatable {
        package var granted: Bool?
        package var at: Date
        package var mechanism: String
        package var form: String?
        package var formVersion: String?
        package var ticket: Int64?
        package var withdrawnAt: Date?
    }

    /// A purpose, its standing and its history, oldest first.
    package struct Consent: Sendable, Equatable {
        package var purpose: String
        package var state: PortalOverview.ConsentState
        package var history: [ConsentEntry]
    }

    /// One transfer to a department's or partner's address.
    package struct Transfer: Sendable, Equatable {
        package var recipient: String
        package var purpose: String
        package var legalBasis: String
        package var dataCategories: [String]
        package var thirdCountry: Bool
        package var at: Date
        package var status: String
        package var ticket: Int64?
    }

    /// A request not finished yet.
    package struct Request: Sendable, Equatable {
        package var id: Int64
        package var kinds: [String]
        package var state: String
        package var receivedAt: Date
        package var lastDay: Date
    }

    package var overview: PortalOverview
    package var personal: Personal?
    package var tickets: [Ticket]
    /// Every purpose the person was asked about, and marketing always (so that it can be given).
    package var consents: [Consent]
    package var transfers: [Transfer]
    package var requests: [Request]
    /// Until when the last fresh code counts (nil: none counts now).
    package var freshUntil: Date?

    /// The view of the session's person; an empty one when the address holds no data.
    package static func of(_ runtime: Runtime, session: PortalSessionRecord) throws(OperatorError) -> PortalDataView {
        let now = runtime.database.now()
        let freshUntil = session.session.isSteppedUp(at: now) ? session.session.steppedUpUntil : nil
        let empty = PortalDataView(overview: PortalOverview(holdsData: false), personal: nil, tickets: [], consents: [], transfers: [], requests: [], freshUntil: freshUntil)
        guard let person = try PortalPerson.of(runtime, session: session) else { return empty }
        let dossier: SubjectDossier
        let suppressed: Bool
        let requests: [SubjectRequestRecord]
        do {
            dossier = try runtime.database.subjects.dossier(of: person.subject, messages: false)
            suppressed = try runtime.database.subjects.isSuppressedForMarketing(person.address)
            requests = try runtime.database.requests.open(of: person.address)
        } catch StoreError.subjectKeyMissing, StoreError.subjectNotFound {
            return empty
        } catch {
            throw .store(error)
        }
        return PortalDataView(dossier, suppressed: suppressed, requests: requests, freshUntil: freshUntil, runtime: runtime)
    }

    init(overview: PortalOverview, personal: Personal?, tickets: [Ticket], consents: [Consent], transfers: [Transfer], requests: [Request], freshUntil: Date?) {
        self.overview = overview
        self.personal = personal
        self.tickets = tickets
        self.consents = consents
        self.transfers = transfers
        self.requests = requests
        self.freshUntil = freshUntil
    }

    init(_ dossier: SubjectDossier, suppressed: Bool, requests: [SubjectRequestRecord], freshUntil: Date?, runtime: Runtime) {
        let summary = PortalOverview.summary(of: dossier)
        overview = summary
        let data = dossier.personalData
        personal = Personal(name: data.name, email: data.email, phone: data.phone, postalAddress: data.postalAddress, since: dossier.createdAt,
                            restrictedSince: dossier.restrictedAt, marketingSuppressed: suppressed)
        tickets = dossier.tickets.map { ticket in
            let record = ticket.record
            let retention = RetentionSchedule.retentionClass(runtime, named: record.retentionClass)
            return Ticket(id: record.id, state: record.state.rawValue, createdAt: record.createdAt, closedAt: record.closedAt, restricted: record.restricted,
                          retentionAction: retention?.action.rawValue, retentionPeriod: retention?.period.description, retentionDue: record.retentionDue,
                          held: record.holdReason != nil, archived: record.archivedAt != nil)
        }
        var purposes = dossier.consents.map(\.record.purpose)
        if !purposes.contains("marketing") { purposes.append("marketing") }
        consents = Array(Set(purposes)).sorted().map { purpose in
            let history = dossier.consents.filter { $0.record.purpose == purpose }.map {
                ConsentEntry(granted: $0.record.granted, at: $0.record.at, mechanism: $0.record.mechanism, form: $0.record.form,
                             formVersion: $0.record.formVersion, ticket: $0.ticket, withdrawnAt: $0.record.withdrawnAt)
            }
            let state = summary.consents.first { $0.purpose == purpose }?.state ?? .unknown
            return Consent(purpose: purpose, state: state, history: history)
        }
        transfers = dossier.transfers.map {
            Transfer(recipient: $0.partner, purpose: $0.purpose, legalBasis: $0.legalBasis, dataCategories: $0.dataCategories,
                     thirdCountry: $0.thirdCountry, at: $0.at, status: $0.status, ticket: $0.ticket)
        }
        self.requests = requests.map {
            Request(id: $0.id, kinds: $0.kinds.map(\.rawValue), state: $0.state, receivedAt: $0.deadline.received, lastDay: $0.deadline.lastDay(in: RetentionSchedule.calendar))
        }
        self.freshUntil = freshUntil
    }
}
