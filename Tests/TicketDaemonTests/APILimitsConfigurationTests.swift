import Foundation
import TestSupport
import Testing
@testable import TicketDaemon

/// `[api] max_connections` and `request_timeout` as `config check` reads them (issue 17): the
/// defaults, the accepted range, and an error naming the key and the fix for anything else.
@Suite("config check: the API's connection limits")
struct APILimitsConfigurationTests {
    func check(_ api: String) -> (ConfigFixture, ConfigurationReport) {
        let fixture = ConfigFixture { $0 + "\n[api]\nsocket_group = \"root\"\n" + api }
        return (fixture, ConfigCheck.run(configPath: fixture.configPath, environment: [:]))
    }

    @Test("256 connections and 30 s a request when the keys are absent, and when [api] is")
    func defaults() throws {
        let (fixture, report) = check("")
        _ = fixture
        let api = try #require(report.configuration?.api, "errors: \(report.errors)")
        #expect(api.maxConnections == 256 && api.requestTimeout == .seconds(30))
        #expect(Configuration.API.standard.maxConnections == 256 && Configuration.API.standard.requestTimeout == .seconds(30))
    }

    @Test("values within the ranges are taken", arguments: [
        ("max_connections = 1\nrequest_timeout = \"PT1S\"", 1, 1),
        ("max_connections = 4\nrequest_timeout = \"PT2S\"", 4, 2),
        ("max_connections = 65536\nrequest_timeout = \"PT10M\"", 65_536, 600),
        ("request_timeout = \"PT1M30S\"", 256, 90),
    ])
    func accepted(keys: String, connections: Int, seconds: Int) throws {
        let (fixture, report) = check(keys)
        _ = fixture
        let api = try #require(report.configuration?.api, "errors: \(report.errors)")
        #expect(api.maxConnections == connections && api.requestTimeout == .seconds(seconds))
    }

    @Test("out of range, of the wrong type or not a duration: an error on the key, with the fix", arguments: [
        ("max_connections = 0", "api.max_connections", "from 1 to 65536"),
        ("max_connections = 65537", "api.max_connections", "from 1 to 65536"),
        ("max_connections = \"many\"", "api.max_connections", "integer"),
        ("request_timeout = \"PT0S\"", "api.request_timeout", "is zero"),
        ("request_timeout = \"PT11M\"", "api.request_timeout", "from 1 s to 10 minutes"),
        ("request_timeout = \"P1D\"", "api.request_timeout", "from 1 s to 10 minutes"),
        ("request_timeout = \"P1M\"", "api.request_timeout", "length varies"),
        ("request_timeout = \"30s\"", "api.request_timeout", "not an ISO 8601 duration"),
        ("request_timeout = 30", "api.request_timeout", "ISO 8601"),
    ])
    func refused(keys: String, keyPath: String, message: String) {
        let (fixture, report) = check(keys)
        _ = fixture
        #expect(report.configuration == nil)
        let error = report.errors.first { $0.keyPath == keyPath }
        #expect(error.map { "\($0.description) \($0.fix)" }?.contains(message) == true, "\(report.errors)")
        #expect(!(error?.fix.isEmpty ?? true), "the error must say how to fix it")
    }
}
