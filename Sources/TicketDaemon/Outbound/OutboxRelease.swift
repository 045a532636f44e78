import TicketStore
package import Tickets

/// `ticketd outbox --release ID`: a copy held for an agent (residual risk, an unclear original,
/// an older redactor) goes out as it is, once the agent has read it.
package enum OutboxRelease {
    /// Releases the held item; refused when it is not held.
    package static func release(_ runtime: Runtime, id: Int64, actor: Actor) throws(OperatorError) -> String {
        let released: Bool
        do { released = try runtime.database.outbox.releaseHeld(id, actor: actor) } catch { throw .store(error) }
        guard released else { throw .notHeld(outboxItem: id) }
        return "outbox item \(id) released; it goes out with the next cycle"
    }
}
