import Foundation
import MailFormat
import TestSupport
import Testing

/// Issue 18 through the real daemon: `serve` with `[portal]` on a TLS listener (a certificate
/// made by openssl for the test), the sign-in mail sent through the local Postfix and read from
/// the person's own mailbox on the local Dovecot, and curl as the browser, with cookie jars.
/// The person and their values are made up.
@Suite("The privacy portal through the real daemon", .serialized)
struct PortalTests {
    /// The support mailbox the daemon polls, the made-up person ticketd knows, and an address it holds nothing about.
    static let support = "portal-test@example.com", person = "portal-person@example.org", stranger = "portal-other@example.net"
    static let personName = "Petra Portalprobe", personPhone = "+49 30 5550 1818", personStreet = "Probeweg 7"

    /// The person's contact form, as the website sends it.
    static let form = """
        Date: Sun, 29 Nov 2026 09:00:00 +0100\r
        From: Elektro Beispiel Website <no-reply@example.com>\r
        Reply-To: \(personName) <\(person)>\r
        To: Support <support@example.com>\r
        Subject: Kontaktformular: Fernseher findet kein WLAN\r
        Message-ID: <portal-form-1@web.example.org>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Name: \(personName)\r
        E-Mail: \(person)\r
        Telefon: \(personPhone)\r
        Anschrift: \(personStreet), 12345 Musterstadt\r
        Nachricht: Mein Vistara 55 QX findet das WLAN nicht mehr.\r
        Einwilligung Datenverarbeitung: ja\r
        Einwilligung Produktempfehlungen: nein\r
        Formular-Version: 2.3\r

        """

    /// `serve` with the portal on a random loopback port, the person's form taken in first.
    final class Running {
        let servers: LocalMailServers
        let fixture: ConfigFixture
        let certificate: StaffSocketTests.Certificate
        let daemon: DaemonProcess
        let port: Int

