import Foundation
import TestSupport
import Testing
@testable import TicketDaemon

/// `[portal]` as `config check` reads it (issue 18): one listener (TLS with its files, or a socket
/// for a reverse proxy), an https public address, and the times within their ranges.
@Suite("config check: the privacy portal")
struct PortalConfigurationTests {
    func check(_ portal: String) -> (ConfigFixture, ConfigurationReport) {
        let fixture = ConfigFixture { $0 + "\n[portal]\n" + portal }
        fixture.directory.write("portal.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        fixture.directory.write("portal.key", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")
        chmod(fixture.directory.file("portal.key"), 0o600)
        return (fixture, ConfigCheck.run(configPath: fixture.configPath, environment: [:]))
    }

    @Test("TLS with its files, or a socket; the public address without its last slash; 30 and 15 minutes and 5 mails by default")
    func accepted() throws {
        let (fixture, report) = check("listen = \"127.0.0.1:8444\"\ncertificate_file = \"portal.crt\"\nkey_file = \"portal.key\"\npublic_url = \"https://privacy.example.com/\"")
        let portal = try #require(report.configuration?.portal, "\(report.errors)")
        #expect(portal.listener == .tls(Configuration.TLSListener(host: "127.0.0.1", port: 8444, certificateFile: fixture.directory.file("portal.crt"),
                                                                   keyFile: fixture.directory.file("portal.key"))))
        #expect(portal.publicURL == "https://privacy.example.com" && portal.sessionIdle == 1_800 && portal.linkValid == 900 && portal.mailsPerAddress == 5
                && portal.attemptsPerClient == 60)
        let (_, socket) = check("socket = \"/run/ticketd/portal.sock\"\npublic_url = \"https://example.com/privacy\"\nsession_idle = \"PT10M\"\nlink_valid = \"PT5M\"\nmails_per_address = 3\nattempts_per_client = 500")
        let behindProxy = try #require(socket.configuration?.portal, "\(socket.errors)")
        #expect(behindProxy.listener == .socket("/run/ticketd/portal.sock") && behindProxy.publicURL == "https://example.com/privacy")
        #expect(behindProxy.sessionIdle == 600 && behindProxy.linkValid == 300 && behindProxy.mailsPerAddress == 3 && behindProxy.attemptsPerClient == 500)
        let (_, none) = check("")
        #expect(none.configuration == nil, "an empty [portal] names what it lacks")
    }

    @Test("refused with the key and the fix", arguments: [
        ("socket = \"/run/p.sock\"\nlisten = \"127.0.0.1:8444\"\npublic_url = \"https://p.example\"", "portal.socket", "one listener"),
        ("public_url = \"https://p.example\"", "portal.listen", "needs a listener"),
        ("listen = \"127.0.0.1:8444\"\npublic_url = \"https://p.example\"", "portal.certificate_file", "no plaintext listener"),
        ("socket = \"/run/p.sock\"\npublic_url = \"http://p.example\"", "portal.public_url", "not an https address"),
        ("socket = \"/run/p.sock\"\npublic_url = \"https://p.example/?x=1\"", "portal.public_url", "not an https address"),
        ("socket = \"/run/p.sock\"", "portal.public_url", "missing"),
        ("socket = \"/run/p.sock\"\npublic_url = \"https://p.example\"\nsession_idle = \"PT30S\"", "portal.session_idle", "must be from 60 s"),
        ("socket = \"/run/p.sock\"\npublic_url = \"https://p.example\"\nlink_valid = \"PT2H\"", "portal.link_valid", "to 3600 s"),
        ("socket = \"/run/p.sock\"\npublic_url = \"https://p.example\"\nmails_per_address = 0", "portal.mails_per_address", "from 1 to 50"),
        ("socket = \"/run/p.sock\"\npublic_url = \"https://p.example\"\nattempts_per_client = 0", "portal.attempts_per_client", "from 1 to 100000"),
    ])
    func refused(portal: String, keyPath: String, message: String) {
        let (fixture, report) = check(portal)
        _ = fixture
        #expect(report.configuration == nil)
        let error = report.errors.first { $0.keyPath == keyPath }
        #expect(error != nil && error?.description.contains(message) == true, "\(report.errors)")
        #expect(!(error?.fix.isEmpty ?? true))
    }
}
