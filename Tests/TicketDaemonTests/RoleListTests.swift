import Foundation
import Testing
import Tickets
@testable import TicketDaemon

/// The ticket list in another role's view (what the staff API gives a department or marketing
/// member, issue 17): only the tickets that view may show, only in the account's queues, and
/// without the customer.
@Suite("Ticket lists in a role's view")
struct RoleListTests {
    func ids(_ text: String) throws -> [Int64] {
        let list = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        return list.compactMap { ($0["id"] as? NSNumber)?.int64Value }.sorted()
    }

    @Test("marketing lists only tickets with a standing marketing consent; a department its queues; neither sees a customer")
    func views() throws {
        let desk = try HandOffRefusalTests.Desk()
        let all = try ids(TicketView.list(desk.runtime, state: nil, queue: nil, json: true))
        #expect(all == [desk.plain, desk.marketing, desk.health].sorted())

        let marketing = try TicketView.list(desk.runtime, state: nil, queue: nil, json: true, view: .marketing)
        #expect(try ids(marketing) == [desk.marketing], "\(marketing)")
        #expect(!marketing.contains("\"customer\""))

        // Queues narrow the list: nothing is assigned yet, then one ticket goes to tv.
        #expect(try ids(TicketView.list(desk.runtime, state: nil, queue: nil, json: true, view: .department, within: ["tv"])).isEmpty)
        _ = try TicketActions.assign(desk.runtime, ticket: desk.plain, queue: "tv", actor: desk.agent)
        let department = try TicketView.list(desk.runtime, state: nil, queue: nil, json: true, view: .department, within: ["tv"])
        #expect(try ids(department) == [desk.plain], "\(department)")
        #expect(!department.contains("\"customer\""))
        #expect(try ids(TicketView.list(desk.runtime, state: nil, queue: nil, json: true, view: .department, within: ["web"])).isEmpty)
    }
}
