import Foundation
import GRDB

extension TicketRepository {
    /// The Message-IDs of the mails of a ticket that went to the person themselves (issue 18: the
    /// privacy portal shows a person their own messages and the answers sent to them, never the
    /// copies for departments and partners, which are stored as outbound messages too). Read from
    /// the outbox, which knows each mail's recipient kind; an answer whose outbox row is gone is
    /// not in the set, so that the portal shows too little rather than a copy meant for others.
    package func answersToCustomer(ofTicket ticket: Int64) throws(StoreError) -> Set<String> {
        try database.read { db in
            Set(try String.fetchAll(db, sql: "SELECT message_id FROM outbox WHERE ticket_id = ? AND recipient_kind = 'customer'", arguments: [ticket]))
        }
    }
}
