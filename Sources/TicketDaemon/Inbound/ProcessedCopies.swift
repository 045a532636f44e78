package import Foundation
import Logging
package import MailTransport

/// What a sweep did about the processed copies left on the IMAP server (DESIGN §3, invariant 7).
package enum ProcessedCopiesOutcome: Sendable, Equatable {
    /// Not part of this sweep: `serve` expunges them on every poll.
    case leftToPoll
    /// There is no `[imap]` section, so there is no server holding copies.
    case notConfigured
    /// This many copies older than `purge_processed_after` were expunged.
    case expunged(Int)
    /// A dry run: this many would have been expunged.
    case wouldExpunge(Int)
    /// The server could not be reached or refused; the reason names the fix.
    case failed(String)
}

/// `ticketd sweep`'s part on the IMAP server: the processed copies older than
/// `purge_processed_after` are expunged through the same code as in every poll of `serve`
/// (``MailboxPoll/purge(_:imap:now:dryRun:)``), so that a sweep run by hand, or from a timer
/// while the daemon is stopped, reaches every copy as well.
package enum ProcessedCopies {
    /// Expunges (or, with `dryRun`, counts) the old processed copies. Never throws: a failure is
    /// logged and returned, so that the database part of the sweep still runs.
    package static func purge(_ runtime: Runtime, now: Date, dryRun: Bool) -> ProcessedCopiesOutcome {
        guard let imap = runtime.configuration.imap else { return .notConfigured }
        let session: IMAPSession
        do { session = try ServeSteps.imapSession(imap) } catch { return failed(runtime, error.description) }
        return purge(runtime, on: session, imap: imap, now: now, dryRun: dryRun)
    }

    /// ``purge(_:now:dryRun:)`` on a session already open.
    package static func purge(
        _ runtime: Runtime, on session: some MailboxCleanup, imap: Configuration.IMAP, now: Date, dryRun: Bool
    ) -> ProcessedCopiesOutcome {
        let outcome: ProcessedCopiesOutcome
        do throws(IMAPError) {
            var count = try MailboxPoll.purge(session, imap: imap, now: now, dryRun: dryRun)
            if !dryRun {
                // Copies of erased mails still queued (the server was down at erasure time) go too.
                do { count += try ServerCopyErasure.run(runtime, session: session) } catch {
                    return failed(runtime, error.description)
                }
            }
            outcome = dryRun ? .wouldExpunge(count) : .expunged(count)
        } catch .mailboxMissing(let name) where name == imap.processedMailbox {
            // Nothing was ever moved there (serve creates it on its first poll): nothing to expunge.
            outcome = dryRun ? .wouldExpunge(0) : .expunged(0)
        } catch {
            return failed(runtime, error.description)
        }
        return outcome
    }

    static func failed(_ runtime: Runtime, _ reason: String) -> ProcessedCopiesOutcome {
        runtime.logger.error("sweep.processed_copies_failed", metadata: ["error": .string(reason)])
        return .failed(reason)
    }
}
