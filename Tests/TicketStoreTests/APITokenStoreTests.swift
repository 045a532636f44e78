import Foundation
import GRDB
import Testing
@testable import TicketStore
import Tickets

/// API tokens in the store (schema v10): the hash only, one live token per name, revocation
/// recorded, every change in the audit trail.
@Suite("API tokens in the store")
struct APITokenStoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let admin = try! Actor(.staff, "adam")

    static func token(_ name: String, role: StaffRole = .department, queues: [String] = ["tv"]) -> APIToken {
        APIToken(name: name, role: role, queues: queues, createdAt: now, createdBy: admin.description, expiresAt: now.addingTimeInterval(90 * 86_400))
    }

    @Test("made, found by the hash of its secret, listed; the secret is stored nowhere")
    func createAndFind() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        var generator = SystemRandomNumberGenerator()
        let secret = APITokenSecret.random(using: &generator)
        try database.tokens.create(Self.token("crm-sync", queues: ["tv", "web"]), secretHash: secret.hash, actor: Self.admin)
        let found = try #require(try database.tokens.token(secretHash: secret.hash))
        #expect(found == Self.token("crm-sync", queues: ["tv", "web"]))
        #expect(try database.tokens.token(secretHash: APITokenSecret.random(using: &generator).hash) == nil)
        #expect(try database.tokens.all().map(\.name) == ["crm-sync"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.path)) + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(secret.value.utf8)) == nil, "the database keeps the hash, never the secret")
        let events = try database.audit.events().filter { $0.action == "token.created" }
        #expect(events.count == 1 && events[0].actor == Self.admin.description && events[0].details["queues"] == "tv,web")
    }

    @Test("one live token per name; after revocation the name may be given again, and the revoked one stays on record")
    func namesAndRevocation() throws {
        let fixture = StoreFixture()
        let database = try fixture.open()
        var generator = SystemRandomNumberGenerator()
        let first = APITokenSecret.random(using: &generator), second = APITokenSecret.random(using: &generator)
        try database.tokens.create(Self.token("crm-sync"), secretHash: first.hash, actor: Self.admin)
        #expect(throws: StoreError.tokenNameTaken("crm-sync")) {
            try database.tokens.create(Self.token("crm-sync"), secretHash: second.hash, actor: Self.admin)
        }
        try database.tokens.revoke("crm-sync", actor: Self.admin)
        #expect(try database.tokens.token(secretHash: first.hash)?.revokedAt == Self.now)
        #expect(throws: StoreError.tokenNotFound("crm-sync")) { try database.tokens.revoke("crm-sync", actor: Self.admin) }
        try database.tokens.create(Self.token("crm-sync", role: .agent, queues: []), secretHash: second.hash, actor: Self.admin)
        let all = try database.tokens.all()
        #expect(all.map(\.role) == [.agent, .department] && all.map { $0.revokedAt == nil } == [true, false])
        #expect(try database.audit.events().map(\.action).filter { $0.hasPrefix("token.") } == ["token.created", "token.revoked", "token.created"])
        #expect(try database.audit.verify().firstBreak == nil)
    }
}
