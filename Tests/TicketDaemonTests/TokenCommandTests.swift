import Foundation
import Testing
import Tickets
@testable import TicketDaemon

/// What `ticketd token create` accepts (issue 17): a name the audit trail can carry, a role, the
/// configured queues (none for a role that reads no tickets), and a life of 1 to 366 days.
@Suite("token create: what a token may be")
struct TokenCommandTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let admin = try! Actor(.staff, "adam")

    func validated(_ request: TokenCommands.Request) throws(OperatorError) -> APIToken {
        try TokenCommands.validated(request, configuredQueues: ["tv", "web"], now: Self.now, actor: Self.admin)
    }

    @Test("a department token for one queue, 30 days, made by the administrator")
    func accepted() throws {
        let token = try validated(.init(name: "crm-sync", role: "department", queues: ["tv"], days: 30))
        #expect(token.role == .department && token.queues == ["tv"] && token.createdBy == "staff:adam")
        #expect(token.expiresAt == Self.now.addingTimeInterval(30 * 86_400) && token.revokedAt == nil)
        #expect(try validated(.init(name: "erp", role: "agent", queues: [])).expiresAt == Self.now.addingTimeInterval(90 * 86_400))
    }

    @Test("refused with the cause and the fix", arguments: [
        (TokenCommands.Request(name: "CRM", role: "agent", queues: []), "lower-case letters"),
        (TokenCommands.Request(name: "crm sync", role: "agent", queues: []), "lower-case letters"),
        (TokenCommands.Request(name: "", role: "agent", queues: []), "lower-case letters"),
        (TokenCommands.Request(name: String(repeating: "a", count: 65), role: "agent", queues: []), "up to 64"),
        (TokenCommands.Request(name: "crm", role: "root", queues: []), "use one of agent, department, marketing, dpo, admin"),
        (TokenCommands.Request(name: "crm", role: "department", queues: ["radio"]), "name a configured queue (tv, web)"),
        (TokenCommands.Request(name: "crm", role: "dpo", queues: ["tv"]), "reads no tickets"),
        (TokenCommands.Request(name: "crm", role: "agent", queues: [], days: 0), "1 to 366 days"),
        (TokenCommands.Request(name: "crm", role: "agent", queues: [], days: 367), "1 to 366 days"),
    ])
    func refused(request: TokenCommands.Request, cause: String) {
        do {
            _ = try validated(request)
            Issue.record("accepted: \(request.name) \(request.role)")
        } catch {
            #expect(error.description.contains(cause), "\(error.description)")
        }
    }
}
