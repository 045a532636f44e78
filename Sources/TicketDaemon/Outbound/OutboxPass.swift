import Crypto
import Foundation
import Logging
import MailFormat
package import MailTransport
import Privacy
import Tickets
import TicketStore

/// What one pass over the outbox did.
package struct OutboxReport: Sendable, Equatable {
    package var sent = 0
    package var retried = 0
    package var failed = 0
}

/// Sends what is due in the outbox over one SMTP session (DESIGN §3, invariants 4-5).
///
/// Each attempt is recorded before it is made. 250: sent, the payload dropped, and for a partner
/// the transfer written into the register with the payload's SHA-256. 4xx and connection
/// failures: retried with back-off. 5xx: failed, visible in `ticketd outbox`, never retried.
/// A crash between the server's 250 and the commit sends the item again with the same
/// Message-ID, which the recipient's mail client recognises; nothing else sends an item twice.
///
/// The server is any ``MailSubmission``: the real ``SMTPSession``, or a test's scripted twin.
package enum OutboxPass {
    /// Give up after this many attempts (with back-off, about five days), as Postfix gives up on a queue file.
    static let maxAttempts = 30

    package static func run(_ runtime: Runtime, session: some MailSubmission, shouldStop: () -> Bool = { false }) throws(PollFailure) -> OutboxReport {
        guard let smtp = runtime.configuration.smtp else { return OutboxReport() }
        var report = OutboxReport()
        let logger = runtime.logger
        var generator = SystemRandomNumberGenerator()
        // Batches of 100 until nothing is due: deferred items get a later time and drop out.
        while true {
            let items: [OutboxRecord]
            do { items = try runtime.database.outbox.due() } catch { throw .store(error) }
            if items.isEmpty || shouldStop() { return report }
            for item in items {
                if shouldStop() { return report }
                do throws(StoreError) {
                    try runtime.database.outbox.beginAttempt(item.id)
                    let (recipient, message) = try runtime.database.outbox.payload(item.id)
                    let result: Result<SMTPReceipt, SMTPError>
                    do { result = .success(try session.send(from: smtp.from.address.description, to: [recipient], message: message)) } catch {
                        result = .failure(error)
                    }
                    switch result {
                    case .success(let receipt):
                        let digest = SHA256.hash(data: message).map { String(format: "%02x", $0) }.joined()
                        var transfer: TransferDraft?
                        if item.recipientKind == .partner, item.kind != erasureNoticeKind, let name = item.recipientName,
                           let partner = runtime.configuration.partners.first(where: { $0.name == name }) {
                            let pseudonym = pseudonymFor(runtime, ticket: item.ticket, domain: partner.address.normalizedDomain)
                            transfer = TransferDraft(partner: partner.name, recipient: partner.address.description, purpose: partner.purpose,
                                                     legalBasis: partner.legalBasis, dataCategories: partner.dataCategories,
                                                     thirdCountry: partner.thirdCountry, pseudonym: pseudonym)
                        }
                        try runtime.database.outbox.markSent(item.id, receipt: "\(receipt.code) \(receipt.text)", transfer: transfer, payloadSHA256: digest, actor: .system("outbox"))
                        report.sent += 1
                        let event = item.kind == erasureNoticeKind ? "subject.erasure_notice_sent" : transfer == nil ? "mail.sent" : "transfer.sent"
                        logger.info("\(event)", metadata: MailEvents.outboxMetadata(runtime, item)
                            .merging(["code": .stringConvertible(receipt.code)]) { $1 })
                    case .failure(let error):
                        if error.isRetryable && item.attempts + 1 < maxAttempts {
                            let delay = ServeSteps.backoff(failures: item.attempts + 1, using: &generator) * 15
                            try runtime.database.outbox.markRetry(item.id, error: error.description, next: runtime.database.now().addingTimeInterval(delay))
                            report.retried += 1
                            logger.warning("mail.deferred", metadata: MailEvents.outboxMetadata(runtime, item).merging([
                                "error": .string(error.description), "retry_in_seconds": .stringConvertible(Int(delay)),
                            ]) { $1 })
                            // The server is unreachable: the other items would only fail the same way now.
                            if case .connectionFailed = error { return report }
                            if case .timeout = error { return report }
                        } else {
                            try runtime.database.outbox.markFailed(item.id, error: error.description, actor: .system("outbox"))
                            report.failed += 1
                            logger.error("mail.failed", metadata: MailEvents.outboxMetadata(runtime, item).merging(["error": .string(error.description)]) { $1 })
                        }
                    }
                } catch {
                    throw .store(error)
                }
            }
        }
    }

    /// The pseudonym the copy used: the same derivation as when it was built.
    static func pseudonymFor(_ runtime: Runtime, ticket: Int64?, domain: String) -> String {
        guard let ticket, let record = try? runtime.database.tickets.find(ticket), let subject = record.subject else { return "(anonymized)" }
        return RecipientPseudonymKey(master: runtime.masterKey).pseudonym(for: subject, domain: domain)
    }
}
