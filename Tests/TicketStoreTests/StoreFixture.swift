import Foundation
import Privacy
import TestSupport
import TicketStore
import Tickets

/// A fresh database in a temporary directory with a fixed master key and clock.
struct StoreFixture {
    let directory = TemporaryDirectory("ticketd-store")
    let masterKey = try! MasterKey(bytes: Data((0..<32).map { UInt8($0 * 7 % 256) }))
    var path: String { directory.file("ticketd.sqlite3") }

    func open(at path: String? = nil, key: MasterKey? = nil) throws -> TicketDatabase {
        try TicketDatabase(path: path ?? self.path, masterKey: key ?? masterKey,
                           now: { Date(timeIntervalSince1970: 1_800_000_000) })
    }
}

/// Made-up people: no real person's data is used anywhere in the tests.
enum MadeUpPeople {
    static let erika = PersonalData(
        name: "Erika Mustermann-Quellenfeld", email: "erika.quellenfeld@example.org",
        phone: "+49 30 5550 1234", postalAddress: "Heidestraße 17, 10557 Berlin"
    )
    static let max = PersonalData(
        name: "Maximilian Beispielhofer", email: "m.beispielhofer@example.net",
        phone: nil, postalAddress: nil
    )
}

extension Actor {
    static let testAgent = try! Actor(.agent, "test-agent")
}
