package import Foundation
import GRDB
import Privacy
package import MailFormat
package import Tickets

/// A sign-in or fresh-code mail ready to queue (its bytes, sealed by the store).
package struct PortalMailDraft: Sendable {
    /// `portal_sign_in` or `portal_code`.
    package var kind: String
    package var messageID: String
    package var payload: [UInt8]

    /// Describes a mail.
    package init(kind: String, messageID: String, payload: [UInt8]) {
        self.kind = kind
        self.messageID = messageID
        self.payload = payload
    }
}

/// How a person proves the mail reached them.
package enum PortalProof: Sendable {
    /// The link's POST: the token's hash.
    case link(tokenHash: Data)
    /// A typed code, in the browser that asked for it (its cookie's hash), for a sign-in or for a
    /// fresh code inside `session`.
    case code(codeHash: Data, browserHash: Data, purpose: PortalChallenge.Purpose, session: Int64?)
}

/// What a proof achieved.
package enum PortalRedemption: Sendable, Equatable {
    /// A new session (its row), for the person `subject` (nil: the address holds no data).
    case signedIn(session: Int64, subject: String?)
    /// The session may take the actions that ask for a fresh code until then.
    case steppedUp(until: Date)
    /// The challenge exists but no longer opens anything.
    case refused(PortalChallenge.Refusal)
    /// No challenge matches (an unknown link, or no code was asked for in this browser).
    case unknown
}

/// A session as stored.
package struct PortalSessionRecord: Sendable, Equatable {
    package var id: Int64
    package var session: PortalSession
    package var subjectID: Int64?
}

