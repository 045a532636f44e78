import Foundation
import Hummingbird
import Logging
import NIOCore
import Privacy
import TicketDaemon
import Tickets
import TicketStore

/// The staff API's routes (issue 17): each request is authenticated by the kernel's word on the
/// socket, checked by ``AccessPolicy`` for that account, and answered by the same use case the
/// command line calls. A denial is a 403 with the reason and the fix, and an `access.denied`
/// event in the audit trail (who, what, why; no personal value).
///
/// The use cases block on SQLite, so they run on a lane of their own, never on the pool.
struct StaffAPI: Sendable {
    let live: ReloadableRuntime
    /// How callers are known on this listener.
    let authentication: Authentication
    let lane: BlockingLane
    /// `[api] requests_per_second` for each account (20 by default), twice that at once: far above
    /// what a person or a sync job needs, low enough that one runaway loop cannot crowd out the rest.
    let limiter: AccountRateLimiter

    /// How a listener knows who calls.
    enum Authentication: Sendable {
        /// The Unix socket: the kernel's SO_PEERCRED uid, mapped to a `[[staff]]` entry.
        case peerCredentials
        /// The TLS listener: `Authorization: Bearer` with an API token.
        case bearerToken
    }

    init(live: ReloadableRuntime, authentication: Authentication = .peerCredentials, lane: BlockingLane = BlockingLane("api")) {
        self.live = live
        self.authentication = authentication
        self.lane = lane
        let rate = Double(live.current.configuration.api.requestsPerSecond)
        limiter = AccountRateLimiter(perSecond: rate, burst: 2 * rate)
    }
    /// The monotonic clock the limiter counts on.
    static let started = ContinuousClock.now

