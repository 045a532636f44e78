/// The store by aggregate: where each kind of record is kept, and the queries that belong to it.
/// A use case reaches them through the database (`database.outbox.due()`), and the storage
/// contract a second backend must meet is the sum of these types' package methods.
///
/// Each is a view of the one ``TicketDatabase`` (its connection pool, keys and clock); a
/// transaction that spans aggregates (a mail taken in, an erasure) runs inside one of them and
/// uses the database's internal steps, so that it commits or rolls back as one.
extension TicketDatabase {
    /// See ``TicketRepository``.
    package var tickets: TicketRepository { TicketRepository(database: self) }
    /// See ``SubjectRepository``.
    package var subjects: SubjectRepository { SubjectRepository(database: self) }
    /// See ``SubjectRequestRepository``.
    package var requests: SubjectRequestRepository { SubjectRequestRepository(database: self) }
    /// See ``MailIntake``.
    package var intake: MailIntake { MailIntake(database: self) }
    /// See ``OutboxQueue``.
    package var outbox: OutboxQueue { OutboxQueue(database: self) }
    /// See ``ThreadingEntitlement``.
    package var threading: ThreadingEntitlement { ThreadingEntitlement(database: self) }
    /// See ``TransferRegister``.
    package var register: TransferRegister { TransferRegister(database: self) }
    /// See ``AuditTrail``.
    package var audit: AuditTrail { AuditTrail(database: self) }
    /// See ``RetentionLedger``.
    package var retention: RetentionLedger { RetentionLedger(database: self) }
    /// See ``ServerErasureQueue``.
    package var serverErasures: ServerErasureQueue { ServerErasureQueue(database: self) }
    /// See ``OperationsRecord``.
    package var operations: OperationsRecord { OperationsRecord(database: self) }
    /// See ``RedactionVersions``.
    package var redactions: RedactionVersions { RedactionVersions(database: self) }
    /// See ``APITokenStore``.
    package var tokens: APITokenStore { APITokenStore(database: self) }
    /// See ``PortalAccess``.
    package var portal: PortalAccess { PortalAccess(database: self) }
}

/// Tickets, their messages and what an action changes on them.
package struct TicketRepository: Sendable { let database: TicketDatabase }
/// Data subjects: their sealed personal data, consents, restriction, rectification, erasure.
package struct SubjectRepository: Sendable { let database: TicketDatabase }
/// Data-subject requests received by mail and the letters that answer them.
package struct SubjectRequestRepository: Sendable { let database: TicketDatabase }
/// Mails taken in: group commits with their checkpoints, dedupe keys and the quarantine.
package struct MailIntake: Sendable { let database: TicketDatabase }
/// Outgoing mail: queued with its ticket change, attempted, sent or failed, held and released.
package struct OutboxQueue: Sendable { let database: TicketDatabase }
/// Who may thread an answer into which ticket: reply tokens, partners, the customer's address.
package struct ThreadingEntitlement: Sendable { let database: TicketDatabase }
/// The Art. 30 transfer log.
package struct TransferRegister: Sendable { let database: TicketDatabase }
/// The privacy portal: sign-in and fresh-code challenges with their mails, and sessions.
package struct PortalAccess: Sendable { let database: TicketDatabase }
/// API tokens: their hashes, scopes, expiry and revocation.
package struct APITokenStore: Sendable { let database: TicketDatabase }
/// The hash-chained audit trail.
package struct AuditTrail: Sendable { let database: TicketDatabase }
/// Retention: legal holds, due tickets, archiving and deletion, sweeps, commercial letters.
package struct RetentionLedger: Sendable { let database: TicketDatabase }
/// Copies of erased mails still to be expunged from the mail server.
package struct ServerErasureQueue: Sendable { let database: TicketDatabase }
/// The daemon's own records: polls, sweep totals, the counts `ticketd status` and the metrics show.
package struct OperationsRecord: Sendable { let database: TicketDatabase }
/// Which redactor made the stored redacted texts, and bringing them up to date.
package struct RedactionVersions: Sendable { let database: TicketDatabase }
