import Foundation
import TestSupport
import Testing
@testable import TicketDaemon

@Suite("config check: [metrics]")
struct MetricsConfigurationTests {
    func check(_ section: String, prepare: (ConfigFixture) -> Void = { _ in }) -> (ConfigFixture, ConfigurationReport) {
        let fixture = ConfigFixture { $0 + "\n" + section + "\n" }
        prepare(fixture)
        return (fixture, ConfigCheck.run(configPath: fixture.configPath, environment: [:]))
    }

    @Test("optional: without the section nothing is written")
    func absent() throws {
        let fixture = ConfigFixture()
        let report = ConfigCheck.run(configPath: fixture.configPath, environment: [:])
        #expect(try #require(report.configuration).metrics == nil)
    }

    @Test("a relative textfile resolves against the configuration's directory")
    func relative() throws {
        let (fixture, report) = check("[metrics]\ntextfile = \"prom/ticketd.prom\"") { $0.directory.makeDirectory("prom") }
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(try #require(report.configuration).metrics?.textfile == fixture.directory.file("prom/ticketd.prom"))
    }

    @Test("a directory that does not exist is an error that says what to create")
    func missingDirectory() throws {
        let (fixture, report) = check("[metrics]\ntextfile = \"nowhere/ticketd.prom\"")
        #expect(report.configuration == nil)
        let error = try #require(report.errors.first { $0.keyPath == "metrics.textfile" }, "\(report.problems)")
        #expect(error.message.contains(fixture.directory.file("nowhere")))
        #expect(error.fix.contains("create it") && error.fix.contains("--collector.textfile.directory"))
    }

    @Test("a directory named as the file is an error with the file name to use")
    func isDirectory() throws {
        let (_, report) = check("[metrics]\ntextfile = \"prom\"") { $0.directory.makeDirectory("prom") }
        let error = try #require(report.errors.first { $0.keyPath == "metrics.textfile" }, "\(report.problems)")
        #expect(error.message.contains("is a directory"))
        #expect(error.fix.contains("ticketd.prom"))
    }

    @Test("textfile is required in the section, and must be a string")
    func required() throws {
        let (_, missing) = check("[metrics]")
        #expect(missing.errors.map(\.keyPath) == ["metrics.textfile"], "\(missing.problems)")
        #expect(missing.errors.first?.fix.contains("/var/lib/prometheus/node-exporter/ticketd.prom") == true)
        let (_, number) = check("[metrics]\ntextfile = 42")
        #expect(number.errors.map(\.keyPath) == ["metrics.textfile"], "\(number.problems)")
        #expect(number.errors.first?.message.contains("expected a string") == true)
    }

    @Test("unknown keys are errors, with a suggestion")
    func unknownKey() throws {
        let (_, report) = check("[metrics]\ntextfile = \"prom/ticketd.prom\"\ntext_file = \"x\"") { $0.directory.makeDirectory("prom") }
        #expect(report.configuration == nil)
        let error = try #require(report.errors.first { $0.keyPath == "metrics.text_file" }, "\(report.problems)")
        #expect(error.fix.contains("did you mean 'textfile'"))
    }

    @Test("a name the textfile collector does not read (not *.prom) is a warning")
    func notProm() throws {
        let (_, report) = check("[metrics]\ntextfile = \"prom/ticketd.txt\"") { $0.directory.makeDirectory("prom") }
        #expect(report.configuration != nil)
        #expect(report.warnings.map(\.keyPath) == ["metrics.textfile"])
        #expect(report.warnings.first?.message.contains(".prom") == true)
    }
}
