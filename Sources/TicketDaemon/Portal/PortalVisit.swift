import Foundation
import Logging
package import TicketStore
import Tickets

/// Who is asking, for each request to the privacy portal (issue 18, DESIGN §3 inv. 9): the
/// session its cookie names, judged by ``PortalSession/stands(at:idle:)`` with `[portal]
/// session_idle`. A standing session is touched (its idle time counts from this request, to a
/// tenth of `session_idle` or a minute); a lapsed one is ended on the spot, so that an old cookie
/// opens nothing however often it comes back.
package enum PortalVisit {
    /// The session that `sessionID` (the cookie's value) names, if it still stands.
    package static func session(_ runtime: Runtime, id sessionID: String, portal: Configuration.Portal) throws(OperatorError) -> PortalSessionRecord? {
        // What does not have a token's shape was never handed out: no lookup for it.
        guard PortalSecret.isToken(sessionID) else { return nil }
        let now = runtime.database.now()
        do {
            guard var record = try runtime.database.portal.session(idHash: PortalSecret.hash(sessionID)) else { return nil }
            guard record.session.stands(at: now, idle: TimeInterval(portal.sessionIdle)) else {
                try runtime.database.portal.end(record.id)
                runtime.logger.info("portal.session_lapsed", metadata: ["session": .stringConvertible(record.id)])
                return nil
            }
            // A write per page would serialise every visitor behind the disk; the idle time is
            // kept to a tenth of itself (at most a minute) instead.
            if now.timeIntervalSince(record.session.lastSeenAt) >= min(60, Double(portal.sessionIdle) / 10) {
                try runtime.database.portal.touch(record.id, at: now)
                record.session.lastSeenAt = now
            }
            return record
        } catch { throw .store(error) }
    }

    /// Signs out: ends the session `sessionID` names (if any), audited under the person's
    /// pseudonym. True when a session was ended.
    package static func signOut(_ runtime: Runtime, id sessionID: String) throws(OperatorError) -> Bool {
        guard PortalSecret.isToken(sessionID) else { return false }
        do {
            guard let record = try runtime.database.portal.session(idHash: PortalSecret.hash(sessionID)) else { return false }
            try runtime.database.portal.end(record.id)
            let actor = record.session.subject.flatMap { try? Actor(.portal, $0) } ?? .system("portal")
            try runtime.database.audit.record(AuditDraft(actor: actor, action: "portal.signed_out", subject: record.session.subject,
                                                         details: ["session": "\(record.id)"]))
            runtime.logger.info("portal.signed_out", metadata: ["session": .stringConvertible(record.id)])
            return true
        } catch { throw .store(error) }
    }
}
