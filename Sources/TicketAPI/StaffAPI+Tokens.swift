import Hummingbird
import TicketDaemon
import Tickets

/// The routes of `ticketd token create|list|revoke`, on the Unix socket only: an administrator
/// makes a token as themselves; a token can never make another.
extension StaffAPI {
    func tokenRoutes(_ router: Router<StaffContext>) {
        router.get("v1/tokens") { request, context in
            try await respond(request, context) { account, runtime in
                try decide(account, .manageTokens, runtime: runtime)
                let text = try Self.wantsText(request)
                let list = try TokenCommands.list(runtime, json: !text)
                return text ? .text(list) : .ok(list)
            }
        }
        router.post("v1/tokens") { request, context in
            guard let bytes = await Self.body(of: request) else { return Self.tooLarge }
            return try await respond(request, context) { account, runtime in
                let body: RequestBody
                do throws(RequestBody.Problem) { body = try RequestBody(bytes, known: ["name", "role", "queues", "days"]) } catch {
                    return .badRequest(error.description)
                }
                try decide(account, .manageTokens, runtime: runtime)
                let asked = TokenCommands.Request(
                    name: try body.string("name", required: true) ?? "", role: try body.string("role", required: true) ?? "",
                    queues: try body.strings("queues"), days: try body.integer("days") ?? TokenCommands.Request.standardDays)
                let text = try Self.wantsText(request)
                let created = try TokenCommands.create(runtime, asked, actor: try Self.actor(account), json: !text)
                return text ? .text(created) : .ok(created)
            }
        }
        router.post("v1/tokens/:name/revoke") { request, context in
            guard let bytes = await Self.body(of: request) else { return Self.tooLarge }
            return try await respond(request, context) { account, runtime in
                do throws(RequestBody.Problem) { _ = try RequestBody(bytes, known: []) } catch { return .badRequest(error.description) }
                try decide(account, .manageTokens, runtime: runtime)
                let name = context.parameters.get("name") ?? ""
                return .ok(Self.json(["message": try TokenCommands.revoke(runtime, name: name, actor: try Self.actor(account))]))
            }
        }
    }
}