extension PortalAccess {
    /// Records a challenge for `email` and queues its mail in one transaction, unless the address
    /// had `limit` challenges since `windowStart` (then nothing is written and nil is returned).
    /// The address is kept only as its keyed hash; the mail is sealed under the challenge's own key.
    package func issue(
        _ challenge: PortalChallenge, to email: EmailAddress, tokenHash: Data?, codeHash: Data, browserHash: Data, session: Int64?,
        mail: PortalMailDraft, limit: Int, windowStart: Date
    ) throws(StoreError) -> (challenge: Int64, outbox: Int64)? {
        let digest = database.lookupKey.digest(of: email)
        return try database.write { db in
            let recent = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM portal_challenges WHERE email_lookup = ? AND created_at >= ?",
                                          arguments: [digest, TicketDatabase.milliseconds(windowStart)]) ?? 0
            guard recent < limit else { return nil }
            let rowKey = try RowKey.make(prefix: "P", table: "portal_challenges", masterKey: database.masterKey, in: db)
            try db.execute(sql: """
                INSERT INTO portal_challenges (purpose, email_lookup, token_hash, code_hash, browser_hash, session_id, key_owner, wrapped_key,
                                               created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [challenge.purpose.rawValue, digest, tokenHash, codeHash, browserHash, session, rowKey.owner, rowKey.wrapped,
                                 TicketDatabase.milliseconds(challenge.createdAt), TicketDatabase.milliseconds(challenge.expiresAt)])
            let challengeID = db.lastInsertedRowID
            let payload = try rowKey.seal(Data(mail.payload), record: "outbox/\(mail.messageID)", field: "payload")
            let recipient = try rowKey.seal(Data(email.description.utf8), record: "outbox/\(mail.messageID)", field: "recipient")
            try db.execute(sql: """
                INSERT INTO outbox (portal_challenge_id, recipient_kind, message_id, payload, payload_sealed, state, attempts, created_at, kind, sealed_recipient)
                VALUES (?, 'requester', ?, ?, 1, 'pending', 0, ?, ?, ?)
                """, arguments: [challengeID, mail.messageID, payload, database.nowMilliseconds(), mail.kind, recipient])
            let outbox = db.lastInsertedRowID
            let pseudonym = try String.fetchOne(db, sql: "SELECT pseudonym FROM subjects WHERE email_lookup = ?", arguments: [digest])
            try database.appendAudit(AuditDraft(actor: .system("portal"), action: "portal.mail_queued", subject: pseudonym,
                                                details: ["purpose": challenge.purpose.rawValue, "challenge": "\(challengeID)", "outbox": "\(outbox)"]), in: db)
            return (challengeID, outbox)
        }
    }

    /// Checks a proof and, when it holds, consumes its challenge and opens a session (a sign-in)
    /// or marks the session stepped up (a fresh code), all in one transaction: of two requests
    /// with the same link at once, one signs in and the other is refused as consumed.
    package func redeem(_ proof: PortalProof, newSessionHash: Data, at now: Date) throws(StoreError) -> PortalRedemption {
        try database.write { db in
            let row: Row?
            switch proof {
            case .link(let tokenHash):
                row = try Row.fetchOne(db, sql: "SELECT * FROM portal_challenges WHERE token_hash = ? AND purpose = 'sign_in'", arguments: [tokenHash])
            case .code(_, let browserHash, let purpose, let session):
                row = try Row.fetchOne(db, sql: """
                    SELECT * FROM portal_challenges WHERE browser_hash = ? AND purpose = ? AND session_id IS ?
                    ORDER BY id DESC LIMIT 1
                    """, arguments: [browserHash, purpose.rawValue, session])
            }
            guard let row else { return .unknown }
            let id: Int64 = row["id"]
            let challenge = Self.challenge(row)
            let (next, refusal): (PortalChallenge, PortalChallenge.Refusal?)
            switch proof {
            case .link: (next, refusal) = challenge.followingLink(at: now)
            case .code(let codeHash, _, _, _):
                (next, refusal) = challenge.enteringCode(matches: Self.same(codeHash, row["code_hash"]), at: now)
            }
            try db.execute(sql: "UPDATE portal_challenges SET failed_attempts = ?, consumed_at = ? WHERE id = ?",
                           arguments: [next.failedAttempts, next.consumedAt.map(TicketDatabase.milliseconds), id])
            let subjectID = try Int64.fetchOne(db, sql: "SELECT id FROM subjects WHERE email_lookup = ?", arguments: [row["email_lookup"] as Data])
            let pseudonym = try subjectID.flatMap { try String.fetchOne(db, sql: "SELECT pseudonym FROM subjects WHERE id = ?", arguments: [$0]) }
            let actor = pseudonym.flatMap { try? Actor(.portal, $0) } ?? .system("portal")
            if let refusal {
                try database.appendAudit(AuditDraft(actor: actor, action: "portal.proof_refused", subject: pseudonym,
                                                    details: ["challenge": "\(id)", "reason": refusal.rawValue]), in: db)
                return .refused(refusal)
            }
            if challenge.purpose == .stepUp, let session = row["session_id"] as Int64? {
                let until = now.addingTimeInterval(PortalSession.stepUpValid)
                try db.execute(sql: "UPDATE portal_sessions SET stepped_up_until = ?, last_seen_at = ? WHERE id = ?",
                               arguments: [TicketDatabase.milliseconds(until), TicketDatabase.milliseconds(now), session])
                try database.appendAudit(AuditDraft(actor: actor, action: "portal.stepped_up", subject: pseudonym, details: ["challenge": "\(id)"]), in: db)
                return .steppedUp(until: until)
            }
            try db.execute(sql: "INSERT INTO portal_sessions (id_hash, subject_id, email_lookup, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [newSessionHash, subjectID, row["email_lookup"] as Data, TicketDatabase.milliseconds(now), TicketDatabase.milliseconds(now)])
            let session = db.lastInsertedRowID
            try database.appendAudit(AuditDraft(actor: actor, action: "portal.signed_in", subject: pseudonym,
                                                details: ["challenge": "\(id)", "session": "\(session)", "known": "\(pseudonym != nil)"]), in: db)
            return .signedIn(session: session, subject: pseudonym)
        }
    }

    /// The session whose id has this hash, whatever its standing (the caller judges it).
    package func session(idHash: Data) throws(StoreError) -> PortalSessionRecord? {
        try database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT p.*, s.pseudonym FROM portal_sessions p LEFT JOIN subjects s ON s.id = p.subject_id WHERE p.id_hash = ?
                """, arguments: [idHash]).map(Self.session)
        }
    }

    /// Notes a request of the session at `now` (the idle timeout counts from the last one).
    package func touch(_ session: Int64, at now: Date) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: "UPDATE portal_sessions SET last_seen_at = ? WHERE id = ?", arguments: [TicketDatabase.milliseconds(now), session])
        }
    }

    /// Ends a session (signing out, or found expired).
    package func end(_ session: Int64) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: "DELETE FROM portal_sessions WHERE id = ?", arguments: [session])
        }
    }

    /// Removes what can no longer open anything: challenges older than a day (their keys went
    /// with their mails) and sessions idle for `idle` or older than a session lives. Returns the
    /// challenges and sessions removed.
    package func purge(at now: Date, idle: TimeInterval) throws(StoreError) -> (challenges: Int, sessions: Int) {
        try database.write { db in
            try db.execute(sql: "DELETE FROM portal_challenges WHERE created_at < ? AND id NOT IN (SELECT portal_challenge_id FROM outbox WHERE portal_challenge_id IS NOT NULL AND state = 'pending')",
                           arguments: [TicketDatabase.milliseconds(now.addingTimeInterval(-86_400))])
            let challenges = db.changesCount
            try db.execute(sql: "DELETE FROM portal_sessions WHERE last_seen_at < ? OR created_at < ?",
                           arguments: [TicketDatabase.milliseconds(now.addingTimeInterval(-idle)),
                                       TicketDatabase.milliseconds(now.addingTimeInterval(-PortalSession.longestLife))])
            return (challenges, db.changesCount)
        }
    }

    static func challenge(_ row: Row) -> PortalChallenge {
        PortalChallenge(purpose: PortalChallenge.Purpose(rawValue: row["purpose"]) ?? .signIn, createdAt: TicketDatabase.date(row["created_at"]),
                        expiresAt: TicketDatabase.date(row["expires_at"]), failedAttempts: row["failed_attempts"],
                        consumedAt: (row["consumed_at"] as Int64?).map(TicketDatabase.date))
    }

    static func session(_ row: Row) -> PortalSessionRecord {
        PortalSessionRecord(id: row["id"], session: PortalSession(subject: row["pseudonym"], createdAt: TicketDatabase.date(row["created_at"]),
                                                                  lastSeenAt: TicketDatabase.date(row["last_seen_at"]),
                                                                  steppedUpUntil: (row["stepped_up_until"] as Int64?).map(TicketDatabase.date)),
                            subjectID: row["subject_id"])
    }

    /// Hashes compared without stopping at the first difference (as ``PortalSecret/same(_:_:)`` compares secrets).
    static func same(_ a: Data, _ b: Data) -> Bool {
        PortalSecret.same(a.base64EncodedString(), b.base64EncodedString())
    }
}
