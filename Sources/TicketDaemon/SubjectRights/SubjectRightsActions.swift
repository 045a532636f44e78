package import Foundation
import Logging
import MailFormat
import MailTransport
import Privacy
package import Tickets
import TicketStore
#if canImport(Glibc)
import Glibc
#endif

/// The data subject's rights from the command line (DESIGN §5): `subject export|erase|restrict|
/// unrestrict` and `consent withdraw`. Each writes an audit event (never the address: the
/// pseudonym, counts and ticket numbers), and each is idempotent. Answers name no personal value
/// either, so that they can be pasted into a ticket or a log.
package enum SubjectRightsActions {
    /// The purposes a consent can be withdrawn for.
    package static let purposes = ["processing", "marketing"]

    static func address(_ text: String) throws(OperatorError) -> EmailAddress {
        do { return try EmailAddress(parsing: text.trimmingCharacters(in: .whitespaces)) } catch {
            throw .argument(.notAnEmailAddress(option: "--email", cause: error.description))
        }
    }

    static func subject(_ runtime: Runtime, _ email: EmailAddress) throws(OperatorError) -> SubjectRecord? {
        do { return try runtime.database.subjects.find(email: email) } catch { throw .store(error) }
    }

    /// Records a request about an address ticketd holds nothing about (the answer is the same
    /// as for a known one with nothing in it).
    static func recordUnknown(_ runtime: Runtime, request: String, actor: Actor) throws(OperatorError) {
        do { try runtime.database.audit.record(AuditDraft(actor: actor, action: "subject.request_without_data", details: ["request": request])) } catch {
            throw .store(error)
        }
    }

    // MARK: - Export (Art. 15, 20)

    /// The export document of an address.
    package static func exportDocument(_ runtime: Runtime, email: String, actor: Actor, now: Date = Date()) throws(OperatorError) -> SubjectExportDocument {
        let address = try address(email)
        let suppressed: Bool
        let quarantined: [QuarantineRecord]
        do {
            suppressed = try runtime.database.subjects.isSuppressedForMarketing(address)
            quarantined = try runtime.database.intake.quarantine(from: address)
        } catch { throw .store(error) }
        guard let subject = try subject(runtime, address) else {
            try recordUnknown(runtime, request: "export", actor: actor)
            return SubjectExportDocument(nil, quarantined: quarantined, suppressed: suppressed, runtime: runtime, now: now)
        }
        do {
            let document = SubjectExportDocument(try runtime.database.subjects.dossier(of: subject), quarantined: quarantined, suppressed: suppressed,
                                                 runtime: runtime, now: now)
            try runtime.database.audit.record(AuditDraft(
                actor: actor, action: "subject.exported", subject: subject.pseudonym.rawValue, fields: PersonalField.allCases.map(\.rawValue),
                details: ["tickets": "\(document.tickets.count)", "consents": "\(document.consents.count)", "transfers": "\(document.transfers.count)"]
            ))
            return document
        } catch {
            throw .store(error)
        }
    }

    /// `subject export`: the Markdown rendering (or with `json` the JSON document) on standard
    /// output, or with `out` both written to files (PATH and PATH.md, owner-only, never over an
    /// existing file) and a summary printed.
    package static func export(_ runtime: Runtime, email: String, out: String?, json: Bool, actor: Actor) throws(OperatorError) -> String {
        let document = try exportDocument(runtime, email: email, actor: actor)
        guard let out else { return json ? document.json : document.markdown }
        return try SubjectExportFiles(document).write(to: out)
    }

    /// Writes a file readable by its owner only, through a temporary file and a rename, so that
    /// no half-written export is ever left behind.
    static func writePrivately(_ data: Data, to path: String) throws(OperatorError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.ticketd-export-\(UUID().uuidString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .unwritable(path: path, cause: String(cString: strerror(errno)), fix: "choose a --out in a directory you may write to")
        }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .unwritable(path: path, cause: String(cString: strerror(errno)), fix: "check the free space and the directory's permissions")
        }
    }

    // MARK: - Erasure (Art. 17)

    /// `subject erase`: erases everything about the person except what a hold or archive duty
    /// keeps, then expunges the copies of their mails on the IMAP server (or leaves that queued
    /// for `serve` when the server cannot be reached, and says so).
    package static func erase(_ runtime: Runtime, email: String, actor: Actor) throws(OperatorError) -> String {
        let address = try address(email)
        let subject = try subject(runtime, address)
        let (quarantined, erasure) = try eraseData(runtime, address: address, subject: subject, actor: actor, reason: "Art. 17 request")
        let quarantineLine = "erased \(quarantined.erased) quarantined mail\(quarantined.erased == 1 ? "" : "s") from this address"
        guard let subject, let erasure else {
            if quarantined.erased == 0 {
                try recordUnknown(runtime, request: "erase", actor: actor)
                return "ticketd holds no data about this address: nothing to erase"
            }
            return [quarantineLine, try expungeServerCopies(runtime, queued: quarantined.serverCopiesQueued)].joined(separator: "\n")
        }
        var lines: [String] = quarantined.erased > 0 ? [quarantineLine] : []
        let tickets = erasure.ticketsErased.isEmpty ? "no tickets" : "ticket\(erasure.ticketsErased.count == 1 ? "" : "s") \(erasure.ticketsErased.map(String.init).joined(separator: ", "))"
        lines.append("erased \(subject.pseudonym): \(tickets), \(erasure.messagesCleared) message\(erasure.messagesCleared == 1 ? "" : "s"), "
                     + "\(erasure.consentsDeleted) consent record\(erasure.consentsDeleted == 1 ? "" : "s"), \(erasure.outboxItemsDeleted) outgoing mail\(erasure.outboxItemsDeleted == 1 ? "" : "s")")
        if erasure.keyDestroyed {
            lines.append("the person's key is destroyed: nothing sealed for them can be read any more")
        } else {
            for kept in erasure.kept {
                lines.append("kept ticket \(kept.ticket): \(kept.exemption) (Art. 17(3) GDPR)")
            }
            lines.append("the person's data in the kept tickets is restricted instead (Art. 18): it appears in no list and no copy; `ticketd ticket show ID --archive` opens it")
        }
        lines.append(try expungeServerCopies(runtime, queued: erasure.serverCopiesQueued + quarantined.serverCopiesQueued))
        if !erasure.partnersNotified.isEmpty {
            lines.append("asked \(erasure.partnersNotified.count == 1 ? "partner" : "partners") \(erasure.partnersNotified.joined(separator: ", ")) to erase the copies they received "
                         + "(Art. 19 notice in the outbox; `ticketd serve` sends it, and the register shows when it was accepted)")
        }
        lines.append(erasure.walTruncated ? "the database's write-ahead log is checkpointed and truncated"
                     : "the write-ahead log could not be truncated yet (another process is reading); the next checkpoint completes it")
        return lines.joined(separator: "\n")
    }

    /// Erases what ticketd holds about an address, for `subject erase` and a confirmed request by
    /// mail alike: the quarantined mails from it, the server copies of the data-subject request
    /// mails it sent (queued), and the person with their tickets (see
    /// ``TicketDatabase/eraseSubject(_:actor:reason:)``); `erasure` is nil when ticketd knows no
    /// person with that address.
    static func eraseData(
        _ runtime: Runtime, address: EmailAddress, subject: SubjectRecord?, actor: Actor, reason: String
    ) throws(OperatorError) -> (quarantined: (erased: Int, serverCopiesQueued: Int), erasure: SubjectErasure?) {
        let quarantined: (erased: Int, serverCopiesQueued: Int)
        do {
            quarantined = try runtime.database.intake.eraseQuarantine(from: address, actor: actor)
            // Request mails never became tickets: their copies on the server are found by the
            // Message-IDs kept (sealed) with the requests.
            try runtime.database.requests.queueServerErasureOfRequestMails(from: address)
        } catch { throw .store(error) }
        guard let subject else { return (quarantined, nil) }
        let erasure: SubjectErasure
        // The notices are composed inside the erasure's transaction, from the copies it recalls;
        // one that cannot be composed rolls the erasure back and is reported as itself.
        var compositionFailure: OperatorError?
        struct NoticeNotComposed: Error {}
        do throws(StoreError) {
            erasure = try runtime.database.subjects.erase(subject.pseudonym, actor: actor, reason: reason) { copies in
                guard !copies.isEmpty, let smtp = runtime.configuration.smtp else { return [] }
                do throws(OperatorError) { return try ErasureNoticeLetters.notices(runtime, smtp: smtp, copies: copies) } catch {
                    compositionFailure = error
                    throw NoticeNotComposed()
                }
            }
        } catch {
            throw compositionFailure ?? .store(error)
        }
        runtime.logger.notice("subject.erased", metadata: [
            "subject": .string(subject.pseudonym.rawValue), "tickets": .stringConvertible(erasure.ticketsErased.count),
            "kept": .stringConvertible(erasure.kept.count), "server_copies_queued": .stringConvertible(erasure.serverCopiesQueued),
            "partners_notified": .stringConvertible(erasure.partnersNotified.count),
        ])
        return (quarantined, erasure)
    }

    /// Expunges queued server copies now, when an IMAP server is configured and reachable.
    static func expungeServerCopies(_ runtime: Runtime, queued: Int) throws(OperatorError) -> String {
        guard ServerCopyErasure.hasPending(runtime) else { return "no copies on the mail server to expunge" }
        guard let imap = runtime.configuration.imap else {
            return "\(queued) mail\(queued == 1 ? "" : "s") to expunge on the mail server are queued, but there is no [imap] section: add one, or expunge them by hand"
        }
        do {
            let expunged = try ServerCopyErasure.run(runtime, session: try ServeSteps.imapSession(imap))
            return "the mail server's copies are expunged (\(expunged) cop\(expunged == 1 ? "y" : "ies") in \(imap.mailbox) and \(imap.processedMailbox))"
        } catch {
            return "the mail server's copies could not be expunged now (\(error)); they stay queued and `ticketd serve` expunges them on its next poll"
        }
    }

    // MARK: - Restriction (Art. 18)

    /// `subject restrict` and `subject unrestrict`.
    package static func restrict(_ runtime: Runtime, email: String, restricted: Bool, actor: Actor) throws(OperatorError) -> String {
        let address = try address(email)
        guard let subject = try subject(runtime, address) else {
            try recordUnknown(runtime, request: restricted ? "restrict" : "unrestrict", actor: actor)
            return "ticketd holds no data about this address: nothing to \(restricted ? "restrict" : "unrestrict")"
        }
        let changed = try setRestriction(runtime, of: subject, restricted: restricted, actor: actor)
        switch (restricted, changed) {
        case (true, true):
            return "\(subject.pseudonym) is restricted (Art. 18): their tickets appear in no list, no view but `ticket show ID --archive`, and no outgoing copy; pending copies are held"
        case (true, false):
            return "\(subject.pseudonym) was restricted already; nothing changed"
        case (false, true):
            return "the restriction of \(subject.pseudonym) is lifted; copies held because of it are pending again"
        case (false, false):
            return "\(subject.pseudonym) was not restricted; nothing changed"
        }
    }

    /// Restricts or lifts the restriction of a person, logged; whether anything changed.
    static func setRestriction(_ runtime: Runtime, of subject: SubjectRecord, restricted: Bool, actor: Actor) throws(OperatorError) -> Bool {
        let changed: Bool
        do { changed = try runtime.database.subjects.setRestriction(of: subject, restricted: restricted, actor: actor) } catch { throw .store(error) }
        runtime.logger.notice(restricted ? "subject.restricted" : "subject.unrestricted", metadata: [
            "subject": .string(subject.pseudonym.rawValue), "changed": .stringConvertible(changed),
        ])
        return changed
    }

    // MARK: - Consent withdrawal (Art. 7(3))

    /// `consent withdraw --purpose processing|marketing`.
    package static func withdraw(_ runtime: Runtime, email: String, purpose: String, actor: Actor) throws(OperatorError) -> String {
        guard purposes.contains(purpose) else {
            throw .argument(.notAPurpose(purpose))
        }
        let address = try address(email)
        let subject = try subject(runtime, address)
        let withdrawal = try withdrawConsent(runtime, purpose: purpose, subject: subject, address: address, actor: actor)
        var lines: [String] = []
        if let subject {
            lines.append(withdrawal.withdrawn > 0
                         ? "the \(purpose) consent of \(subject.pseudonym) is withdrawn as of now (\(withdrawal.withdrawn) consent record\(withdrawal.withdrawn == 1 ? "" : "s"); the evidence stays with the withdrawal time)"
                         : "\(subject.pseudonym) has no \(purpose) consent in force; nothing to withdraw")
        } else {
            lines.append("ticketd holds no data about this address")
        }
        if !withdrawal.ticketsRestricted.isEmpty {
            lines.append("restricted their open ticket\(withdrawal.ticketsRestricted.count == 1 ? "" : "s") \(withdrawal.ticketsRestricted.map(String.init).joined(separator: ", ")): agents only, no copies")
        }
        if purpose == "marketing" {
            lines.append(withdrawal.suppressionAdded ? "the address is on the marketing suppression list: it is never used for marketing again"
                         : "the address was on the marketing suppression list already")
        }
        return lines.joined(separator: "\n")
    }

    /// Withdraws a consent for one purpose, logged.
    static func withdrawConsent(
        _ runtime: Runtime, purpose: String, subject: SubjectRecord?, address: EmailAddress, actor: Actor
    ) throws(OperatorError) -> ConsentWithdrawal {
        let withdrawal: ConsentWithdrawal
        do { withdrawal = try runtime.database.subjects.withdrawConsent(purpose: purpose, subject: subject, email: address, actor: actor) } catch { throw .store(error) }
        runtime.logger.notice("consent.withdrawn", metadata: [
            "subject": .string(subject?.pseudonym.rawValue ?? "-"), "purpose": .string(purpose), "withdrawn": .stringConvertible(withdrawal.withdrawn),
            "tickets_restricted": .stringConvertible(withdrawal.ticketsRestricted.count),
        ])
        return withdrawal
    }
}
