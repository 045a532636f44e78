/// Reading the mail that arrives in the support mailbox and filing it away once it is committed:
/// what a poll asks of the IMAP server.
///
/// ``IMAPSession`` is the real one; the tests have an in-memory twin. The use cases take it as a
/// generic parameter (`some MailboxIntake`), not an existential, so that the compiler specialises
/// the ingest path for the session it runs on.
///
/// A conforming type must behave as the session does where the poll's exactly-once guarantee
/// rests on it (DESIGN §3, invariant 6): UIDs only increase within one UIDVALIDITY, and a move of
/// a UID that is not there is reported as ``MoveResult/notFound``, never as moved.
///
/// The poll hands its session to the thread that fetches ahead (one thread at a time), so the
/// conforming type's metatype is `Sendable`; the session itself need not be.
package protocol MailboxIntake: SendableMetatype {
    /// Creates a mailbox; succeeds when it exists already.
    func createMailbox(_ name: String) throws(IMAPError)

    /// UIDVALIDITY, UIDNEXT and the message count of a mailbox, as of now.
    func status(of mailbox: String) throws(IMAPError) -> MailboxStatus

    /// The UIDs in a mailbox greater than `uid`, ascending.
    func uids(in mailbox: String, above uid: UInt32) throws(IMAPError) -> [UInt32]

    /// The raw bytes of one message; throws when there is no message with that UID.
    func fetch(uid: UInt32, in mailbox: String) throws(IMAPError) -> [UInt8]

    /// Moves messages and returns, for each UID, whether it was moved or was not there.
    func move(uids: [UInt32], from mailbox: String, to target: String) throws(IMAPError) -> [UInt32: MoveResult]
}
