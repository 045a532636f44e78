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

/// `[api] listen`, `certificate_file`, `key_file`: the TLS listener is all three or none, on an IP
/// address, with a readable PEM certificate; there is no plaintext TCP listener to configure.
@Suite("config check: the API's TLS listener")
struct TLSListenerConfigurationTests {
    /// A fixture with a (syntactically) PEM certificate and a key file of `keyMode`.
    func check(_ api: String, keyMode: Int16 = 0o600) -> (ConfigFixture, ConfigurationReport) {
        let fixture = ConfigFixture { $0 + "\n[api]\n" + api }
        fixture.directory.write("api.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        fixture.directory.write("api.key", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")
        chmod(fixture.directory.file("api.key"), mode_t(keyMode))
        return (fixture, ConfigCheck.run(configPath: fixture.configPath, environment: [:]))
    }

    @Test("an address and port with its certificate and key; IPv6 in brackets")
    func accepted() throws {
        for (listen, host) in [("127.0.0.1:8443", "127.0.0.1"), ("[::1]:8443", "::1")] {
            let (fixture, report) = check("listen = \"\(listen)\"\ncertificate_file = \"api.crt\"\nkey_file = \"api.key\"")
            let tls = try #require(report.configuration?.api.tls, "errors: \(report.errors)")
            #expect(tls == Configuration.TLSListener(host: host, port: 8443, certificateFile: fixture.directory.file("api.crt"), keyFile: fixture.directory.file("api.key")))
            #expect(report.warnings.isEmpty, "\(report.warnings)")
        }
        let (_, none) = check("socket_group = \"root\"")
        #expect(none.configuration?.api.tls == nil)
    }

    @Test("refused with the key and the fix", arguments: [
        ("listen = \"localhost:8443\"\ncertificate_file = \"api.crt\"\nkey_file = \"api.key\"", "api.listen", "not an IP address and port"),
        ("listen = \"127.0.0.1:0\"\ncertificate_file = \"api.crt\"\nkey_file = \"api.key\"", "api.listen", "not an IP address and port"),
        ("listen = \"127.0.0.1\"\ncertificate_file = \"api.crt\"\nkey_file = \"api.key\"", "api.listen", "not an IP address and port"),
        ("listen = \"127.0.0.1:8443\"\nkey_file = \"api.key\"", "api.certificate_file", "no plaintext listener"),
        ("listen = \"127.0.0.1:8443\"\ncertificate_file = \"api.crt\"", "api.key_file", "needs the certificate's private key"),
        ("listen = \"127.0.0.1:8443\"\ncertificate_file = \"api.key\"\nkey_file = \"api.key\"", "api.certificate_file", "not a readable PEM certificate"),
        ("listen = \"127.0.0.1:8443\"\ncertificate_file = \"api.crt\"\nkey_file = \"missing.key\"", "api.key_file", "not an existing file"),
    ])
    func refused(api: String, keyPath: String, message: String) {
        let (fixture, report) = check(api)
        _ = fixture
        #expect(report.configuration == nil)
        let error = report.errors.first { $0.keyPath == keyPath }
        #expect(error?.description.contains(message) == true, "\(report.errors)")
        #expect(!(error?.fix.isEmpty ?? true))
    }

    @Test("a key every user can read, and a certificate without listen, are warnings")
    func warnings() {
        let (fixture, readable) = check("listen = \"127.0.0.1:8443\"\ncertificate_file = \"api.crt\"\nkey_file = \"api.key\"", keyMode: 0o644)
        _ = fixture
        #expect(readable.configuration?.api.tls != nil && readable.warnings.contains { $0.keyPath == "api.key_file" && $0.description.contains("every user") },
                "\(readable.warnings)")
        let (other, unused) = check("certificate_file = \"api.crt\"\nkey_file = \"api.key\"")
        _ = other
        #expect(unused.configuration?.api.tls == nil && unused.warnings.contains { $0.keyPath == "api.listen" }, "\(unused.warnings)")
    }
}

/// A reload cannot open or move the API's listeners (they are opened at start): such a change is
/// refused with the key that needs a restart, while accounts, roles and queues change on reload.
@Suite("reload: the API's listeners need a restart")
struct APIReloadTests {
    func configuration(_ extra: String) throws -> Configuration {
        let fixture = ConfigFixture { $0 + "\n" + extra }
        fixture.directory.write("api.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        fixture.directory.write("api.key", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")
        chmod(fixture.directory.file("api.key"), 0o600)
        let report = ConfigCheck.run(configPath: fixture.configPath, environment: [:])
        return try #require(report.configuration, "\(report.errors)")
    }

    static let anna = "[[staff]]\nname = \"anna\"\nunix_user = \"root\"\nrole = \"agent\"\n"
    static let dora = "[[staff]]\nname = \"dora\"\nunix_user = \"daemon\"\nrole = \"department\"\nqueues = [\"tv\"]\n"

    @Test("the first account, the socket, its group, the rate and the TLS listener need a restart; another account does not")
    func listenerChanges() throws {
        let none = try configuration("")
        let one = try configuration(Self.anna)
        let two = try configuration(Self.anna + Self.dora)
        #expect(ReloadableRuntime.listenerChange(from: none, to: one)?.contains("[[staff]]") == true)
        #expect(ReloadableRuntime.listenerChange(from: one, to: none)?.contains("[[staff]]") == true)
        #expect(ReloadableRuntime.listenerChange(from: one, to: two) == nil, "accounts change with a reload")
        #expect(ReloadableRuntime.listenerChange(from: one, to: try configuration(Self.anna + "[api]\nsocket = \"/run/other.sock\"")) == "api.socket")
        #expect(ReloadableRuntime.listenerChange(from: one, to: try configuration(Self.anna + "[api]\nsocket_group = \"root\"")) == "api.socket_group")
        #expect(ReloadableRuntime.listenerChange(from: one, to: try configuration(Self.anna + "[api]\nrequests_per_second = 5")) == "api.requests_per_second")
        let tls = try configuration(Self.anna + "[api]\nlisten = \"127.0.0.1:8443\"\ncertificate_file = \"api.crt\"\nkey_file = \"api.key\"")
        #expect(ReloadableRuntime.listenerChange(from: one, to: tls)?.hasPrefix("api.listen") == true)
    }

    @Test("the portal's listener needs a restart too (added, removed, moved); its times change with a reload")
    func portalListener() throws {
        let none = try configuration("")
        let socket = try configuration("[portal]\nsocket = \"/run/p.sock\"\npublic_url = \"https://p.example\"")
        let moved = try configuration("[portal]\nsocket = \"/run/q.sock\"\npublic_url = \"https://p.example\"")
        let idle = try configuration("[portal]\nsocket = \"/run/p.sock\"\npublic_url = \"https://p.example\"\nsession_idle = \"PT10M\"")
        #expect(ReloadableRuntime.listenerChange(from: none, to: socket)?.hasPrefix("[portal]") == true)
        #expect(ReloadableRuntime.listenerChange(from: socket, to: none)?.hasPrefix("[portal]") == true)
        #expect(ReloadableRuntime.listenerChange(from: socket, to: moved)?.hasPrefix("portal.listen") == true)
        #expect(ReloadableRuntime.listenerChange(from: socket, to: idle) == nil)
    }
}
