import Foundation
import TestSupport
import Testing
import Tickets
@testable import TicketDaemon

/// `[[staff]]` and `[api]` as `config check` reads them (issue 17): accounts with their role and
/// queues; a duplicate name or Unix user, an unknown role or queue is an error; a Unix user or
/// group this machine does not have is a warning (the check may run elsewhere).
@Suite("config check: members of staff and the API socket")
struct StaffConfigurationTests {
    /// `root` exists on every machine; `ticketd-no-such-user` on none.
    func check(_ staff: String) -> (ConfigFixture, ConfigurationReport) {
        let fixture = ConfigFixture { $0 + "\n" + staff }
        return (fixture, ConfigCheck.run(configPath: fixture.configPath, environment: [:]))
    }

    @Test("accounts are read with role and queues; [api] defaults to /run/ticketd/ticketd.sock and group ticketd-staff")
    func accounts() throws {
        let (fixture, report) = check("""
            [[staff]]
            name = "anna"
            unix_user = "root"
            role = "agent"
            queues = ["tv"]

            [[staff]]
            name = "dirk"
            unix_user = "daemon"
            role = "dpo"
            """)
        _ = fixture
        let configuration = try #require(report.configuration, "errors: \(report.errors)")
        #expect(configuration.staff == [
            StaffAccount(name: "anna", unixUser: "root", role: .agent, queues: ["tv"]),
            StaffAccount(name: "dirk", unixUser: "daemon", role: .dpo, queues: []),
        ])
        #expect(configuration.api.socket == "/run/ticketd/ticketd.sock" && configuration.api.socketGroup == "ticketd-staff")
        #expect(!report.warnings.contains { $0.keyPath.hasPrefix("staff") }, "\(report.warnings)")
    }

    @Test("a Unix user twice, a name twice, an unknown role and an unknown queue are errors naming the fix", arguments: [
        ("[[staff]]\nname = \"anna\"\nunix_user = \"root\"\nrole = \"agent\"\n[[staff]]\nname = \"berta\"\nunix_user = \"root\"\nrole = \"agent\"", "staff[1].unix_user", "already the account of staff[0]"),
        ("[[staff]]\nname = \"anna\"\nunix_user = \"root\"\nrole = \"agent\"\n[[staff]]\nname = \"anna\"\nunix_user = \"daemon\"\nrole = \"agent\"", "staff[1].name", "already used"),
        ("[[staff]]\nname = \"anna\"\nunix_user = \"root\"\nrole = \"supervisor\"", "staff[0].role", "not a role"),
        ("[[staff]]\nname = \"anna\"\nunix_user = \"root\"\nrole = \"agent\"\nqueues = [\"tv\", \"radio\"]", "staff[0].queues[1]", "no queue 'radio'"),
    ])
    func errors(staff: String, keyPath: String, message: String) {
        let (fixture, report) = check(staff)
        _ = fixture
        #expect(report.configuration == nil)
        let error = report.errors.first { $0.keyPath == keyPath }
        #expect(error?.description.contains(message) == true, "\(report.errors)")
        #expect(!(error?.fix.isEmpty ?? true))
    }

    @Test("a Unix user or a socket group this machine does not have is a warning, and the configuration stands")
    func unknownUserAndGroup() throws {
        let (fixture, report) = check("""
            [[staff]]
            name = "otto"
            unix_user = "ticketd-no-such-user"
            role = "admin"
            queues = ["tv"]

            [api]
            socket = "/tmp/ticketd-test.sock"
            socket_group = "ticketd-no-such-group"
            """)
        _ = fixture
        let configuration = try #require(report.configuration, "errors: \(report.errors)")
        #expect(configuration.api.socket == "/tmp/ticketd-test.sock")
        let keys = Set(report.warnings.map(\.keyPath))
        #expect(keys.isSuperset(of: ["staff[0].unix_user", "staff[0].queues", "api.socket_group"]), "\(report.warnings)")
    }

    @Test("a socket path of 108 bytes or more is refused (sockaddr_un)")
    func longSocketPath() {
        let (fixture, report) = check("[api]\nsocket = \"/run/\(String(repeating: "s", count: 110)).sock\"")
        _ = fixture
        #expect(report.errors.contains { $0.keyPath == "api.socket" && $0.description.contains("shorter than 108") }, "\(report.errors)")
    }

    @Test("requests_per_second: 20 by default, a whole number from 1 to 100000, anything else named")
    func requestsPerSecond() throws {
        let (defaults, standard) = check("[api]\nsocket_group = \"root\"")
        _ = defaults
        #expect(standard.configuration?.api.requestsPerSecond == 20, "\(standard.errors)")
        let (fixture, set) = check("[api]\nsocket_group = \"root\"\nrequests_per_second = 50")
        _ = fixture
        #expect(set.configuration?.api.requestsPerSecond == 50, "\(set.errors)")
        for wrong in ["0", "\"fast\""] {
            let (bad, report) = check("[api]\nrequests_per_second = \(wrong)")
            _ = bad
            #expect(report.configuration == nil && report.errors.contains { $0.keyPath == "api.requests_per_second" }, "\(report.errors)")
        }
    }
}
