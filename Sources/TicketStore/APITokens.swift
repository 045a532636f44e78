package import Foundation
import GRDB
package import Tickets

extension APITokenStore {
    /// Keeps a new token (its hash, never its secret) and records who made it, in one transaction.
    package func create(_ token: APIToken, secretHash: Data, actor: Actor) throws(StoreError) {
        try database.write { db in
            let taken = try Bool.fetchOne(db, sql: "SELECT 1 FROM api_tokens WHERE name = ? AND revoked_at IS NULL", arguments: [token.name]) ?? false
            if taken { throw StoreError.tokenNameTaken(token.name) }
            try db.execute(
                sql: """
                INSERT INTO api_tokens (name, secret_hash, role, queues, created_at, created_by, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                arguments: [token.name, secretHash, token.role.rawValue, Self.encode(token.queues), TicketDatabase.milliseconds(token.createdAt),
                            token.createdBy, TicketDatabase.milliseconds(token.expiresAt)]
            )
            try database.appendAudit(AuditDraft(actor: actor, action: "token.created", details: [
                "token": token.name, "role": token.role.rawValue, "queues": token.queues.joined(separator: ","),
                "expires_at": ISO8601DateFormatter().string(from: token.expiresAt),
            ]), in: db)
        }
    }

    /// Revokes the live token `name` at the store's now; refuses a name no live token has.
    package func revoke(_ name: String, actor: Actor) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                           arguments: [database.nowMilliseconds(), name])
            guard db.changesCount == 1 else { throw StoreError.tokenNotFound(name) }
            try database.appendAudit(AuditDraft(actor: actor, action: "token.revoked", details: ["token": name]), in: db)
        }
    }

    /// Every token ever made, newest first, revoked and expired ones included (the record of who
    /// could come in when).
    package func all() throws(StoreError) -> [APIToken] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY id DESC").compactMap(Self.token) }
    }

    /// The token whose secret has this hash, whatever its standing.
    package func token(secretHash: Data) throws(StoreError) -> APIToken? {
        try database.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM api_tokens WHERE secret_hash = ?"), arguments: [secretHash]).flatMap(Self.token)
        }
    }

    static func token(_ row: Row) -> APIToken? {
        guard let role = StaffRole(rawValue: row["role"]) else { return nil }
        let revoked: Int64? = row["revoked_at"]
        return APIToken(name: row["name"], role: role, queues: decode(row["queues"]), createdAt: TicketDatabase.date(row["created_at"]),
                        createdBy: row["created_by"], expiresAt: TicketDatabase.date(row["expires_at"]), revokedAt: revoked.map(TicketDatabase.date))
    }

    /// Queue names are short names without commas (the configuration checks them).
    static func encode(_ queues: [String]) -> String { queues.joined(separator: ",") }
    static func decode(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }
}
