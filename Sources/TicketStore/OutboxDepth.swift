import GRDB

extension TicketDatabase {
    /// How many outgoing mails wait to be sent (pending or held), for the service's status line.
    package func outboxDepth() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state IN ('pending', 'held')") ?? 0 }
    }
}
