import GRDB

extension OutboxQueue {
    /// Drops the message bytes (and the sealed customer address) of outbox items that were sent;
    /// returns how many items still had them. With `dryRun`, only counts.
    ///
    /// Sending drops them already (``markSent(_:receipt:transfer:payloadSHA256:actor:)``); the sweep
    /// repeats it so that no sent mail outlives its purpose in the database, whatever wrote the
    /// row. Pending, held and failed items keep theirs: those are still to be sent or checked, and
    /// go with their ticket's retention. The partial index `outbox_sent_payload` holds exactly
    /// these rows, so the work follows what is left over, not the size of the outbox.
    package func removeSentPayloads(dryRun: Bool) throws(StoreError) -> Int {
        if dryRun {
            return try database.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox INDEXED BY outbox_sent_payload WHERE state = 'sent' AND payload IS NOT NULL") ?? 0
            }
        }
        return try database.write { db in
            try db.execute(sql: """
                UPDATE outbox INDEXED BY outbox_sent_payload SET payload = NULL, sealed_recipient = NULL
                WHERE state = 'sent' AND payload IS NOT NULL
                """)
            return db.changesCount
        }
    }
}
