import Logging
import Privacy
package import Tickets
import TicketStore

/// Brings the redacted texts and titles that departments, partners and marketing read up to the
/// installed redactor (`Redactor.version`): at the start of `serve`, before any copy is sent, and
/// with `ticketd redaction refresh`.
package enum RedactionRefresh {
    /// `ticketd redaction refresh [--batch N]`: the whole refresh, or the rest of an interrupted one.
    package static func run(_ runtime: Runtime, batch: Int, actor: Actor) throws(OperatorError) -> String {
        guard (1...100_000).contains(batch) else { throw .argument(.outOfRange(option: "--batch", value: batch, fix: "give 1 to 100000 messages per transaction")) }
        let report: RedactionRefreshReport
        do { report = try runtime.database.redactions.refresh(version: Redactor.version, batch: batch, actor: actor) } catch { throw .store(error) }
        if report.messages == 0, report.heldCopies == 0 {
            return "redacted texts are up to date (redactor version \(Redactor.version))"
        }
        return "redactor version \(Redactor.version): \(report.messages) messages redacted again, \(report.changed) changed; "
            + "\(report.heldCopies) waiting copies held for an agent (`ticketd outbox` lists them)"
    }

    /// At the start of `serve`: a failure is logged and leaves the daemon running, since the
    /// stored redacted texts stay what they were; copies are still checked by the residual-risk hold.
    static func atStart(_ runtime: Runtime) {
        do {
            let report = try runtime.database.redactions.refresh(version: Redactor.version, actor: .system("serve"))
            guard report.messages > 0 || report.heldCopies > 0 else { return }
            runtime.logger.notice("redaction.refreshed", metadata: [
                "version": .stringConvertible(Redactor.version), "messages": .stringConvertible(report.messages),
                "changed": .stringConvertible(report.changed), "copies_held": .stringConvertible(report.heldCopies),
            ])
        } catch {
            runtime.logger.error("redaction.refresh_failed", metadata: ["error": .string(error.description)])
        }
    }
}
