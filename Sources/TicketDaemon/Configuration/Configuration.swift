package import MailFormat
package import Privacy
package import Tickets

/// The whole validated configuration (DESIGN §6). A value of this type has passed every check
/// of `ticketd config check`; it is made only by ``ConfigurationLoader``.
package struct Configuration: Sendable {
    /// The configuration file it was read from.
    package var file: String
    package var storage: Storage
    package var secrets: Secrets
    package var imap: IMAP?
    package var smtp: SMTP?
    package var forms: [FormProfile]
    package var queues: [Queue]
    package var partners: [Partner]
    /// `[subject_rights]` (ConfigSections+SubjectRights.swift); ``SubjectRights/defaults`` when the section is absent.
    package var subjectRights: SubjectRights
    package var register: Register
    package var retention: Retention
    package var limits: Limits
    package var logging: Logging
    /// `[metrics]` (ConfigSections+Metrics.swift); nil when the section is absent.
    package var metrics: Metrics? = nil
    /// `[redaction]` (ConfigSections+Redaction.swift).
    package var redaction: Redaction = .standard
    /// `[[staff]]` (ConfigSections+Staff.swift): the accounts the daemon lets in.
    package var staff: [StaffAccount] = []
    /// `[api]` (ConfigSections+Staff.swift); ``API/standard`` when the section is absent.
    package var api: API = .standard
    /// `[portal]`: each person's own area on the web; nil when absent.
    package var portal: Portal? = nil

    /// Seconds between two rounds of the daemon's loops: `imap.poll_interval` (always of fixed
    /// length), or its default of 30 without an `[imap]` section.
    package var pollSeconds: Int { imap?.pollInterval.fixedSeconds ?? 30 }

    /// `[storage]`.
    package struct Storage: Sendable {
        /// The SQLite database file (absolute after loading).
        package var database: String
    }

    /// `[secrets]`.
    package struct Secrets: Sendable {
        /// Where the master key is read from.
        package var masterKeyFile: SecretReference
        /// The key itself, read once while the configuration was checked.
        package var masterKey: MasterKey
    }

    /// `[imap]`: the support mailbox.
    package struct IMAP: Sendable {
        package var url: ServerURL
        package var username: String
        package var passwordFile: SecretReference
        /// A CA bundle to verify the server with; nil means the system trust store.
        package var caFile: String?
        package var mailbox: String
        package var processedMailbox: String
        package var purgeProcessedAfter: ISO8601Duration
        package var pollInterval: ISO8601Duration
    }

    /// `[smtp]`: outgoing mail.
    package struct SMTP: Sendable {
        package var url: ServerURL
        package var username: String
        package var passwordFile: SecretReference
        package var caFile: String?
        package var from: Mailbox
        package var replyDomain: String
    }

    /// `[register]`: the controller's part of the Art. 30 record.
    package struct Register: Sendable {
        package var controller: String
        package var dpo: String
        package var supervisoryAuthority: String?
    }

    /// `[retention]`.
    package struct Retention: Sendable {
        /// Local time of the daily sweep.
        package var sweepAt: (hour: Int, minute: Int)
        /// The classes, and which tickets each claims (commercial-letter marker, queues, default).
        package var rules: RetentionRules
        package var classes: [RetentionClass] { rules.classes }
        /// The class of a ticket that no rule assigns otherwise.
        package var defaultClass: String { rules.defaultClass }
        /// How long a quarantined mail is kept (it never became a ticket, so no class applies).
        package var quarantinePeriod: ISO8601Duration
    }

    /// `[limits]`: how much of a single mail ticketd accepts; beyond it the mail is quarantined.
    package struct Limits: Sendable {
        /// The largest raw mail, in bytes (default 25 MB).
        package var maxMessageBytes: Int
        /// The deepest MIME nesting (default 32).
        package var maxMIMEDepth: Int
        /// The most MIME parts in one mail (default 1000).
        package var maxMIMEParts: Int
        /// The most mails committed in one transaction (group commit; default 100).
        package var ingestBatch: Int
        /// How long, in milliseconds, a batch waits for more mails after its first before it is
        /// committed anyway (default 200): mail that trickles in is not held back for long.
        package var ingestBatchWaitMilliseconds: Int

        /// The defaults.
        package static let standard = Limits(maxMessageBytes: 25_000_000, maxMIMEDepth: 32, maxMIMEParts: 1000,
                                             ingestBatch: 100, ingestBatchWaitMilliseconds: 200)
    }

    /// `[logging]`.
    package struct Logging: Sendable {
        package var level: LogLevel
    }
}

/// How much the daemon logs, from most to least.
package enum LogLevel: String, Sendable, CaseIterable, Comparable {
    case trace, debug, info, notice, warning, error, critical

    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
