import Foundation
import TestSupport
import Testing

/// The expected outcome of one file in `Samples/mail`, from `Samples/expected.json`.
struct ExpectedSample: Decodable {
    struct Consent: Decodable {
        var processing: Bool?
        var marketing: Bool?
    }
    struct Customer: Decodable {
        var name: String?
        var email: String?
        var phone: String?
    }
    var file: String
    var outcome: String
    var quarantine_reason: String?
    var form: String?
    var form_version: String?
    var consent: Consent
    var customer: Customer?
    var sensitive: [String]
    var personal_values: [String]

    static func load() throws -> [ExpectedSample] {
        let path = (RepositoryPaths.root as NSString).appendingPathComponent("Samples/expected.json")
        return try JSONDecoder().decode([ExpectedSample].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// Ingesting `Samples/mail` with `Samples/ticketd.toml`, file by file, through the command line.
@Suite("Ingesting the sample mails", .serialized)
struct SampleIngestTests {
    static var mailDirectory: String { (RepositoryPaths.root as NSString).appendingPathComponent("Samples/mail") }

    @Test("every sample gives its expected ticket or quarantine entry; a second run adds nothing; nothing personal is stored in the clear")
    func samples() throws {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig)
        let expected = try ExpectedSample.load()
        #expect(expected.count >= 15)
        var logs = ""
        var nextTicket = 1
        var ticketOf: [String: Int] = [:]
        for sample in expected {
            let file = (Self.mailDirectory as NSString).appendingPathComponent(sample.file)
            let result = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, file])
            logs += result.stderr
            #expect(result.status == 0, "\(sample.file): \(result.stderr)")
            if sample.outcome == "ticket" {
                #expect(result.stdout.contains("1 ticket, 0 quarantined"), "\(sample.file): \(result.stdout)")
                ticketOf[sample.file] = nextTicket
                nextTicket += 1
            } else {
                let reason = sample.quarantine_reason ?? "?"
                #expect(result.stdout.contains("0 tickets, 1 quarantined (\(reason) 1)"), "\(sample.file): \(result.stdout)")
            }
        }

        for sample in expected {
            guard let id = ticketOf[sample.file] else { continue }
            let shown = try CommandRunner.ticketd(["ticket", "show", "\(id)", "--json", "--config", fixture.configPath])
            let ticket = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], "\(sample.file): \(shown.stderr)")
            let consent = ticket["consent"] as? [String: Any] ?? [:]
            #expect(consent["processing"] as? Bool == sample.consent.processing, "\(sample.file) processing consent")
            #expect(consent["marketing"] as? Bool == sample.consent.marketing, "\(sample.file) marketing consent")
            #expect(consent["form"] as? String == sample.form, "\(sample.file) form")
            #expect(consent["form_version"] as? String == sample.form_version, "\(sample.file) form version")
            #expect(Set(ticket["sensitive"] as? [String] ?? []) == Set(sample.sensitive), "\(sample.file) special categories")
            let customer = ticket["customer"] as? [String: Any] ?? [:]
            if let name = sample.customer?.name { #expect(customer["name"] as? String == name, "\(sample.file) name") }
            if let email = sample.customer?.email { #expect((customer["email"] as? String)?.lowercased() == email.lowercased(), "\(sample.file) email") }
            if let phone = sample.customer?.phone { #expect(customer["phone"] as? String == phone, "\(sample.file) phone") }
            // The agent gets every personal value back intact; a department gets none of them.
            for value in sample.personal_values {
                #expect(shown.stdout.contains(value), "\(sample.file): the agent does not see a personal value")
            }
            let department = try CommandRunner.ticketd(["ticket", "show", "\(id)", "--as", "department", "--json", "--config", fixture.configPath])
            #expect(department.status == 0)
            let departmentView = try JSONSerialization.jsonObject(with: Data(department.stdout.utf8)) as? [String: Any]
            #expect(departmentView?["customer"] == nil)
            #expect(departmentView?["subject"] as? String == ticket["subject"] as? String)
            for value in sample.personal_values {
                #expect(!department.stdout.contains(value), "\(sample.file): a department sees a personal value")
            }
        }

        let again = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, Self.mailDirectory])
        logs += again.stderr
        #expect(again.status == 0)
        #expect(again.stdout.contains("\(expected.count) mails: 0 tickets, 0 quarantined, \(expected.count) duplicates, 0 failed"), "\(again.stdout)")

        let quarantine = try CommandRunner.ticketd(["quarantine", "--json", "--config", fixture.configPath])
        let entries = try JSONSerialization.jsonObject(with: Data(quarantine.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(entries.compactMap { $0["reason"] as? String }.sorted() == expected.compactMap(\.quarantine_reason).sorted())

        let list = try CommandRunner.ticketd(["tickets", "--json", "--config", fixture.configPath])
        let tickets = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(tickets?.count == ticketOf.count)

        // Checkpoint so that the WAL is part of the search too, then search every file and the logs.
        _ = try CommandRunner.ticketd(["audit", "verify", "--config", fixture.configPath])
        for sample in expected {
            for value in sample.personal_values {
                let bytes = Data(value.utf8)
                #expect(!FileBytes.databaseContains(fixture.databasePath, bytes), "\(sample.file): a personal value is stored in the clear")
                #expect(!logs.contains(value), "\(sample.file): a personal value is in the logs")
            }
        }
        let verify = try CommandRunner.ticketd(["audit", "verify", "--config", fixture.configPath])
        #expect(verify.status == 0)
    }
}
