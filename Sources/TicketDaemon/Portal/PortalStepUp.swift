import Foundation
import Logging
import MailFormat
import Privacy
import TicketStore
import Tickets

/// A fresh code for the portal's weightiest actions (issue 18): an export hands out everything,
/// an erasure cannot be undone, and a consent change alters what the person agreed to, so each
/// asks for a code mailed to the person's address just now, not only for the session. A
/// session left open on a shared computer thus exports nothing and erases nothing.
package enum PortalStepUp {
    /// Mails a six-digit code to the person's address, good for `[portal] link_valid` and only
    /// in this session. False when the address had its hourly share of mails (nothing is sent).
    package static func send(_ runtime: Runtime, person: PortalPerson, sessionSecret: String, portal: Configuration.Portal) throws(OperatorError) -> Bool {
        var generator = SystemRandomNumberGenerator()
        let code = PortalSecret.code(using: &generator)
        let now = runtime.database.now()
        let challenge = PortalChallenge(purpose: .stepUp, createdAt: now, expiresAt: now.addingTimeInterval(Double(portal.linkValid)))
        let mail = try PortalSignIn.letter(runtime, to: person.address, link: nil, code: code, minutes: portal.linkValid / 60, kind: "portal_code")
        let issued: (challenge: Int64, outbox: Int64)?
        do {
            issued = try runtime.database.portal.issue(challenge, to: person.address, tokenHash: nil, codeHash: PortalSecret.hash(code),
                                                       browserHash: PortalSecret.hash(sessionSecret), session: person.session.id, mail: mail,
                                                       limit: portal.mailsPerAddress, windowStart: now.addingTimeInterval(-3_600))
        } catch { throw .store(error) }
        runtime.logger.info(issued == nil ? "portal.mail_limited" : "portal.mail_queued", metadata: ["purpose": "step_up"])
        return issued != nil
    }

    /// The code typed in this session: true when it was right and the session now counts as
    /// fresh for ``PortalSession/stepUpValid``.
    package static func confirm(_ runtime: Runtime, person: PortalPerson, sessionSecret: String, code text: String) throws(OperatorError) -> Bool {
        guard let code = PortalSecret.normalizedCode(text) else { return false }
        let proof = PortalProof.code(codeHash: PortalSecret.hash(code), browserHash: PortalSecret.hash(sessionSecret), purpose: .stepUp, session: person.session.id)
        let redemption: PortalRedemption
        do { redemption = try runtime.database.portal.redeem(proof, newSessionHash: PortalSecret.hash(sessionSecret), at: runtime.database.now()) } catch {
            throw .store(error)
        }
        if case .steppedUp = redemption {
            runtime.logger.info("portal.stepped_up", metadata: ["session": .stringConvertible(person.session.id)])
            return true
        }
        let reason = switch redemption {
        case .refused(let refusal): refusal.rawValue
        default: "unknown"
        }
        runtime.logger.info("portal.proof_refused", metadata: ["proof": "step_up", "reason": .string(reason)])
        return false
    }
}
