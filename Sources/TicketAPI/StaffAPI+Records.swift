import Foundation
import Hummingbird
import TicketDaemon
import Tickets

/// The routes beyond single tickets: the records the DPO and the operators read, and the
/// subjects' rights. A person is named by their address in a POST body, never in a URL, so that
/// no access log or proxy keeps it.
extension StaffAPI {
    func recordRoutes(_ router: Router<StaffContext>) {
        read("v1/register", .readRegister, on: router) { request, runtime in
            let name: String = request.uri.queryParameters.get("format").map { String($0) } ?? "md"
            guard let format = RegisterReport.Format(rawValue: name) else {
                throw RequestBody.Problem(description: "format must be md, json or csv")
            }
            let rendered = try RegisterReport.render(runtime, format: format)
            return format == .json ? .ok(rendered) : .text(rendered)
        }
        read("v1/audit", .readAudit, on: router) { request, runtime in
            var ticket: Int64?
            if let text = request.uri.queryParameters.get("ticket") {
                guard let number = Int64(text) else { throw RequestBody.Problem(description: "ticket must be a whole number") }
                ticket = number
            }
            let text = try Self.wantsText(request)
            let log = try AuditReport.log(runtime, ticket: ticket, json: !text)
            return text ? .text(log) : .ok(log)
        }
        read("v1/status", .readStatus, on: router) { request, runtime in
            let text = try Self.wantsText(request)
            let status = try StatusView.show(runtime, json: !text)
            return text ? .text(status) : .ok(status)
        }
        read("v1/outbox", .readOutbox, on: router) { request, runtime in
            let text = try Self.wantsText(request)
            let list = try OutboxView.list(runtime, json: !text)
            return text ? .text(list) : .ok(list)
        }
        read("v1/quarantine", .readQuarantine, on: router) { request, runtime in
            let text = try Self.wantsText(request)
            let list = try QuarantineView.list(runtime, json: !text)
            return text ? .text(list) : .ok(list)
        }
        subjectAction("export", .exportSubject, known: ["email", "json", "files"], on: router) { body, actor, runtime in
            let email = try body.string("email", required: true) ?? ""
            guard try body.bool("files") else {
                return try SubjectRightsActions.export(runtime, email: email, out: nil, json: try body.bool("json"), actor: actor)
            }
            // `--out`: both renderings and the counts, for the command to write as the caller.
            let files = SubjectExportFiles(try SubjectRightsActions.exportDocument(runtime, email: email, actor: actor))
            return String(decoding: try JSONEncoder().encode(files), as: UTF8.self)
        }
        subjectAction("erase", .eraseSubject, known: ["email"], on: router) { body, actor, runtime in
            try SubjectRightsActions.erase(runtime, email: try body.string("email", required: true) ?? "", actor: actor)
        }
        subjectAction("restrict", .restrictSubject, known: ["email", "restricted"], on: router) { body, actor, runtime in
            try SubjectRightsActions.restrict(runtime, email: try body.string("email", required: true) ?? "", restricted: try body.bool("restricted"), actor: actor)
        }
        subjectAction("withdraw-consent", .withdrawConsent, known: ["email", "purpose"], on: router) { body, actor, runtime in
            try SubjectRightsActions.withdraw(runtime, email: try body.string("email", required: true) ?? "",
                                              purpose: try body.string("purpose", required: true) ?? "", actor: actor)
        }
    }

    /// `GET <path>`: a record the policy lets the account read.
    func read(_ path: String, _ operation: StaffOperation, on router: Router<StaffContext>,
              _ perform: @escaping @Sendable (Request, Runtime) throws -> Answer) {
        router.get(RouterPath(path)) { request, context in
            try await respond(request, context) { account, runtime in
                try decide(account, operation, runtime: runtime)
                return try perform(request, runtime)
            }
        }
    }

    /// `POST /v1/subjects/<name>`: one of the person's rights, with the address in the body.
    func subjectAction(_ name: String, _ operation: StaffOperation, known: Set<String>, on router: Router<StaffContext>,
                       _ perform: @escaping @Sendable (RequestBody, Actor, Runtime) throws -> String) {
        router.post(RouterPath("v1/subjects/\(name)")) { request, context in
            guard let bytes = await Self.body(of: request) else { return Self.tooLarge }
            return try await respond(request, context) { account, runtime in
                let body: RequestBody
                do throws(RequestBody.Problem) { body = try RequestBody(bytes, known: known) } catch { return .badRequest(error.description) }
                try decide(account, operation, runtime: runtime)
                return .ok(Self.json(["message": try perform(body, try Self.actor(account), runtime)]))
            }
        }
    }
}