        /// `socket`: the portal on this Unix socket instead of its TLS listener.
        init(socket: String? = nil, portal extra: String = "") throws {
            servers = try #require(LocalMailServers.shared, Comment(rawValue: LocalMailServers.problem))
            for user in [PortalTests.support, PortalTests.person, PortalTests.stranger] { servers.reset(user) }
            certificate = try StaffSocketTests.Certificate()
            port = Int.random(in: 40_000...44_999)
            let (port, certificate) = (port, certificate)
            let listener = socket.map { "socket = \"\($0)\"" } ?? """
                listen = "127.0.0.1:\(port)"
                certificate_file = "\(certificate.certificate)"
                key_file = "\(certificate.key)"
                """
            fixture = try ServeIntegrationTests.fixture(user: PortalTests.support, servers: servers) {
                $0 + """

                    [portal]
                    \(listener)
                    public_url = "https://127.0.0.1:\(port)"
                    \(extra)

                    """
            }
            // Mail leaves as the support account (the sample configuration's sender).
            fixture.directory.write("smtp.password", try String(contentsOfFile: servers.passwordFile(of: "support@example.com"), encoding: .utf8))
            let ingested = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, fixture.directory.write("form.eml", PortalTests.form)])
            #expect(ingested.status == 0, "\(ingested.stderr)")
            daemon = try DaemonProcess(["serve", "--config", fixture.configPath], logPath: fixture.directory.file("serve.log"))
            #expect(waitFor(30) { !daemon.events("portal.listening").isEmpty }, "the portal did not start: \(daemon.log.suffix(2000))")
        }

        func browser() -> PortalBrowser { PortalBrowser(port: port, certificate: certificate.certificate, directory: fixture.directory.path) }

        /// The sign-in mails in a mailbox, parsed, oldest first.
        func mails(_ user: String) -> [Message] {
            SendingTests.ReferenceProcessTests.mails(servers, user).map(\.message)
        }

        /// The events of the audit trail.
        func audit() throws -> [[String: Any]] {
            let result = try CommandRunner.ticketd(["audit", "log", "--json", "--config", fixture.configPath])
            return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        }

        func actions(_ name: String) throws -> [[String: Any]] { try audit().filter { $0["action"] as? String == name } }

        deinit {
            daemon.signal(SIGKILL)
            try? FileManager.default.removeItem(atPath: certificate.directory)
        }
    }

    /// The link and the code of a sign-in mail.
    static func proof(_ mail: Message) throws -> (link: String, token: String, code: String) {
        let text = mail.text
        let link = try #require(text.split(separator: "\n").first { $0.contains("/sign-in/") }.map { $0.trimmingCharacters(in: .whitespaces) }, "\(mail.subject ?? "")")
        let token = String(link.split(separator: "/").last ?? "")
        let codeLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("Or type this code") })
        let code = String(codeLine.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
        return (link, token, code)
    }

    /// The headers every answer must carry; HSTS on the TLS listener.
    static func expectStrictHeaders(_ answer: PortalBrowser.Answer, _ what: String, personal: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.header("content-security-policy") == ["default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"], "\(what)",
                sourceLocation: sourceLocation)
        #expect(answer.header("referrer-policy") == ["no-referrer"], "\(what)", sourceLocation: sourceLocation)
        #expect(answer.header("x-content-type-options") == ["nosniff"], "\(what)", sourceLocation: sourceLocation)
        #expect(answer.header("strict-transport-security").first?.hasPrefix("max-age=") == true, "\(what)", sourceLocation: sourceLocation)
        if personal { #expect(answer.header("cache-control") == ["no-store"], "\(what)", sourceLocation: sourceLocation) }
    }

    @Test("by link: a mail scanner's GET leaves the link good, the person's POST signs in, a second POST is refused; known and unknown addresses get byte-identical pages and mails; no form token, 403; signed out, the old cookie goes back to the sign-in")
    func signInByLink() throws {
        let running = try Running()
        let port = running.port

        // The sign-in form: its own pending cookie, a form token, the strict headers.
        let browser = running.browser()
        let home = browser.get("/")
        #expect(home.status == 200 && home.body.contains("<html lang=\"de\">") && home.body.contains("<label for=\"email\">"), "\(home.status) \(home.failure)")
        Self.expectStrictHeaders(home, "GET /")
        let pendingCookie = try #require(home.header("set-cookie").first { $0.hasPrefix("__Host-ticketd-pending=") })
        #expect(pendingCookie.contains("; Secure") && pendingCookie.contains("; HttpOnly") && pendingCookie.contains("SameSite=Strict") && pendingCookie.contains("Path=/"),
                "\(pendingCookie)")
        let csrf = try #require(home.csrf)
        let style = browser.get("/style.css")
        #expect(style.status == 200 && style.header("content-type").first?.hasPrefix("text/css") == true && style.body.contains(":focus-visible"))
        Self.expectStrictHeaders(style, "GET /style.css", personal: false)

        // Without the form token (or with another), nothing is sent: 403, and no mail is queued.
        let forged = browser.post("/sign-in", [("email", Self.person)])
        #expect(forged.status == 403 && forged.body.contains("<h1>"), "\(forged.status)")
        Self.expectStrictHeaders(forged, "403")
        let wrongToken = browser.post("/sign-in", [("csrf", String(repeating: "A", count: 43)), ("email", Self.person)])
        #expect(wrongToken.status == 403)
        #expect(try running.actions("portal.mail_queued").isEmpty, "a refused form queues nothing")

        // A malformed address gets the form again with its error; then known and unknown addresses
        // get the same page, byte for byte.
        let malformed = browser.post("/sign-in", [("csrf", csrf), ("email", "not-an-address")])
        #expect(malformed.status == 400 && malformed.body.contains("role=\"alert\"") && malformed.body.contains("aria-invalid=\"true\""), "\(malformed.status)")
        let known = browser.post("/sign-in", [("csrf", csrf), ("email", Self.person)])
        let unknown = browser.post("/sign-in", [("csrf", csrf), ("email", Self.stranger)])
        #expect(known.status == 200 && known.body.contains("action=\"/sign-in/code\""), "\(known.status)")
        #expect(known.body == unknown.body && known.status == unknown.status, "known and unknown addresses must get byte-identical pages")
        Self.expectStrictHeaders(known, "POST /sign-in")
        #expect(!known.body.contains(Self.person), "the page does not repeat the address")

        // Both mails arrive; they differ only in their link and code.
        #expect(waitFor(30) { running.mails(Self.person).count == 1 && running.mails(Self.stranger).count == 1 }, "\(running.daemon.log.suffix(1500))")
        let mail = try #require(running.mails(Self.person).first)
        let strangerMail = try #require(running.mails(Self.stranger).first)
        let proof = try Self.proof(mail), strangerProof = try Self.proof(strangerMail)
        #expect(proof.link == "https://127.0.0.1:\(port)/sign-in/\(proof.token)" && proof.token.count == 43 && proof.code.count == 7, "\(proof.link) \(proof.code)")
        func masked(_ text: String, _ proof: (link: String, token: String, code: String)) -> String {
            text.replacingOccurrences(of: proof.token, with: "TOKEN").replacingOccurrences(of: proof.code, with: "CODE")
        }
        #expect(masked(mail.text, proof) == masked(strangerMail.text, strangerProof) && mail.subject == strangerMail.subject,
                "the mails must differ only in link and code")

        // A mail scanner fetches the link first, twice, with no cookies: it gets the Continue page and consumes nothing.
        for _ in 1...2 {
            let scanner = running.browser().get("/sign-in/\(proof.token)")
            #expect(scanner.status == 200 && scanner.body.contains("action=\"/sign-in/link\""), "\(scanner.status)")
            Self.expectStrictHeaders(scanner, "GET link")
        }
        // The person's browser (another one: the mail app's) opens the link and continues.
        let person = running.browser()
        let linkPage = person.get("/sign-in/\(proof.token)")
        #expect(linkPage.status == 200 && PortalBrowser.Answer.field("token", in: linkPage.body) == proof.token)
        let linkCSRF = try #require(linkPage.csrf)
        // Without the form token the link is not consumed.
        #expect(person.post("/sign-in/link", [("token", proof.token)]).status == 403)
        let signedIn = person.post("/sign-in/link", [("csrf", linkCSRF), ("token", proof.token)])
        #expect(signedIn.status == 303 && signedIn.header("location") == ["/me"], "\(signedIn.status) \(signedIn.body.prefix(300))")
        let sessionCookie = try #require(signedIn.header("set-cookie").first { $0.hasPrefix("__Host-ticketd-session=") })
        #expect(sessionCookie.contains("; Secure") && sessionCookie.contains("; HttpOnly") && sessionCookie.contains("SameSite=Strict") && sessionCookie.contains("Path=/"))
        #expect(signedIn.header("set-cookie").contains { $0.hasPrefix("__Host-ticketd-pending=;") && $0.contains("Max-Age=0") }, "the pending cookie is cleared")
        #expect(!(signedIn.header("location").first ?? "").contains(proof.token))
        let session = try #require(person.cookie("__Host-ticketd-session"))
        #expect(session.count == 43)

        // The person's data: their values, their ticket, each consent's standing with its switch.
        let overview = person.get("/me")
        #expect(overview.status == 200, "\(overview.status) \(overview.body)")
        for value in [Self.person, Self.personName, Self.personPhone, Self.personStreet] {
            #expect(overview.body.contains(value), "the data page shows what is held")
        }
        #expect(overview.body.contains("<a class=\"ticket\" href=\"/me/tickets/1\">"), "\(overview.body)")
        #expect(overview.body.contains("<strong class=\"state\">nicht erteilt</strong>") && overview.body.contains("id=\"give-marketing\"")
                && overview.body.contains("id=\"withdraw-processing\""), "\(overview.body)")
        Self.expectStrictHeaders(overview, "GET /me")
        let ticket = person.get("/me/tickets/1")
        #expect(ticket.status == 200 && ticket.body.contains("Mein Vistara 55 QX findet das WLAN nicht mehr."), "\(ticket.status) \(ticket.body)")
        for guessed in ["/me/tickets/2", "/me/tickets/0", "/me/tickets/-1", "/me/tickets/1x"] {
            #expect(person.get(guessed).status == 404, "\(guessed)")
        }
        // A signed-in browser that opens the sign-in page is taken to its overview.
        #expect(person.get("/").header("location") == ["/me"])

        // The same link a second time, from yet another browser: refused with the neutral page.
        let late = running.browser()
        let lateCSRF = try #require(late.get("/sign-in/\(proof.token)").csrf)
        let again = late.post("/sign-in/link", [("csrf", lateCSRF), ("token", proof.token)])
        #expect(again.status == 400 && again.body.contains("Dieser Link oder Code funktioniert nicht mehr") && again.header("set-cookie").allSatisfy { !$0.contains("session") },
                "\(again.status)")
        // A made-up token gets the very same page.
        let madeUp = late.post("/sign-in/link", [("csrf", lateCSRF), ("token", String(repeating: "B", count: 43))])
        #expect(madeUp.status == again.status && madeUp.body == again.body)

        // Sign-out needs the session's form token; then the session is over, and the old cookie,
        // sent again by hand, is sent back to the sign-in.
        let signOutCSRF = try #require(overview.csrf)
        #expect(signOutCSRF != linkCSRF, "the session's forms carry the session's token")
        #expect(person.post("/sign-out", []).status == 403)
        #expect(person.post("/sign-out", [("csrf", linkCSRF)]).status == 403, "the pending browser's token does not sign out")
        #expect(person.get("/me").status == 200, "a refused sign-out leaves the session standing")
        let signedOut = person.post("/sign-out", [("csrf", signOutCSRF)])
        #expect(signedOut.status == 303 && signedOut.header("location") == ["/"])
        #expect(signedOut.header("set-cookie").contains { $0.hasPrefix("__Host-ticketd-session=;") && $0.contains("Max-Age=0") })
        let oldCookie = person.get("/me", cookie: "__Host-ticketd-session=\(session)")
        #expect(oldCookie.status == 303 && oldCookie.header("location") == ["/"], "\(oldCookie.status)")

        // The audit trail: two mails, one sign-in, the refused link, the sign-out, under the
        // person's pseudonym; no personal value in it or in the daemon's log, and no secret in the database.
        let queued = try running.actions("portal.mail_queued")
        #expect(queued.count == 2, "\(queued)")
        let signIns = try running.actions("portal.signed_in")
        #expect(signIns.count == 1 && (signIns.first?["actor"] as? String)?.hasPrefix("portal:") == true, "\(signIns)")
        #expect(try running.actions("portal.proof_refused").count == 1, "the consumed link (a made-up one matches no challenge)")
        #expect(try running.actions("portal.signed_out").count == 1)
        let auditText = try CommandRunner.ticketd(["audit", "log", "--json", "--config", running.fixture.configPath]).stdout
        let log = running.daemon.log
        for value in [Self.person, Self.stranger, Self.personName, Self.personPhone, Self.personStreet] {
            #expect(!auditText.contains(value) && !log.contains(value), "a personal value in the audit trail or the log")
        }
        #expect(!log.contains("\"portal.request_failed\""), "\(log.suffix(1500))")
        let database = String(decoding: ((try? Data(contentsOf: URL(fileURLWithPath: running.fixture.databasePath))) ?? Data())
                              + ((try? Data(contentsOf: URL(fileURLWithPath: running.fixture.databasePath + "-wal"))) ?? Data()), as: UTF8.self)
        for secret in [proof.token, session, strangerProof.token] {
            #expect(!database.contains(secret) && !log.contains(secret), "the database keeps hashes of tokens and sessions, never the values")
        }
        running.daemon.signal(SIGTERM)
        #expect(running.daemon.wait(seconds: 30) == 0, "\(running.daemon.log.suffix(2000))")
    }

    /// Signs the person in by code in `browser`; the session's form token.
    static func signIn(_ running: Running, _ browser: PortalBrowser, mailsBefore: Int = 0) throws -> String {
        let csrf = try #require(browser.get("/").csrf)
        #expect(browser.post("/sign-in", [("csrf", csrf), ("email", Self.person)]).status == 200)
        #expect(waitFor(30) { running.mails(Self.person).count == mailsBefore + 1 }, "\(running.daemon.log.suffix(1500))")
        let proof = try Self.proof(try #require(running.mails(Self.person).last))
        #expect(browser.post("/sign-in/code", [("csrf", csrf), ("code", proof.code)]).status == 303)
        return try #require(browser.get("/me").csrf)
    }

    /// The six-digit code of the newest mail in the person's mailbox (a fresh code comes alone).
    static func freshCode(_ running: Running, count: Int) throws -> String {
        #expect(waitFor(30) { running.mails(Self.person).count == count }, "\(running.daemon.log.suffix(1500))")
        let text = try #require(running.mails(Self.person).last).text
        #expect(!text.contains("/sign-in/"), "a fresh code comes without a link")
        return try #require(text.range(of: #"\d{3} \d{3}"#, options: .regularExpression).map { String(text[$0]) })
    }

    @Test("changes: marketing given after a fresh code from the mailbox (a wrong code changes nothing), the export equal to `subject export --json`, erasure asked for and carried out by the daemon with its answer by mail")
    func changes() throws {
        let running = try Running()
        let browser = running.browser()
        let csrf = try Self.signIn(running, browser)

        // Giving marketing consent asks for a fresh code first; nothing changes until it is typed.
        let asked = browser.post("/me/consents", [("csrf", csrf), ("purpose", "marketing"), ("choice", "give")])
        #expect(asked.status == 200 && asked.body.contains("action=\"/me/confirm\"") && asked.body.contains("name=\"choice\" value=\"give\""), "\(asked.status)")
        Self.expectStrictHeaders(asked, "POST /me/consents")
        let code = try Self.freshCode(running, count: 2)
        #expect(try running.actions("consent.given").isEmpty)
        let fields = [("csrf", csrf), ("form", "consents"), ("purpose", "marketing"), ("choice", "give")]
        let wrong = browser.post("/me/confirm", fields + [("code", code == "000 000" ? "000 001" : "000 000")])
        #expect(wrong.status == 400 && wrong.body.contains("id=\"code-error\""), "\(wrong.status)")
        #expect(browser.post("/me/confirm", fields.filter { $0.0 != "csrf" } + [("code", code)]).status == 403, "no form token, no change")
        let given = browser.post("/me/confirm", fields + [("code", code)])
        #expect(given.status == 303 && given.header("location") == ["/me?done=given.marketing"], "\(given.status) \(given.body.prefix(300))")
        let after = browser.get("/me?done=given.marketing")
        #expect(after.body.contains("id=\"notice\"") && after.body.contains("id=\"withdraw-marketing\""), "\(after.body)")
        let consent = try #require(try running.actions("consent.given").first)
        #expect((consent["actor"] as? String)?.hasPrefix("portal:S-") == true, "\(consent)")

        // The code still counts: the export downloads at once, the same document as the command's.
        let export = browser.post("/me/export", [("csrf", csrf), ("format", "json")])
        #expect(export.status == 200 && export.header("content-type").first?.hasPrefix("application/json") == true
                && export.header("content-disposition").first?.hasPrefix("attachment; filename=\"ticketd-export-") == true, "\(export.status)")
        let command = try CommandRunner.ticketd(["subject", "export", "--json", "--email", Self.person, "--config", running.fixture.configPath],
                                                environment: ["TICKETD_ACTOR": "portal-test"])
        #expect(command.status == 0, "\(command.stderr)")
        func withoutStamp(_ json: String) -> String { json.split(separator: "\n").filter { !$0.contains("\"generated_at\"") }.joined(separator: "\n") }
        #expect(withoutStamp(export.body) == withoutStamp(command.stdout), "the portal's export and `subject export --json` differ")
        #expect(export.body.contains(Self.personPhone))
        let readable = browser.post("/me/export", [("csrf", csrf), ("format", "md")])
        #expect(readable.status == 200 && readable.header("content-type").first?.hasPrefix("text/markdown") == true && readable.body.contains("# Data held about you"))

        // Erasure: received at once (the code still counts), carried out by the daemon's next round.
        let erasure = browser.post("/me/requests", [("csrf", csrf), ("kind", "erasure")])
        #expect(erasure.status == 200 && erasure.body.contains("id=\"request-received\""), "\(erasure.status) \(erasure.body)")
        #expect(waitFor(60) { (try? running.actions("subject.erased").count) == 1 }, "\(running.daemon.log.suffix(2000))")
        let gone = browser.get("/me")
        #expect(gone.status == 303 && gone.header("location") == ["/"], "the erased person's session ended with them: \(gone.status)")
        #expect(waitFor(30) { running.mails(Self.person).count == 3 }, "the answer to the request by mail")
        let received = try running.actions("request.received").first
        #expect(((received?["details"] as? [String: Any])?["via"] as? String) == "portal" && (received?["actor"] as? String)?.hasPrefix("portal:S-") == true)
        #expect(!running.daemon.log.contains(Self.person) && !running.daemon.log.contains(Self.personName))
        #expect(!running.daemon.log.contains("\"portal.request_failed\""), "\(running.daemon.log.suffix(1500))")
        running.daemon.signal(SIGTERM)
        #expect(running.daemon.wait(seconds: 30) == 0, "\(running.daemon.log.suffix(2000))")
    }

    @Test("one client's attempts: the fourth within ten minutes gets 429 with Retry-After, whatever door it tries; every answer to an address takes the same floor of time")
    func clientLimit() throws {
        let running = try Running(portal: "attempts_per_client = 3")
        let browser = running.browser()
        let csrf = try #require(browser.get("/").csrf)
        let started = Date()
        #expect(browser.post("/sign-in", [("csrf", csrf), ("email", Self.stranger)]).status == 200)
        #expect(Date().timeIntervalSince(started) >= 0.25, "the floor of a sign-in answer")
        #expect(browser.post("/sign-in/code", [("csrf", csrf), ("code", "000 000")]).status == 400)
        #expect(browser.post("/sign-in", [("csrf", csrf), ("email", Self.person)]).status == 200)
        for (path, fields) in [("/sign-in", [("csrf", csrf), ("email", Self.person)]), ("/sign-in/code", [("csrf", csrf), ("code", "000 001")]),
                               ("/sign-in/link", [("csrf", csrf), ("token", String(repeating: "A", count: 43))])] {
            let limited = browser.post(path, fields)
            #expect(limited.status == 429 && limited.header("retry-after") == ["600"] && limited.body.contains("<h1>Zu viele Versuche</h1>"), "\(path): \(limited.status)")
            Self.expectStrictHeaders(limited, "429")
        }
        // Reading pages is not an attempt.
        #expect(browser.get("/").status == 200)
        let limited = running.daemon.events("portal.client_limited")
        #expect(limited.count == 3 && limited.allSatisfy { !"\($0)".contains("127.0.0.1") }, "limited, and no client address logged: \(limited)")
        #expect(try running.actions("portal.mail_queued").count == 2, "the limited attempt queued no mail")
        running.daemon.signal(SIGTERM)
        #expect(running.daemon.wait(seconds: 30) == 0, "\(running.daemon.log.suffix(2000))")
    }

    @Test("by code: typed in the browser that asked, it signs in (an address without data sees so); in another browser it is refused; the language follows the switch, then Accept-Language")
    func signInByCode() throws {
        let running = try Running()

        // English from the browser's header; the switch to German sets the cookie.
        var browser = running.browser()
        browser.acceptLanguage = "en-GB,en;q=0.9"
        let home = browser.get("/")
        #expect(home.status == 200 && home.body.contains("<html lang=\"en\">") && home.body.contains("<h1>Sign in</h1>") && home.body.contains("href=\"/?lang=de\""),
                "\(home.status)")
        let german = browser.get("/?lang=de")
        #expect(german.body.contains("<html lang=\"de\">") && german.header("set-cookie").contains { $0.hasPrefix("lang=de;") })
        #expect(browser.get("/").body.contains("<html lang=\"de\">"), "the chosen language outlasts the header")
        #expect(browser.get("/?lang=en").body.contains("<html lang=\"en\">"))
        let csrf = try #require(home.csrf)

        // An address ticketd holds nothing about: the same mail, the same way in.
        let asked = browser.post("/sign-in", [("csrf", csrf), ("email", Self.stranger)])
        #expect(asked.status == 200 && asked.body.contains("<h1>Check your mail</h1>"), "\(asked.status)")
        #expect(waitFor(30) { running.mails(Self.stranger).count == 1 }, "\(running.daemon.log.suffix(1500))")
        let proof = try Self.proof(try #require(running.mails(Self.stranger).first))

        // The code in a browser that did not ask for it: without a pending cookie, 403; with one
        // of its own, the neutral refusal. Neither spends the person's code.
        let other = running.browser()
        #expect(other.post("/sign-in/code", [("csrf", csrf), ("code", proof.code)]).status == 403)
        let otherCSRF = try #require(other.get("/").csrf)
        let refused = other.post("/sign-in/code", [("csrf", otherCSRF), ("code", proof.code)])
        #expect(refused.status == 400 && refused.body.contains("Dieser Link oder Code funktioniert nicht mehr"), "\(refused.status)")

        // Without the form token, in the right browser: 403, and the code is not spent.
        #expect(browser.post("/sign-in/code", [("code", proof.code)]).status == 403)
        // A wrong code first (an attempt counted), then the right one, typed with its space.
        let wrong = browser.post("/sign-in/code", [("csrf", csrf), ("code", proof.code == "000 000" ? "000 001" : "000 000")])
        #expect(wrong.status == 400 && wrong.body.contains("This link or code no longer works"), "\(wrong.status)")
        let signedIn = browser.post("/sign-in/code", [("csrf", csrf), ("code", proof.code)])
        #expect(signedIn.status == 303 && signedIn.header("location") == ["/me"], "\(signedIn.status) \(signedIn.body.prefix(300))")
        let overview = browser.get("/me")
        #expect(overview.status == 200 && overview.body.contains("We hold no data about this e-mail address.") && !overview.body.contains("<dl>"), "\(overview.body)")
        #expect(browser.get("/me/tickets/1").status == 404, "an address without data opens no ticket")
        #expect(overview.body.contains("action=\"/sign-out\""))
        // The code is spent: typed again (the pending cookie is gone, so the form no longer holds), it opens nothing.
        #expect(browser.post("/sign-in/code", [("csrf", csrf), ("code", proof.code)]).status == 403)

        let refusals = try running.actions("portal.proof_refused").map { ($0["details"] as? [String: Any])?["reason"] as? String ?? "" }
        #expect(refusals == ["wrong_code"], "the other browser's code matched no challenge; the wrong code is audited: \(refusals)")
        #expect(try running.actions("portal.signed_in").first.map { ($0["details"] as? [String: Any])?["known"] as? String } == "false")
        #expect(!running.daemon.log.contains(Self.stranger))
        running.daemon.signal(SIGTERM)
        #expect(running.daemon.wait(seconds: 30) == 0, "\(running.daemon.log.suffix(2000))")
    }

    @Test("behind a reverse proxy: the portal on a 0660 Unix socket answers the same pages and headers, without HSTS (the proxy's TLS sets it)")
    func onASocket() throws {
        let directory = "/tmp/ticketd-portal-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/portal.sock"
        let running = try Running(socket: socket)
        var status = stat()
        try #require(lstat(socket, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o660 && (status.st_mode & S_IFMT) == S_IFSOCK, "\(String(status.st_mode, radix: 8))")
        let answer = Shell.run("/usr/bin/curl", ["--silent", "--include", "--max-time", "20", "--unix-socket", socket, "http://portal/"])
        let head = answer.output.components(separatedBy: "\r\n\r\n").first?.lowercased() ?? ""
        #expect(head.hasPrefix("http/1.1 200") && head.contains("content-security-policy: default-src 'self'") && head.contains("referrer-policy: no-referrer"),
                "\(head)")
        #expect(!head.contains("strict-transport-security"), "HSTS is the TLS proxy's to send")
        #expect(answer.output.contains("<h1>Anmelden</h1>"))
        let missing = Shell.run("/usr/bin/curl", ["--silent", "--write-out", "\n%{http_code}", "--max-time", "20", "--unix-socket", socket, "http://portal/nowhere"])
        #expect(missing.output.hasSuffix("\n404") && missing.output.contains("<h1>Seite nicht gefunden</h1>"), "\(missing.output.suffix(200))")
        running.daemon.signal(SIGTERM)
        #expect(running.daemon.wait(seconds: 30) == 0, "\(running.daemon.log.suffix(2000))")
    }
}
