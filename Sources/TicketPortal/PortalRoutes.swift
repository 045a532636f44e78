import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Privacy
import TicketDaemon
import Tickets
import TicketStore

/// The portal's routes (issue 18). Each parses the request, establishes who is asking (the
/// pending browser's cookie, or the session's), calls one use case on the blocking lane, and
/// renders a page or redirects. No rule lives here: what a proof opens, whether a session stands
/// and what a person may see are decided by the use cases.
struct PortalRoutes: Sendable {
    let live: ReloadableRuntime
    /// `[portal]` as the service started with it (a reload that changes its listener is refused,
    /// and the times are read afresh from the runtime in force).
    let started: Configuration.Portal
    /// SQLite blocks: the use cases run on these lanes, never on the concurrency pool; several, so
    /// that one visitor's page does not wait for another's.
    let lane: BlockingLanes
    let pages = PortalPages()
    /// Sign-in attempts per client (`[portal] attempts_per_client` within ten minutes).
    let clientLimit: PortalClientLimit

    /// The routes, behind the headers middleware; `tls` adds HSTS.
    func router(tls: Bool) -> Router<PortalRequestContext> {
        let router = Router(context: PortalRequestContext.self)
        router.add(middleware: PortalHeaders<PortalRequestContext>(tls: tls) { request, error in failure(request, error) })
        router.get("/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
                     body: .init(byteBuffer: ByteBuffer(string: PortalStyle.css)))
        }
        router.get("/") { request, _ in await home(request) }
        router.post("/sign-in") { request, context in
            guard admitted(request, context) else { return tooMany(request) }
            return await askForMail(request)
        }
        router.get("/sign-in/code") { request, _ in codeForm(request) }
        router.get("/sign-in/:token") { request, context in linkPage(request, token: context.parameters.get("token") ?? "") }
        router.post("/sign-in/link") { request, context in
            guard admitted(request, context) else { return tooMany(request) }
            return await followLink(request)
        }
        router.post("/sign-in/code") { request, context in
            guard admitted(request, context) else { return tooMany(request) }
            return await enterCode(request)
        }
        addPersonRoutes(router)
        router.post("/sign-out") { request, _ in await signOut(request) }
        return router
    }

    // MARK: Before a session

    /// `GET /`: the address form, or the overview for a standing session. A browser without a
    /// pending cookie gets one here, so that the form can carry a token bound to it.
    func home(_ request: Request) async -> Response {
        let visitor = PortalVisitor(request)
        var cookies: [String] = []
        if let session = visitor.session {
            let standing = await onLane(visitor) { runtime, portal throws(OperatorError) in try PortalVisit.session(runtime, id: session, portal: portal) != nil }
            switch standing {
            case .done(true): return redirect("/me", visitor)
            case .done(false): cookies.append(PortalCookies.clear(PortalCookies.session))
            case .failed(let failed): return failed
            }
        }
        let pending = pendingSecret(visitor, setting: &cookies)
        return page(.signIn(csrf: PortalSecret.formToken(sessionID: pending)), visitor, switchPath: "/", cookies: cookies)
    }

    /// `POST /sign-in`: asks for the mail and answers "check your mail", the same page whether
    /// ticketd knows the address, does not, or has sent it its share of mails this hour. Only an
    /// address that is not one gets the form again, with the error.
    func askForMail(_ request: Request) async -> Response {
        let visitor = PortalVisitor(request)
        guard let form = await Self.form(request) else { return page(.forbidden, visitor, status: .contentTooLarge) }
        guard let pending = visitor.pending, PortalVisitor.formHolds(form, secret: pending) else { return refusedForm(visitor, route: "sign_in") }
        // Known and unknown addresses do the same work, but a little more or less of it could
        // still show in the time; every answer waits for the same floor, well above the work.
        let deadline = ContinuousClock.now.advanced(by: Self.signInFloor)
        let typed = form["email"] ?? ""
        let csrf = PortalSecret.formToken(sessionID: pending)
        let outcome = await onLane(visitor) { runtime, portal throws(OperatorError) -> Bool in
            do throws(OperatorError) {
                _ = try PortalSignIn.request(runtime, email: typed, browser: PortalSignIn.Browser(secret: pending), portal: portal)
                return true
            } catch {
                guard case .argument = error else { throw error }
                return false
            }
        }
        try? await Task.sleep(until: deadline, clock: .continuous)
        switch outcome {
        case .done(true): return page(.checkMail(csrf: csrf), visitor, switchPath: "/sign-in/code")
        case .done(false): return page(.signIn(csrf: csrf, typed: typed, invalid: true), visitor, status: .badRequest, switchPath: "/")
        case .failed(let failed): return failed
        }
    }

    /// How long every answer to `POST /sign-in` takes at least.
    static let signInFloor: Duration = .milliseconds(250)

    /// `GET /sign-in/code`: the code form again (after switching the language, say).
    func codeForm(_ request: Request) -> Response {
        let visitor = PortalVisitor(request)
        var cookies: [String] = []
        let pending = pendingSecret(visitor, setting: &cookies)
        return page(.checkMail(csrf: PortalSecret.formToken(sessionID: pending)), visitor, switchPath: "/sign-in/code", cookies: cookies)
    }

    /// `GET /sign-in/{token}`: the page with "Continue". It consumes nothing, so that a mail
    /// scanner fetching the link first leaves it good for the person.
    func linkPage(_ request: Request, token: String) -> Response {
        let visitor = PortalVisitor(request)
        guard PortalSecret.isToken(token) else { return page(.refused, visitor, status: .badRequest) }
        var cookies: [String] = []
        let pending = pendingSecret(visitor, setting: &cookies)
        return page(.continueLink(csrf: PortalSecret.formToken(sessionID: pending), token: token), visitor,
                    switchPath: "/sign-in/\(token)", cookies: cookies)
    }

    /// `POST /sign-in/link`: the token from the link's page opens a session, once.
    func followLink(_ request: Request) async -> Response {
        let visitor = PortalVisitor(request)
        guard let form = await Self.form(request) else { return page(.forbidden, visitor, status: .contentTooLarge) }
        guard PortalVisitor.formHolds(form, secret: visitor.pending) else { return refusedForm(visitor, route: "sign_in_link") }
        let token = form["token"] ?? ""
        let session = Self.freshSecret()
        let outcome = await onLane(visitor) { runtime, _ throws(OperatorError) in try PortalSignIn.followLink(runtime, token: token, session: session) }
        return signedIn(outcome, session: session, proof: "link", visitor)
    }

    /// `POST /sign-in/code`: the code typed in the browser that asked for the mail opens a session.
    func enterCode(_ request: Request) async -> Response {
        let visitor = PortalVisitor(request)
        guard let form = await Self.form(request) else { return page(.forbidden, visitor, status: .contentTooLarge) }
        guard let pending = visitor.pending, PortalVisitor.formHolds(form, secret: pending) else { return refusedForm(visitor, route: "sign_in_code") }
        let code = form["code"] ?? ""
        let session = Self.freshSecret()
        let outcome = await onLane(visitor) { runtime, _ throws(OperatorError) in
            try PortalSignIn.enterCode(runtime, code: code, browser: PortalSignIn.Browser(secret: pending), session: session)
        }
        return signedIn(outcome, session: session, proof: "code", visitor)
    }

    /// What a proof achieved: the session cookie and the overview, or one neutral page for every
    /// refusal (the audit trail keeps the reason).
    func signedIn(_ outcome: LaneOutcome<PortalRedemption>, session: String, proof: String, _ visitor: PortalVisitor) -> Response {
        let logger = live.current.logger
        switch outcome {
        case .failed(let failed): return failed
        case .done(.signedIn(let row, _)):
            logger.info("portal.signed_in", metadata: ["session": .stringConvertible(row), "proof": .string(proof)])
            return redirect("/me", visitor, cookies: [PortalCookies.secret(PortalCookies.session, session), PortalCookies.clear(PortalCookies.pending)])
        case .done(let other):
            let reason = switch other {
            case .refused(let refusal): refusal.rawValue
            case .unknown: "unknown"
            case .signedIn, .steppedUp: "not_a_sign_in"
            }
            logger.info("portal.proof_refused", metadata: ["proof": .string(proof), "reason": .string(reason)])
            return page(.refused, visitor, status: .badRequest)
        }
    }

    // MARK: In a session

    /// `POST /sign-out`: ends the session and drops its cookie.
    func signOut(_ request: Request) async -> Response {
        let visitor = PortalVisitor(request)
        guard let form = await Self.form(request) else { return page(.forbidden, visitor, status: .contentTooLarge) }
        guard let session = visitor.session, PortalVisitor.formHolds(form, secret: session) else { return refusedForm(visitor, route: "sign_out") }
        let outcome = await onLane(visitor) { runtime, _ throws(OperatorError) in try PortalVisit.signOut(runtime, id: session) }
        if case .failed(let failed) = outcome { return failed }
        return redirect("/", visitor, cookies: [PortalCookies.clear(PortalCookies.session)])
    }

    // MARK: Answers

    /// Whether the request's client may make one more attempt at a door (a sign-in mail, a link,
    /// a code); each one counts.
    func admitted(_ request: Request, _ context: PortalRequestContext) -> Bool {
        clientLimit.admit(request, peer: context.peer, limit: (live.current.configuration.portal ?? started).attemptsPerClient)
    }

    /// 429 for a client over its attempts: the same page whatever it tried, and when to come back.
    /// The client's address is not logged (it is personal data); that one was limited is.
    func tooMany(_ request: Request) -> Response {
        live.current.logger.notice("portal.client_limited", metadata: ["path": .string(request.uri.path)])
        var response = page(.tooMany, PortalVisitor(request), status: .tooManyRequests)
        response.headers[.retryAfter] = "\(Int(PortalClientLimit.window))"
        return response
    }

    /// What a use case on the lane came to: its value, or the error page that answers instead.
    enum LaneOutcome<Value: Sendable>: Sendable {
        case done(Value)
        case failed(Response)
    }

    /// Runs a use case on the lane with the runtime and `[portal]` in force; a failure becomes
    /// the error page (and a log line that names the cause, never a personal value).
    func onLane<T: Sendable>(_ visitor: PortalVisitor, _ work: @escaping @Sendable (Runtime, Configuration.Portal) throws(OperatorError) -> T) async -> LaneOutcome<T> {
        let runtime = live.current
        let portal = runtime.configuration.portal ?? started
        let outcome: Result<T, OperatorError> = await lane.run {
            do throws(OperatorError) { return .success(try work(runtime, portal)) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(let value): return .done(value)
        case .failure(let error):
            runtime.logger.error("portal.request_failed", metadata: ["error": .string(error.description)])
            return .failed(page(.failed, visitor, status: .internalServerError))
        }
    }

    /// A page in the visitor's language, `no-store` (the headers middleware adds the rest).
    func page(_ page: PortalPage, _ visitor: PortalVisitor, status: HTTPResponse.Status = .ok, switchPath: String = "/", cookies: [String] = []) -> Response {
        let html = pages.render(page, language: visitor.language, controller: live.current.configuration.register.controller, switchPath: switchPath)
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(string: html)))
        for cookie in cookies + (visitor.languageCookie.map { [$0] } ?? []) { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }

    /// 303 See Other: after a POST the browser asks for `location` with a GET.
    func redirect(_ location: String, _ visitor: PortalVisitor, cookies: [String] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        for cookie in cookies + (visitor.languageCookie.map { [$0] } ?? []) { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }

    /// 403 for a form without its valid token: nothing was changed.
    func refusedForm(_ visitor: PortalVisitor, route: String) -> Response {
        live.current.logger.notice("portal.form_refused", metadata: ["route": .string(route), "reason": "form_token"])
        return page(.forbidden, visitor, status: .forbidden)
    }

    /// The page for what a route threw or no route matched.
    func failure(_ request: Request, _ error: any Error) -> Response {
        let visitor = PortalVisitor(request)
        if let http = error as? HTTPError, http.status == .notFound || http.status == .methodNotAllowed {
            return page(.notFound, visitor, status: http.status)
        }
        live.current.logger.error("portal.request_failed", metadata: ["error": .string(ErrorCause.of(error))])
        return page(.failed, visitor, status: .internalServerError)
    }

    /// The pending browser's secret, made (and its cookie set) when the browser has none.
    func pendingSecret(_ visitor: PortalVisitor, setting cookies: inout [String]) -> String {
        if let pending = visitor.pending { return pending }
        let fresh = Self.freshSecret()
        cookies.append(PortalCookies.secret(PortalCookies.pending, fresh))
        return fresh
    }

    /// A new secret for a cookie: 256 bits from the system's generator.
    static func freshSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return PortalSecret.token(using: &generator)
    }

    /// The posted form, nil when it is larger than ``PortalForm/limit``.
    static func form(_ request: Request) async -> PortalForm? {
        guard let buffer = try? await request.body.collect(upTo: PortalForm.limit) else { return nil }
        return PortalForm(Array(buffer: buffer))
    }
}
