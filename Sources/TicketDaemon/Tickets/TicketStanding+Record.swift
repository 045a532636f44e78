import MailFormat
import Privacy
import Tickets
import TicketStore

extension TicketStanding {
    /// The standing of a stored ticket. Whether its customer is on the marketing suppression list
    /// costs opening the sealed address, so it is looked up only when marketing is asked about.
    init(_ record: TicketRecord, suppressedForMarketing: Bool = false) {
        let marketing = record.consents.first { $0.purpose == "marketing" }
        self.init(
            id: record.id, isRestricted: record.restricted, specialCategories: record.sensitive,
            marketingConsentGranted: marketing?.granted, marketingConsentWithdrawn: marketing?.withdrawnAt != nil,
            suppressedForMarketing: suppressedForMarketing,
            archiveOnly: record.subjectRestricted ? .subjectRestricted : record.archivedAt != nil ? .archivedByClass(record.retentionClass) : nil
        )
    }

    /// The standing of a stored ticket, with the suppression list consulted when `forMarketing`.
    static func of(_ record: TicketRecord, in runtime: Runtime, forMarketing: Bool) throws(OperatorError) -> TicketStanding {
        guard forMarketing else { return TicketStanding(record) }
        do {
            guard let email = try runtime.database.tickets.customer(ofTicket: record.id)?.email, let address = try? EmailAddress(parsing: email) else {
                return TicketStanding(record)
            }
            return TicketStanding(record, suppressedForMarketing: try runtime.database.subjects.isSuppressedForMarketing(address))
        } catch {
            throw .store(error)
        }
    }
}
