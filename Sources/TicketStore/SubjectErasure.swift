package import Foundation
import GRDB
package import Privacy
package import Tickets

/// Why a ticket outlived the erasure of its subject (Art. 17(3)).
package enum ErasureExemption: Sendable, Hashable, CustomStringConvertible {
    /// A legal hold is in force.
    case legalHold(reason: String, until: Date?)
    /// A `restrict` retention class archived it for an archive duty (HGB §257, AO §147).
    case archiveDuty(retentionClass: String?)

    package var description: String {
        switch self {
        case .legalHold(let reason, let until):
            "legal hold (\(reason))" + (until.map { " until \(ISO8601DateFormatter().string(from: $0))" } ?? " until released")
        case .archiveDuty(let retentionClass):
            "archive duty" + (retentionClass.map { " (retention class \($0))" } ?? "")
        }
    }

    /// The kind of exemption, for records that must not carry a hold's free-text reason.
    package var auditTag: String {
        switch self {
        case .legalHold: "legal_hold"
        case .archiveDuty: "archive_duty"
        }
    }
}

/// What an erasure removed and what it had to keep (counts and ticket numbers, no content).
package struct SubjectErasure: Sendable, Hashable {
    package var pseudonym: Pseudonym
    package var ticketsErased: [Int64]
    /// Tickets kept, each with the reason; while any is kept the subject is restricted instead.
    package var kept: [KeptTicket]
    package var consentsDeleted: Int
    package var messagesCleared: Int
    package var outboxItemsDeleted: Int
    /// Mails whose copies on the IMAP server are queued to be expunged.
    package var serverCopiesQueued: Int
    /// The partners asked to erase the copies they received (Art. 19), by name.
    package var partnersNotified: [String]
    /// Whether the subject's key was destroyed (nothing had to be kept).
    package var keyDestroyed: Bool
    /// Whether the WAL checkpoint after the erasure completed (false when a reader held it back).
    package var walTruncated: Bool
}

/// A ticket an erasure kept, and why.
package struct KeptTicket: Sendable, Hashable {
    package var ticket: Int64
    package var exemption: ErasureExemption
}

extension SubjectRepository {
    /// Erases a subject (Art. 17): every ticket of theirs with its messages, attachments, outgoing
    /// mail and reply tokens, their consents, and — unless something must be kept — their personal
    /// data and key (crypto-shredding: any copy of a ciphertext left anywhere is unreadable).
    ///
    /// Tickets under a legal hold or archived by a `restrict` class are kept, sealed, and the
    /// subject is restricted instead (Art. 18(1)(c), 17(3)(b) and (e)); the result says which and
    /// why. The Message-IDs of the erased mails are queued, sealed, so that their copies on the
    /// IMAP server are expunged too (invariant 7), and every partner that received a copy of an
    /// erased ticket gets the notice `notices` composes for the copies (Art. 17(2), 19), queued
    /// in the same transaction: an erasure is never committed without them, and a notice that
    /// cannot be composed leaves everything as it was. Ends with a WAL checkpoint.
    package func erase(
        _ pseudonym: Pseudonym, actor: Actor, reason: String, notices: ([RecalledCopy]) throws -> [ErasureNoticeDraft] = { _ in [] }
    ) throws(StoreError) -> SubjectErasure {
        var erasure = try database.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM subjects WHERE pseudonym = ?", arguments: [pseudonym.rawValue]) else {
                throw StoreError.subjectNotFound(pseudonym.rawValue)
            }
            let now = database.nowMilliseconds()
            let kept = try Row.fetchAll(db, sql: """
                SELECT id, hold_reason, hold_until, archived_at, retention_class FROM tickets
                WHERE subject_id = ? AND ((hold_reason IS NOT NULL AND (hold_until IS NULL OR hold_until > ?)) OR archived_at IS NOT NULL)
                ORDER BY id
                """, arguments: [id, now]).map { row -> KeptTicket in
                if let reason = row["hold_reason"] as String?, (row["hold_until"] as Int64?).map({ $0 > now }) ?? true {
                    return KeptTicket(ticket: row["id"], exemption: .legalHold(reason: reason, until: (row["hold_until"] as Int64?).map(TicketDatabase.date)))
                }
                return KeptTicket(ticket: row["id"], exemption: .archiveDuty(retentionClass: row["retention_class"]))
            }
            let keptIDs = kept.map(\.ticket)
            // (-1 stands for "none": `x NOT IN (NULL)` would be NULL, not true.)
            let keptList = keptIDs.isEmpty ? "-1" : keptIDs.map(String.init).joined(separator: ",")
            let erased = try Int64.fetchAll(db, sql: "SELECT id FROM tickets WHERE subject_id = ? AND id NOT IN (\(keptList)) ORDER BY id", arguments: [id])
            let erasedList = erased.isEmpty ? "-1" : erased.map(String.init).joined(separator: ",")
            // Before the tickets go: the transfer log loses the link to them.
            let drafts = try notices(try database.copiesToRecall(tickets: erased, in: db))

