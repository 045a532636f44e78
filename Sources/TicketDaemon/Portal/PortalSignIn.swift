import Foundation
import Logging
import MailFormat
import Privacy
package import TicketStore
import Tickets

/// Signing in to the privacy portal (issue 18): a person types an address, a mail with a one-time
/// link and a six-digit code goes out through the outbox, and the link's POST or the code typed in
/// the same browser opens a session. The answer to the address is the same whether ticketd holds
/// data about it or not, and the mail differs only in its link and code; what the session then
/// shows says whether anything is held.
package enum PortalSignIn {
    /// What the portal needs to know of the browser asking: the value of its pending cookie, so
    /// that a code is only ever compared with the challenge this browser asked for.
    package struct Browser: Sendable {
        package var secret: String
        /// Wraps a cookie's value.
        package init(secret: String) { self.secret = secret }
    }

    /// Queues a sign-in mail to `text` unless the address had its hourly share; answers the same
    /// either way (nothing on the page says which). Throws only when the text is not an address.
    package static func request(_ runtime: Runtime, email text: String, browser: Browser, portal: Configuration.Portal) throws(OperatorError) -> Bool {
        guard let address = try? EmailAddress(parsing: text.trimmingCharacters(in: .whitespaces)) else {
            throw .argument(.notAnEmailAddress(option: "the address", cause: "it is not an e-mail address"))
        }
        var generator = SystemRandomNumberGenerator()
        let token = PortalSecret.token(using: &generator)
        let code = PortalSecret.code(using: &generator)
        let now = runtime.database.now()
        let challenge = PortalChallenge(purpose: .signIn, createdAt: now, expiresAt: now.addingTimeInterval(Double(portal.linkValid)))
        let mail = try letter(runtime, to: address, link: "\(portal.publicURL)/sign-in/\(token)", code: code, minutes: portal.linkValid / 60, kind: "portal_sign_in")
        let issued: (challenge: Int64, outbox: Int64)?
        do {
            issued = try runtime.database.portal.issue(challenge, to: address, tokenHash: PortalSecret.hash(token), codeHash: PortalSecret.hash(code),
                                                       browserHash: PortalSecret.hash(browser.secret), session: nil, mail: mail,
                                                       limit: portal.mailsPerAddress, windowStart: now.addingTimeInterval(-3_600))
        } catch { throw .store(error) }
        runtime.logger.info(issued == nil ? "portal.mail_limited" : "portal.mail_queued", metadata: ["purpose": "sign_in"])
        return issued != nil
    }

    /// The link's POST: a new session when the link stands. `session` is the fresh session id the
    /// portal will set as the cookie (only its hash is stored).
    package static func followLink(_ runtime: Runtime, token: String, session: String) throws(OperatorError) -> PortalRedemption {
        guard PortalSecret.isToken(token) else { return .unknown }
        do { return try runtime.database.portal.redeem(.link(tokenHash: PortalSecret.hash(token)), newSessionHash: PortalSecret.hash(session), at: runtime.database.now()) } catch {
            throw .store(error)
        }
    }

    /// A code typed in the browser that asked for it: a new session when the code is right.
    package static func enterCode(_ runtime: Runtime, code text: String, browser: Browser, session: String) throws(OperatorError) -> PortalRedemption {
        guard let code = PortalSecret.normalizedCode(text) else { return .refused(.wrongCode) }
        let proof = PortalProof.code(codeHash: PortalSecret.hash(code), browserHash: PortalSecret.hash(browser.secret), purpose: .signIn, session: nil)
        do { return try runtime.database.portal.redeem(proof, newSessionHash: PortalSecret.hash(session), at: runtime.database.now()) } catch {
            throw .store(error)
        }
    }

    /// The mail: in German and in English, the same words for every address, with the link,
    /// the code and how long they count. Nothing in it says whether ticketd holds data.
    static func letter(_ runtime: Runtime, to address: EmailAddress, link: String?, code: String, minutes: Int, kind: String) throws(OperatorError) -> PortalMailDraft {
        guard let smtp = runtime.configuration.smtp else { throw .notConfigured(section: "smtp", consequence: "the portal cannot send its sign-in mails") }
        let spaced = String(code.prefix(3)) + " " + String(code.suffix(3))
        let controller = runtime.configuration.register.controller
        var german = ["Guten Tag,", ""]
        var english = ["Hello,", ""]
        if let link {
            german += ["mit diesem Link melden Sie sich im Datenschutzbereich von \(controller) an:", link, "",
                       "Oder geben Sie auf der Anmeldeseite diesen Code ein: \(spaced)"]
            english += ["this link signs you in to the privacy area of \(controller):", link, "",
                        "Or type this code on the sign-in page: \(spaced)"]
        } else {
            german += ["Ihr Bestätigungscode für den Datenschutzbereich von \(controller): \(spaced)"]
            english += ["Your confirmation code for the privacy area of \(controller): \(spaced)"]
        }
        german += ["", "Link und Code gelten \(minutes) Minuten und nur einmal. Wenn Sie das nicht angefordert haben, können Sie diese Nachricht ignorieren."]
        english += ["", "The link and the code are good for \(minutes) minutes, once. If you did not ask for this, you can ignore this message."]
        let body = (german + ["", "* * *", ""] + english + ["", RequestLetters.signature(runtime)]).joined(separator: "\n")
        let subject = link == nil ? "Ihr Bestätigungscode / Your confirmation code" : "Ihre Anmeldung / Signing in"
        let draft = try RequestLetters.compose(runtime, smtp: smtp, kind: kind, to: address, replyTo: nil, subject: subject, body: body, attachments: [])
        return PortalMailDraft(kind: kind, messageID: draft.messageID, payload: draft.payload)
    }
}