    func router() -> Router<StaffContext> {
        let router = Router(context: StaffContext.self)
        router.get("v1/me") { request, context in
            try await respond(request, context) { account, _ in
                .ok(Self.json(["account": account.name, "unix_user": account.unixUser, "role": account.role.rawValue, "queues": account.queues]))
            }
        }
        router.get("v1/tickets") { request, context in
            try await respond(request, context) { account, runtime in
                try decide(account, .listTickets, runtime: runtime)
                let state = request.uri.queryParameters.get("state")
                let queue = request.uri.queryParameters.get("queue")
                // Only roles that read tickets get here; their own view, their queues.
                let view = account.role.ticketView ?? .agent
                let text = try Self.wantsText(request)
                let listed = try TicketView.list(runtime, state: state, queue: queue, json: !text, view: view, within: AccessPolicy.listedQueues(account))
                return text ? .text(listed) : .ok(listed)
            }
        }
        router.get("v1/tickets/:id") { request, context in
            try await respond(request, context) { account, runtime in
                guard let id = context.parameters.get("id", as: Int64.self) else { return .badRequest("the ticket number must be a whole number") }
                let viewName = request.uri.queryParameters.get("view")
                guard let view = viewName.map({ Role(rawValue: String($0)) }) ?? account.role.ticketView.map(Optional.some) ?? .agent else {
                    return .badRequest("view must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let archive = request.uri.queryParameters.get("archive") == "true"
                let record: TicketRecord?
                do throws(StoreError) { record = try runtime.database.tickets.find(id) } catch { throw OperatorError.store(error) }
                // A ticket outside the account's reach and one that does not exist answer alike.
                guard let record else { throw OperatorError.noSuchTicket(id) }
                try decide(account, .showTicket(view: view, archive: archive), ticket: (id, record.queue), runtime: runtime)
                let text = try Self.wantsText(request)
                let shown = try TicketView.show(runtime, id: id, role: view, json: !text, archive: archive)
                return text ? .text(shown) : .ok(shown)
            }
        }
        action("close", operation: .changeTicket(.close), known: [], on: router) { id, _, account, runtime in
            try TicketActions.close(runtime, ticket: id, actor: Self.actor(account))
        }
        action("assign", operation: .changeTicket(.assign), known: ["queue", "preview"], on: router) { id, body, account, runtime in
            try TicketActions.assign(runtime, ticket: id, queue: try body.string("queue", required: true) ?? "", actor: Self.actor(account),
                                     preview: try body.bool("preview"))
        }
        action("hold", operation: .holdTicket, known: ["reason", "until"], on: router) { id, body, account, runtime in
            var until: Date?
            if let text = try body.string("until", required: false) {
                guard let date = ISO8601DateFormatter().date(from: text) else {
                    throw RequestBody.Problem(description: "until must be a time like 2027-06-30T00:00:00Z (ISO 8601, with its zone)")
                }
                until = date
            }
            return try RetentionCommands.hold(runtime, ticket: id, reason: try body.string("reason", required: true) ?? "", until: until, actor: Self.actor(account))
        }
        action("release", operation: .holdTicket, known: [], on: router) { id, _, account, runtime in
            try RetentionCommands.release(runtime, ticket: id, actor: Self.actor(account))
        }
        recordRoutes(router)
        workRoutes(router)
        // Tokens are made by people: a token never makes or revokes one, so the TLS listener has no such route.
        if authentication == .peerCredentials { tokenRoutes(router) }
        return router
    }

    /// A request's body, nil when it is larger than ``RequestBody/limit`` (read no further).
    static func body(of request: Request) async -> [UInt8]? {
        try? Array(buffer: await request.body.collect(upTo: RequestBody.limit))
    }

    /// The answer to a body over the limit.
    static var tooLarge: Response {
        response(.contentTooLarge, ["error": "too_large", "message": "the body is larger than \(RequestBody.limit) bytes"])
    }

    /// The audit actor of an authenticated member of staff: their account, whatever else the
    /// caller's environment says.
    static func actor(_ account: StaffAccount) throws -> Actor {
        do { return try account.actor } catch { throw OperatorError.actor(error.description) }
    }

    /// `POST /v1/tickets/{id}/<name>`: an action on one ticket, allowed by the policy for the
    /// ticket's queue, with a strict JSON body; answers `{"message": ...}` with the command's text.
    func action(
        _ name: String, operation: StaffOperation, known: Set<String>, on router: Router<StaffContext>,
        _ perform: @escaping @Sendable (Int64, RequestBody, StaffAccount, Runtime) throws -> String
    ) {
        router.post("v1/tickets/:id/\(name)") { request, context in
            guard let bytes = await Self.body(of: request) else { return Self.tooLarge }
            return try await respond(request, context) { account, runtime in
                guard let id = context.parameters.get("id", as: Int64.self) else { return .badRequest("the ticket number must be a whole number") }
                let body: RequestBody
                do throws(RequestBody.Problem) { body = try RequestBody(bytes, known: known) } catch { return .badRequest(error.description) }
                let record: TicketRecord?
                do throws(StoreError) { record = try runtime.database.tickets.find(id) } catch { throw OperatorError.store(error) }
                guard let record else { throw OperatorError.noSuchTicket(id) }
                try decide(account, operation, ticket: (id, record.queue), runtime: runtime)
                do {
                    return .ok(Self.json(["message": try perform(id, body, account, runtime)]))
                } catch let problem as RequestBody.Problem {
                    return .badRequest(problem.description)
                }
            }
        }
    }

    /// What a route answers.
    enum Answer: Sendable {
        /// 200 with a JSON document.
        case ok(String)
        /// 200 with the command line's text (`format=text`), so that a command prints through
        /// the daemon exactly what it prints on its own.
        case text(String)
        case badRequest(String)
        /// 200 with an attachment's bytes (`ticket attachment`).
        case attachment(TicketAttachments.Opened)
    }

    /// `format=text` or `format=json` (the default); anything else is a 400.
    static func wantsText(_ request: Request) throws -> Bool {
        switch request.uri.queryParameters.get("format") {
        case nil, "json": false
        case "text": true
        default: throw RequestBody.Problem(description: "format must be json or text")
        }
    }

    /// Identifies the caller, runs `body` on the lane for their account, and maps the outcome to
    /// a response: an unknown caller to 401 or 403 (audited), denials to 403 (audited), a missing
    /// ticket to 404, bad arguments to 400.
    func respond(_ request: Request, _ context: StaffContext, _ body: @escaping @Sendable (StaffAccount, Runtime) throws -> Answer) async throws -> Response {
        var credentials: UInt32?
        if authentication == .peerCredentials {
            do { credentials = try await PeerCredentials.of(context.channel).uid } catch {
                return Self.response(.unauthorized, ["error": "unidentified", "message": error.description])
            }
        }
        let peer = credentials
        let authorization = request.headers[.authorization]
        let runtime = live.current
        return await lane.run {
            let account: StaffAccount
            switch identify(peer: peer, authorization: authorization, runtime: runtime) {
            case .refused(let refusal): return refusal
            case .known(let known): account = known
            }
            if let refusal = limit(account, runtime: runtime) { return refusal }
            do {
                switch try body(account, runtime) {
                case .ok(let json): return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
                case .text(let text):
                    return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
                case .badRequest(let message): return Self.response(.badRequest, ["error": "bad_request", "message": message])
                case .attachment(let opened):
                    // Never the stored media type as Content-Type: a browser or proxy must not render what a sender declared.
                    return Response(status: .ok, headers: [
                        .contentType: "application/octet-stream", .contentDisposition: "attachment",
                        Self.mediaTypeHeader: opened.mediaType, Self.digestHeader: opened.digest,
                    ], body: .init(byteBuffer: ByteBuffer(bytes: opened.data)))
                }
            } catch let problem as RequestBody.Problem {
                return Self.response(.badRequest, ["error": "bad_request", "message": problem.description])
            } catch let denial as AccessDenial {
                return Self.response(.forbidden, ["error": "forbidden", "reason": denial.reason, "message": denial.description])
            } catch let error as OperatorError {
                return Self.response(error)
            } catch {
                return Self.response(.internalServerError, ["error": "failed", "message": ErrorCause.of(error)])
            }
        }
    }

    /// The caller's account: on the socket the Unix user's `[[staff]]` entry (403 without one),
    /// on the TLS listener the bearer token's (401 when unknown, revoked or expired). Every
    /// refusal that has a name is audited under it.
    func identify(peer: UInt32?, authorization: String?, runtime: Runtime) -> Identification {
        if let peer {
            switch StaffIdentity.account(uid: peer, staff: runtime.configuration.staff) {
            case .success(let account): return .known(account)
            case .failure(let denial):
                Self.audit(denial, actor: try? Actor(.unix, ActorResolver.userName(uid: peer) ?? "uid-\(peer)"), runtime: runtime)
                return .refused(Self.response(.forbidden, ["error": "forbidden", "reason": denial.reason, "message": denial.description]))
            }
        }
        let outcome: Result<StaffAccount, TokenIdentity.Refusal>
        do throws(StoreError) {
            outcome = try TokenIdentity.account(authorization: authorization, tokens: runtime.database.tokens, now: runtime.database.now())
        } catch {
            return .refused(Self.response(OperatorError.store(error)))
        }
        switch outcome {
        case .success(let account): return .known(account)
        case .failure(let refusal):
            if let name = refusal.token {
                Self.audit(refusal.denial, actor: try? Actor(.token, name), runtime: runtime)
            } else {
                // No name to audit under; the log says that it happened, never what was sent.
                runtime.logger.notice("access.denied", metadata: ["actor": "unknown", "reason": .string(refusal.denial.reason)])
            }
            var response = Self.response(.unauthorized, ["error": "unauthorized", "reason": refusal.denial.reason, "message": refusal.denial.description])
            // RFC 6750 §3: the scheme to use; when a token was sent, that it is not valid.
            response.headers[.wwwAuthenticate] = authorization == nil ? #"Bearer realm="ticketd""# : #"Bearer realm="ticketd", error="invalid_token""#
            return .refused(response)
        }
    }

    /// Who called: an account, or the answer that refuses them.
    enum Identification {
        case known(StaffAccount)
        case refused(Response)
    }

    /// The account's rate limit: nil when the request may go on, else the 429 that says how long to wait.
    func limit(_ account: StaffAccount, runtime: Runtime) -> Response? {
        let actor = (try? account.actor.description) ?? account.name
        let elapsed = ContinuousClock.now - Self.started
        let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard let wait = limiter.take(actor, now: now) else { return nil }
        runtime.logger.warning("api.rate_limited", metadata: ["actor": .string(actor)])
        let seconds = Int(wait.rounded(.up))
        var response = Self.response(.tooManyRequests, [
            "error": "too_many_requests",
            "message": "\(account.name) sent more than \(Int(limiter.perSecond)) requests a second: wait \(seconds) s and slow the client down",
        ])
        response.headers[.retryAfter] = "\(seconds)"
        return response
    }

    /// Asks the policy; a denial is audited before it is thrown.
    func decide(_ account: StaffAccount, _ operation: StaffOperation, ticket: (id: Int64, queue: String?)? = nil, runtime: Runtime) throws {
        do throws(AccessDenial) { try AccessPolicy.check(account, operation, ticket: ticket) } catch {
            Self.audit(error, actor: try? account.actor, operation: operation, ticket: ticket?.id, runtime: runtime)
            throw error
        }
    }

    static func audit(_ denial: AccessDenial, actor: Actor?, operation: StaffOperation? = nil, ticket: Int64? = nil, runtime: Runtime) {
        var details = ["reason": denial.reason]
        if let operation { details["operation"] = operation.description }
        do {
            try runtime.database.audit.record(AuditDraft(actor: actor ?? .system("api"), action: "access.denied", ticketID: ticket, details: details))
        } catch {
            runtime.logger.error("access.denial_not_recorded", metadata: ["error": .string(error.description)])
        }
        runtime.logger.notice("access.denied", metadata: [
            "actor": .string(actor?.description ?? "unknown"), "reason": .string(denial.reason),
        ].merging(ticket.map { ["ticket": .stringConvertible($0)] } ?? [:]) { $1 })
    }

    static func response(_ error: OperatorError) -> Response {
        switch error {
        case .noSuchTicket, .noSuchRequest, .store(.tokenNotFound), .store(.ticketNotFound), .store(.outboxItemNotFound), .store(.subjectNotFound):
            response(.notFound, ["error": "not_found", "message": error.description])
        // The request is sound but the record's state (or the installation's) does not allow it now.
        case .store(.tokenNameTaken), .notHeld, .requestClosed, .noCustomerAddress, .retention, .notConfigured, .composition:
            response(.conflict, ["error": "conflict", "message": error.description])
        case .argument, .actor: response(.badRequest, ["error": "bad_request", "message": error.description])
        case .refused: response(.forbidden, ["error": "refused", "reason": "rule", "message": error.description])
        case .configuration, .store, .unwritable, .failed: response(.internalServerError, ["error": "failed", "message": error.description])
        }
    }

    static func response(_ status: HTTPResponse.Status, _ fields: [String: String]) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json(fields))))
    }

    static func json(_ object: [String: any Sendable]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
