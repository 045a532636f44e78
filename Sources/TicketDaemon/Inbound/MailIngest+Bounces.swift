import Foundation
import Logging
import MailFormat
import Privacy
import Tickets
import TicketStore
#if canImport(Glibc)
import Glibc
#endif

extension MailIngest {
    /// A bounce of a mail ticketd sent marks that outbox item (and its transfer) failed.
    static func noteBounce(_ message: Message, runtime: Runtime) throws(OperatorError) {
        guard let id = ThreadMatcher.bouncedMessageID(message) else { return }
        do {
            guard let item = try runtime.database.outbox.item(messageID: id), item.state != .failed else { return }
            try runtime.database.outbox.markFailed(item.id, error: "bounced: the recipient's mail server returned the message", actor: .system("ingest"))
            var metadata = MailEvents.outboxMetadata(runtime, item)
            metadata["attempt"] = nil   // the bounce is about the attempt that was made, not a new one
            runtime.logger.warning("mail.bounced", metadata: metadata)
        } catch {
            throw .store(error)
        }
    }
}