            // The mails' Message-IDs, before their rows go: the server copies are found by them.
            var messageIDs = Set(try String.fetchAll(db, sql: """
                SELECT message_id FROM messages WHERE direction = 'inbound' AND message_id IS NOT NULL
                  AND (ticket_id IN (\(erasedList)) OR (subject_id = ? AND ticket_id NOT IN (\(keptList))))
                """, arguments: [id]))
            messageIDs.formUnion(try String.fetchAll(db, sql: """
                SELECT source_message_id FROM consents WHERE subject_id = ? AND source_message_id IS NOT NULL
                  AND (ticket_id IS NULL OR ticket_id NOT IN (\(keptList)))
                """, arguments: [id]))

            let messages = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM messages WHERE ticket_id IN (\(erasedList)) OR (subject_id = ? AND ticket_id NOT IN (\(keptList)))
                """, arguments: [id]) ?? 0
            let outbox = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM outbox WHERE ticket_id IN (\(erasedList)) OR (subject_id = ? AND (ticket_id IS NULL OR ticket_id NOT IN (\(keptList))))
                """, arguments: [id]) ?? 0
            try db.execute(sql: "DELETE FROM outbox WHERE subject_id = ? AND (ticket_id IS NULL OR ticket_id NOT IN (\(keptList)))", arguments: [id])
            // Messages of theirs in someone else's ticket lose their content and their link.
            try db.execute(sql: """
                UPDATE attachments SET sealed_filename = NULL, sealed_data = NULL
                WHERE message_id IN (SELECT id FROM messages WHERE subject_id = ? AND ticket_id NOT IN (\(keptList)))
                """, arguments: [id])
            try db.execute(sql: """
                UPDATE messages SET sealed_raw = NULL, sealed_text = NULL, sealed_subject = NULL, message_id = NULL, subject_id = NULL
                WHERE subject_id = ? AND ticket_id NOT IN (\(keptList))
                """, arguments: [id])
            // Their own tickets go whole: messages, attachments, outbox items and reply tokens cascade.
            try db.execute(sql: "DELETE FROM tickets WHERE id IN (\(erasedList))")
            try db.execute(sql: "DELETE FROM consents WHERE subject_id = ? AND (ticket_id IS NULL OR ticket_id NOT IN (\(keptList)))", arguments: [id])
            let consents = db.changesCount

            // The person's way into the portal goes too: their sessions, and the sign-in mails
            // asked for under their address (with any still queued).
            try db.execute(sql: "DELETE FROM portal_sessions WHERE subject_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM portal_challenges WHERE email_lookup = (SELECT email_lookup FROM subjects WHERE id = ?)", arguments: [id])

            let keyDestroyed = kept.isEmpty
            if keyDestroyed {
                try db.execute(sql: "DELETE FROM subject_keys WHERE subject_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM subjects WHERE id = ?", arguments: [id])
            } else {
                try db.execute(sql: "UPDATE subjects SET restricted_at = coalesce(restricted_at, ?), updated_at = ? WHERE id = ?", arguments: [now, now, id])
                try database.holdPendingMail(subject: id, reason: TicketDatabase.restrictionHoldReason, in: db)
            }
            let queued = try database.queueServerErasure(Array(messageIDs).sorted(), in: db)
            _ = try database.queueErasureNotices(drafts, at: now, in: db)
            let notified = drafts.map(\.partner)
            var details = [
                "reason": reason, "tickets_erased": erased.map(String.init).joined(separator: ","), "consents": "\(consents)",
                "messages": "\(messages)", "outbox": "\(outbox)", "key_destroyed": "\(keyDestroyed)", "server_copies_queued": "\(queued)",
            ]
            if !notified.isEmpty { details["partners_notified"] = notified.joined(separator: ",") }
            if !kept.isEmpty {
                details["kept"] = kept.map { "\($0.ticket):\($0.exemption.auditTag)" }.joined(separator: ",")
            }
            try database.appendAudit(
                AuditDraft(actor: actor, action: "subject.erased", subject: pseudonym.rawValue,
                           fields: keyDestroyed ? PersonalField.allCases.map(\.rawValue) : [PersonalField.rawMail.rawValue, PersonalField.messageText.rawValue],
                           details: details),
                in: db
            )
            return SubjectErasure(pseudonym: pseudonym, ticketsErased: erased, kept: kept, consentsDeleted: consents, messagesCleared: messages,
                                  outboxItemsDeleted: outbox, serverCopiesQueued: queued, partnersNotified: notified, keyDestroyed: keyDestroyed, walTruncated: false)
        }
        erasure.walTruncated = try database.checkpointTruncatingWAL()
        return erasure
    }
}
