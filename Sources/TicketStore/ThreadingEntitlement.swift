package import Foundation
import GRDB
import Privacy
package import MailFormat
import Tickets

/// What decides who may thread an answer into a ticket (DESIGN §3): the reply tokens given out
/// with each mail, the partners a ticket went to, and the customer's keyed address hash.
extension ThreadingEntitlement {
    /// The ticket a reply token belongs to. To whom it was given is kept in the table for the
    /// record but never decides: the sender's entitlement does.
    package func ticket(ofReplyToken hash: Data) throws(StoreError) -> Int64? {
        try database.read { db in try Int64.fetchOne(db, sql: "SELECT ticket_id FROM reply_tokens WHERE token_hash = ?", arguments: [hash]) }
    }

    /// The partners a ticket was forwarded to (queued or sent).
    package func partners(ofTicket ticket: Int64) throws(StoreError) -> Set<String> {
        try database.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT recipient_name FROM outbox WHERE ticket_id = ? AND recipient_kind = 'partner'", arguments: [ticket]))
        }
    }

    /// Whether `address` is the ticket's customer (through the keyed lookup hash).
    package func isCustomer(ofTicket ticket: Int64, address: EmailAddress) throws(StoreError) -> Bool {
        let digest = database.lookupKey.digest(of: address)
        return try database.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM tickets t JOIN subjects s ON s.id = t.subject_id WHERE t.id = ? AND s.email_lookup = ?", arguments: [ticket, digest]) ?? false
        }
    }
}
