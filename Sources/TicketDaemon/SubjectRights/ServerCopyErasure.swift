import Foundation
import Logging
package import MailTransport
import Tickets
import TicketStore

/// Expunges the copies of erased mails from the support mailbox on the IMAP server (DESIGN §3,
/// invariant 7): the inbox and the processed mailbox are searched by Message-ID.
///
/// An erasure queues the Message-IDs (sealed) in the same transaction that erases the rows, so
/// the server side is never forgotten: `subject erase` tries at once, and every poll of `serve`
/// retries what is left until the server holds no copy.
package enum ServerCopyErasure {
    /// Works through the queue; returns how many copies were expunged.
    package static func run(_ runtime: Runtime, session: some MailboxCleanup) throws(PollFailure) -> Int {
        guard let imap = runtime.configuration.imap else { return 0 }
        let pending: [ServerErasure]
        do { pending = try runtime.database.serverErasures.pending() } catch { throw .store(error) }
        var total = 0
        for erasure in pending {
            var expunged = 0
            do {
                for mailbox in [imap.mailbox, imap.processedMailbox] {
                    var uids: [UInt32] = []
                    for messageID in erasure.messageIDs { uids += try session.uids(withMessageID: messageID, in: mailbox) }
                    if !uids.isEmpty {
                        try session.delete(uids: uids, in: mailbox)
                        expunged += Set(uids).count
                    }
                }
            } catch {
                try? runtime.database.serverErasures.fail(erasure.id, error: error.description)
                runtime.logger.warning("server_copies.expunge_failed", metadata: [
                    "erasure": .stringConvertible(erasure.id), "attempt": .stringConvertible(erasure.attempts + 1), "error": .string(error.description),
                ])
                throw .imap(error)
            }
            do { try runtime.database.serverErasures.complete(erasure.id, expunged: expunged, actor: .system("erasure")) } catch { throw .store(error) }
            runtime.logger.notice("server_copies.expunged", metadata: [
                "erasure": .stringConvertible(erasure.id), "mails": .stringConvertible(erasure.messageIDs.count), "copies": .stringConvertible(expunged),
            ])
            total += expunged
        }
        return total
    }

    /// Whether anything is queued (a cheap check before connecting).
    package static func hasPending(_ runtime: Runtime) -> Bool {
        (try? runtime.database.serverErasures.hasPending()) ?? false
    }
}
