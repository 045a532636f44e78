import Foundation
import Hummingbird
import HTTPTypes
import TicketStore
import TicketDaemon
import Tickets

/// The rest of the command line's work through the daemon: the agents' remaining ticket actions
/// and attachments, held copies, the DPO's requests, and the administrators' sweep, redaction
/// refresh, audit verification and mail import. Files stay with the caller: the command reads
/// an answer or a mail and writes an attachment or an export as the person who runs it, and the
/// daemon never opens a path a caller names.
extension StaffAPI {
    /// Custom headers of an attachment's answer: its declared media type and its SHA-256.
    static let mediaTypeHeader = HTTPField.Name("X-Ticketd-Media-Type")!
    static let digestHeader = HTTPField.Name("X-Ticketd-SHA256")!

    func workRoutes(_ router: Router<StaffContext>) {
        action("forward", operation: .changeTicket(.forward), known: ["partner", "note", "allow_sensitive", "attach", "attach_reason", "preview"],
               on: router) { id, body, account, runtime in
            try TicketActions.forward(runtime, ticket: id, partner: try body.string("partner", required: true) ?? "", note: try body.string("note", required: false),
                                      allowSensitive: try body.string("allow_sensitive", required: false), actor: Self.actor(account),
                                      preview: try body.bool("preview"), attach: try body.integers("attach"),
                                      attachReason: try body.string("attach_reason", required: false))
        }
        action("reply", operation: .changeTicket(.reply), known: ["text"], on: router) { id, body, account, runtime in
            try TicketActions.reply(runtime, ticket: id, text: try body.string("text", required: false) ?? "", source: "the answer's text", actor: Self.actor(account))
        }
        action("mark", operation: .changeTicket(.mark), known: ["commercial_letter"], on: router) { id, body, account, runtime in
            try RetentionCommands.markCommercialLetter(runtime, ticket: id, try body.bool("commercial_letter", required: true), actor: Self.actor(account))
        }
        router.get("v1/tickets/:id/attachments/:index") { request, context in
            try await respond(request, context) { account, runtime in
                guard let id = context.parameters.get("id", as: Int64.self), let index = context.parameters.get("index", as: Int.self) else {
                    return .badRequest("the ticket's and the attachment's numbers must be whole numbers")
                }
                try decide(account, .openAttachment, ticket: (id, try Self.queue(of: id, runtime)), runtime: runtime)
                return .attachment(try TicketAttachments.open(runtime, ticket: id, index: index, actor: Self.actor(account)))
            }
        }
        post("v1/outbox/:id/release", .releaseOutbox, known: [], on: router) { _, context, account, runtime in
            guard let id = context.parameters.get("id", as: Int64.self) else { throw RequestBody.Problem(description: "the outbox item's number must be a whole number") }
            return try OutboxRelease.release(runtime, id: id, actor: Self.actor(account))
        }
        read("v1/requests", .readRequests, on: router) { request, runtime in
            let text = try Self.wantsText(request)
            var now = runtime.database.now()
            if let moment = request.uri.queryParameters.get("now") {
                guard let date = ISO8601DateFormatter().date(from: String(moment)) else {
                    throw RequestBody.Problem(description: "now must be a time like 2027-06-30T00:00:00Z (ISO 8601, with its zone)")
                }
                now = date
            }
            let list = try SubjectRequestsView.list(runtime, now: now, json: !text, all: request.uri.queryParameters.get("all") == "true")
            return text ? .text(list) : .ok(list)
        }
        post("v1/requests/:id/extend", .extendRequest, known: ["reason"], on: router) { body, context, account, runtime in
            guard let id = context.parameters.get("id", as: Int64.self) else { throw RequestBody.Problem(description: "the request's number must be a whole number") }
            return try SubjectRequestsView.extend(runtime, id: id, reason: try body.string("reason", required: true) ?? "", actor: Self.actor(account))
        }
        router.post("v1/sweep") { request, context in
            guard let bytes = await Self.body(of: request) else { return Self.tooLarge }
            return try await respond(request, context) { account, runtime in
                let body: RequestBody
                do throws(RequestBody.Problem) { body = try RequestBody(bytes, known: ["dry_run", "now"]) } catch { return .badRequest(error.description) }
                try decide(account, .runSweep, runtime: runtime)
                let dryRun = try body.bool("dry_run")
                var now = runtime.database.now()
                if let moment = try body.string("now", required: false) {
                    // A sweep that erases runs on the daemon's clock: a caller's time would let data go early.
                    guard dryRun else { return .badRequest("now is for a dry run only: the daemon sweeps on its own clock") }
                    guard let date = ISO8601DateFormatter().date(from: moment) else { return .badRequest("now must be a time like 2027-06-30T00:00:00Z") }
                    now = date
                }
                let report = try Sweep.runWithServer(runtime, now: now, dryRun: dryRun)
                var fields = ["message": report.line]
                if let failure = report.serverFailure { fields["server_failure"] = failure }
                return .ok(Self.json(fields))
            }
        }
        post("v1/redaction/refresh", .refreshRedaction, known: ["batch"], on: router) { body, _, account, runtime in
            try RedactionRefresh.run(runtime, batch: try body.integer("batch") ?? 500, actor: Self.actor(account))
        }
        router.get("v1/audit/verify") { request, context in
            try await respond(request, context) { account, runtime in
                try decide(account, .verifyAudit, runtime: runtime)
                let outcome = try AuditReport.verify(runtime, json: !(try Self.wantsText(request)))
                return .ok(Self.json(["message": outcome.output, "intact": outcome.intact]))
            }
        }
        router.post("v1/ingest") { request, context in
            // One mail per request, up to the configured message size (and a byte more, to tell).
            let limit = live.current.configuration.limits.maxMessageBytes
            guard let bytes = try? Array(buffer: await request.body.collect(upTo: limit)) else {
                let message = "the mail is larger than [limits] max_message_size (\(limit) bytes): send its first \(limit) bytes with truncated=true"
                return Response(status: .contentTooLarge, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(
                    string: Self.json(["error": "too_large", "message": message, "limit": limit]))))
            }
            return try await respond(request, context) { account, runtime in
                try decide(account, .ingestFiles, runtime: runtime)
                guard !bytes.isEmpty else { return .badRequest("the body is empty: send one mail (message/rfc822)") }
                let summary = try MailIngest.take(runtime, mail: bytes, truncated: request.uri.queryParameters.get("truncated") == "true")
                guard let data = try? JSONEncoder().encode(summary) else { return .badRequest("the summary cannot be encoded") }
                return .ok(String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// `POST <path>` with a strict JSON body: an action the policy lets the account take, not
    /// about one ticket; answers `{"message": ...}`.
    func post(_ path: String, _ operation: StaffOperation, known: Set<String>, on router: Router<StaffContext>,
              _ perform: @escaping @Sendable (RequestBody, StaffContext, StaffAccount, Runtime) throws -> String) {
        router.post(RouterPath(path)) { request, context in
            guard let bytes = await Self.body(of: request) else { return Self.tooLarge }
            return try await respond(request, context) { account, runtime in
                let body: RequestBody
                do throws(RequestBody.Problem) { body = try RequestBody(bytes, known: known) } catch { return .badRequest(error.description) }
                try decide(account, operation, runtime: runtime)
                return .ok(Self.json(["message": try perform(body, context, account, runtime)]))
            }
        }
    }

    /// The queue of ticket `id`; a missing ticket is a 404 (`noSuchTicket`).
    static func queue(of id: Int64, _ runtime: Runtime) throws -> String? {
        let record: TicketRecord?
        do throws(StoreError) { record = try runtime.database.tickets.find(id) } catch { throw OperatorError.store(error) }
        guard let record else { throw OperatorError.noSuchTicket(id) }
        return record.queue
    }
}
