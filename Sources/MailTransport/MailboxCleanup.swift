package import Foundation

/// Expunging the copies ticketd no longer may keep on the IMAP server: processed mail past
/// `purge_processed_after`, and every copy of an erased person's mail (DESIGN §3, invariant 7).
///
/// ``IMAPSession`` is the real one; the tests have an in-memory twin. The use cases take it as a
/// generic parameter (`some MailboxCleanup`).
package protocol MailboxCleanup {
    /// The UIDs of messages received before the (UTC) day of `date`.
    func uidsReceived(before date: Date, in mailbox: String) throws(IMAPError) -> [UInt32]

    /// The UIDs of messages whose Message-ID header holds `<messageID>`; none for a mailbox that
    /// does not exist.
    func uids(withMessageID messageID: String, in mailbox: String) throws(IMAPError) -> [UInt32]

    /// Expunges messages; UIDs that are gone already are ignored.
    func delete(uids: [UInt32], in mailbox: String) throws(IMAPError)
}
