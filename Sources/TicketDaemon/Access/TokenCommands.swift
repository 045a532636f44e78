import Foundation
import Logging
import TicketStore
package import Tickets

/// `ticketd token create|list|revoke` (issue 17): API tokens for integrations that come in over
/// the TLS listener. A token is made with its scope (a role and queues, as a `[[staff]]` entry has)
/// and a lifetime of at most a year; its secret is shown once, here, and only its hash is kept.
package enum TokenCommands {
    /// What `token create` is asked for, as the command line and the API pass it.
    package struct Request: Sendable {
        package var name: String
        package var role: String
        package var queues: [String]
        package var days: Int

        /// The days a token lives when none are asked for: a quarter.
        package static let standardDays = 90

        /// Describes a token to make.
        package init(name: String, role: String, queues: [String], days: Int = standardDays) {
            self.name = name
            self.role = role
            self.queues = queues
            self.days = days
        }
    }

    /// Makes the token and answers with its secret, which nobody can see again.
    package static func create(_ runtime: Runtime, _ request: Request, actor: Actor, json: Bool) throws(OperatorError) -> String {
        var generator = SystemRandomNumberGenerator()
        let secret = APITokenSecret.random(using: &generator)
        let token = try validated(request, configuredQueues: runtime.configuration.queues.map(\.name), now: runtime.database.now(), actor: actor)
        do { try runtime.database.tokens.create(token, secretHash: secret.hash, actor: actor) } catch { throw .store(error) }
        runtime.logger.notice("token.created", metadata: ["token": .string(token.name), "role": .string(token.role.rawValue), "actor": .string(actor.description)])
        return render(created: token, secret: secret, json: json)
    }

    /// The token `request` describes, made by `actor` at `now`; a name, role, queue or lifetime it
    /// cannot have is refused with what it can.
    static func validated(_ request: Request, configuredQueues: [String], now: Date, actor: Actor) throws(OperatorError) -> APIToken {
        let name = request.name
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first), name.count <= 64,
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }) else {
            throw .argument(.unusable(option: "the token name", value: "'\(name)'",
                                      fix: "use up to 64 lower-case letters, digits, '-' and '_', e.g. crm-sync; it names the integration in the audit trail"))
        }
        guard let role = StaffRole(rawValue: request.role) else {
            throw .argument(.unusable(option: "--role", value: request.role, fix: "use one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        for queue in request.queues where !configuredQueues.contains(queue) {
            throw .argument(.unusable(option: "--queue", value: queue, fix: "name a configured queue (\(configuredQueues.joined(separator: ", ")))"))
        }
        if role.ticketView == nil, !request.queues.isEmpty {
            throw .argument(.unusable(option: "--queue", value: request.queues[0], fix: "role \(role.rawValue) reads no tickets: leave out --queue"))
        }
        let longest = Int(APIToken.longestLife / 86_400)
        guard (1...longest).contains(request.days) else {
            throw .argument(.outOfRange(option: "--days", value: request.days, fix: "a token lives from 1 to \(longest) days; make a new one when it ends"))
        }
        return APIToken(name: name, role: role, queues: request.queues, createdAt: now, createdBy: actor.description,
                        expiresAt: now.addingTimeInterval(Double(request.days) * 86_400))
    }

    /// Every token with its standing; never a secret (none is kept).
    package static func list(_ runtime: Runtime, json: Bool) throws(OperatorError) -> String {
        let tokens: [APIToken]
        do { tokens = try runtime.database.tokens.all() } catch { throw .store(error) }
        return render(tokens, now: runtime.database.now(), json: json)
    }

    /// Revokes the live token `name`: from now on it is refused.
    package static func revoke(_ runtime: Runtime, name: String, actor: Actor) throws(OperatorError) -> String {
        do { try runtime.database.tokens.revoke(name, actor: actor) } catch { throw .store(error) }
        runtime.logger.notice("token.revoked", metadata: ["token": .string(name), "actor": .string(actor.description)])
        return "token \(name) revoked: it is refused from now on"
    }

    static func standing(_ token: APIToken, now: Date) -> String {
        token.revokedAt != nil ? "revoked" : token.stands(at: now) ? "live" : "expired"
    }

    static func render(created token: APIToken, secret: APITokenSecret, json: Bool) -> String {
        if json {
            struct Created: Encodable {
                var name: String
                var token: String
                var role: String
                var queues: [String]
                var expires_at: String
            }
            return encodeJSON(Created(name: token.name, token: secret.value, role: token.role.rawValue, queues: token.queues,
                                      expires_at: JSONLogHandler.timestamp(token.expiresAt)))
        }
        let scope = token.queues.isEmpty ? "" : ", queues \(token.queues.joined(separator: ", "))"
        return """
        token \(token.name) created (role \(token.role.rawValue)\(scope); expires \(JSONLogHandler.timestamp(token.expiresAt))):
        \(secret.value)
        This is the only time it is shown: put it into the integration's secret store now. It is sent as "Authorization: Bearer <token>".
        """
    }

    static func render(_ tokens: [APIToken], now: Date, json: Bool) -> String {
        if json {
            struct Entry: Encodable {
                var name: String
                var role: String
                var queues: [String]
                var created_at: String
                var created_by: String
                var expires_at: String
                var revoked_at: String?
                var standing: String
            }
            return encodeJSON(tokens.map {
                Entry(name: $0.name, role: $0.role.rawValue, queues: $0.queues, created_at: JSONLogHandler.timestamp($0.createdAt), created_by: $0.createdBy,
                      expires_at: JSONLogHandler.timestamp($0.expiresAt), revoked_at: $0.revokedAt.map(JSONLogHandler.timestamp), standing: standing($0, now: now))
            })
        }
        if tokens.isEmpty { return "no API tokens: ticketd token create NAME --role ROLE makes one" }
        return (["NAME\tROLE\tQUEUES\tSTANDING\tEXPIRES\tCREATED BY"] + tokens.map {
            "\($0.name)\t\($0.role.rawValue)\t\($0.queues.isEmpty ? "all" : $0.queues.joined(separator: ","))\t\(standing($0, now: now))\t"
                + "\(JSONLogHandler.timestamp($0.expiresAt))\t\($0.createdBy)"
        }).joined(separator: "\n")
    }
}
