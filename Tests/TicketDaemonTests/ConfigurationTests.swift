import Foundation
import MailFormat
import Privacy
import Tickets
import TestSupport
import Testing
@testable import TicketDaemon

/// Replaces the first occurrence of `target` (which must exist, so a test cannot silently test nothing).
func replacingFirst(_ text: String, _ target: String, _ replacement: String) -> String {
    guard let range = text.range(of: target) else { fatalError("the example configuration has no '\(target)'") }
    return text.replacingCharacters(in: range, with: replacement)
}

@Suite("config check: the example is accepted, and every kind of mistake is named by its key")
struct ConfigurationTests {
    func check(_ fixture: ConfigFixture, environment: [String: String] = [:]) -> ConfigurationReport {
        ConfigCheck.run(configPath: fixture.configPath, environment: environment)
    }

    /// The single error a broken configuration produced, which must name `key`.
    func expectError(_ report: ConfigurationReport, key: String, containing words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(report.configuration == nil, sourceLocation: sourceLocation)
        let matching = report.errors.filter { $0.keyPath == key }
        #expect(matching.count == 1, "errors: \(report.errors)", sourceLocation: sourceLocation)
        let text = matching.first?.description ?? ""
        for word in words {
            #expect(text.contains(word), "'\(word)' is not in: \(text)", sourceLocation: sourceLocation)
        }
        #expect(!(matching.first?.fix.isEmpty ?? true), sourceLocation: sourceLocation)
    }

    @Test("the example configuration, with the secret files made here, is accepted without a problem")
    func example() throws {
        let fixture = ConfigFixture()
        let report = check(fixture)
        #expect(report.problems.isEmpty, "\(report.problems)")
        let configuration = try #require(report.configuration)
        #expect(configuration.storage.database == fixture.databasePath)
        #expect(configuration.forms.map(\.name) == ["website-contact", "app"])
        #expect(configuration.forms[0].labels[.message] == ["Nachricht"])
        #expect(configuration.forms[1].matchHeader == [.init(name: "X-Form", value: "app-support")])
        #expect(configuration.queues.map(\.name) == ["tv", "web"])
        #expect(configuration.partners.first?.legalBasis == "Art. 6(1)(b) GDPR")
        #expect(configuration.imap?.url.port == 993)
        #expect(configuration.imap?.pollInterval.fixedSeconds == 30)
        #expect(configuration.smtp?.from.address.description == "support@example.com")
        #expect(configuration.retention.classes.map(\.name) == ["ticket_personal_data", "commercial_letter", "device_cases"])
        #expect(configuration.retention.rules.commercialLetterClass == "commercial_letter")
        #expect(configuration.retention.rules.queueClasses == ["tv": "device_cases"])
        #expect(configuration.retention.sweepAt == (3, 0))
        #expect(configuration.secrets.masterKeyFile.path == fixture.directory.file("master.key"))
        #expect(ConfigCheck.text(report).hasSuffix("OK (database \(fixture.databasePath), 2 forms, 2 queues, 1 partner, 3 retention classes)"))
    }

    @Test("the sample configuration of the demo is accepted too")
    func sample() throws {
        let fixture = ConfigFixture(template: RepositoryPaths.sampleConfig)
        let report = check(fixture)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.configuration?.imap?.url.description == "imaps://127.0.0.1:10993")
    }

    // MARK: unknown keys

    @Test("an unknown key is an error that suggests the key meant")
    func unknownKey() {
        let fixture = ConfigFixture { replacingFirst($0, "poll_interval = \"PT30S\"", "pol_interval = \"PT30S\"") }
        expectError(check(fixture), key: "imap.pol_interval", containing: ["not a known key", "poll_interval"])
    }

    @Test("an unknown section is an error")
    func unknownSection() {
        let fixture = ConfigFixture { $0 + "\n[storrage]\ndatabase = \"x\"\n" }
        expectError(check(fixture), key: "storrage", containing: ["not a known key", "storage"])
    }

    @Test("an unknown key inside a nested table of a form is an error")
    func unknownLabel() {
        let fixture = ConfigFixture { replacingFirst($0, "labels.phone = [\"Telefon\"]", "labels.fax = [\"Telefax\"]") }
        expectError(check(fixture), key: "forms[0].labels.fax", containing: ["not a known key"])
    }

    @Test("a secret written inline is refused without repeating it")
    func inlineSecret() {
        let fixture = ConfigFixture { replacingFirst($0, "password_file = \"imap.password\"", "password_file = \"imap.password\"\npassword = \"hunter2-made-up\"") }
        let report = check(fixture)
        expectError(report, key: "imap.password", containing: ["never written into the configuration", "chmod 600"])
        #expect(!ConfigCheck.text(report).contains("hunter2"))
        #expect(!ConfigCheck.json(report).contains("hunter2"))
    }

    // MARK: wrong types

    @Test("a value of the wrong type names the key, the expected and the found type", arguments: [
        ("poll_interval = \"PT30S\"", "poll_interval = 30", "imap.poll_interval", "expected a string (an ISO 8601 duration), found an integer"),
        ("third_country = false", "third_country = \"no\"", "partners[0].third_country", "expected a boolean, found a string"),
        ("match_to = [\"support@example.com\"]", "match_to = \"support@example.com\"", "forms[0].match_to", "expected an array of strings, found a string"),
        ("database = \"state/ticketd.sqlite3\"", "database = [\"state/ticketd.sqlite3\"]", "storage.database", "expected a string, found an array"),
        ("reply_domains = [\"acme.example\"]", "reply_domains = [1]", "partners[0].reply_domains[0]", "expected a string, found an integer"),
    ])
    func wrongType(original: String, replacement: String, key: String, message: String) {
        let fixture = ConfigFixture { replacingFirst($0, original, replacement) }
        expectError(check(fixture), key: key, containing: [message])
    }

    @Test("a section given as a plain value is a type error too")
    func sectionAsValue() {
        let fixture = ConfigFixture { "subject_rights = 3\n" + replacingSubjectRights($0, with: "") }
        expectError(check(fixture), key: "subject_rights", containing: ["expected a table, found an integer"])
    }

    // MARK: durations

    @Test("a bad ISO 8601 duration names the key and the rule", arguments: [
        ("purge_processed_after = \"P7D\"", "purge_processed_after = \"7 days\"", "imap.purge_processed_after", "must start with 'P'"),
        ("period = \"P90D\"", "period = \"P90\"", "retention.classes[0].period", "without a unit"),
        ("poll_interval = \"PT30S\"", "poll_interval = \"P1M\"", "imap.poll_interval", "years or months"),
        ("poll_interval = \"PT30S\"", "poll_interval = \"PT0S\"", "imap.poll_interval", "is zero"),
        ("period = \"P6Y\"", "period = \"P6Y1Y\"", "retention.classes[1].period", "'Y' appears twice"),
    ])
    func badDuration(original: String, replacement: String, key: String, words: String) {
        let fixture = ConfigFixture { replacingFirst($0, original, replacement) }
        expectError(check(fixture), key: key, containing: [words, "Fix:"])
    }

    // MARK: secret files

    @Test("a *_file that does not exist names the key and the path")
    func missingSecretFile() {
        let fixture = ConfigFixture { replacingFirst($0, "password_file = \"smtp.password\"", "password_file = \"missing.password\"") }
        expectError(check(fixture), key: "smtp.password_file", containing: [fixture.directory.file("missing.password"), "does not exist"])
    }

    @Test("a secret file readable by group or others is an error", arguments: [0o640, 0o604, 0o644, 0o606] as [mode_t])
    func secretPermissions(mode: mode_t) {
        let fixture = ConfigFixture()
        chmod(fixture.directory.file("master.key"), mode)
        expectError(check(fixture), key: "secrets.master_key_file", containing: ["group or others", "chmod 600"])
    }

    @Test("a secret file that is a directory is an error")
    func secretIsDirectory() {
        let fixture = ConfigFixture()
        unlink(fixture.directory.file("imap.password"))
        fixture.directory.makeDirectory("imap.password")
        expectError(check(fixture), key: "imap.password_file", containing: ["is a directory"])
    }

    @Test("a master key that is not 32 bytes of base64 is an error", arguments: [
        (Data(count: 16).base64EncodedString(), "decodes to 16 bytes"),
        (Data(count: 64).base64EncodedString(), "decodes to 64 bytes"),
        ("this is not base64!", "not valid base64"),
    ])
    func masterKey(content: String, words: String) {
        let fixture = ConfigFixture()
        fixture.directory.write("master.key", content)
        expectError(check(fixture), key: "secrets.master_key_file", containing: [words, "head -c 32 /dev/urandom | base64"])
    }

    @Test("secrets are found in $CREDENTIALS_DIRECTORY (systemd LoadCredential=)")
    func credentials() throws {
        let fixture = ConfigFixture()
        let credentials = TemporaryDirectory("ticketd-credentials")
        let key = try #require(FileManager.default.contents(atPath: fixture.directory.file("master.key")))
        credentials.write("master.key", String(decoding: key, as: UTF8.self), mode: 0o400)
        unlink(fixture.directory.file("master.key"))
        #expect(check(fixture).configuration == nil)
        let report = check(fixture, environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        let configuration = try #require(report.configuration, "\(report.problems)")
        #expect(configuration.secrets.masterKeyFile.isCredential)
        #expect(configuration.secrets.masterKeyFile.path == credentials.file("master.key"))
        // On tmpfs systemd grants the service's user access by an ACL and the mode shows 0440:
        // the group bits of a credential are not a leak, unlike those of a file of our own.
        chmod(credentials.file("master.key"), 0o440)
        #expect(check(fixture, environment: ["CREDENTIALS_DIRECTORY": credentials.path]).configuration != nil)
    }

    // MARK: URLs

    @Test("a URL whose scheme is not imaps/imap/smtps/smtp is an error", arguments: [
        ("url = \"imaps://mail.example.com:993\"", "url = \"https://mail.example.com\"", "imap.url", "'https' is not allowed"),
        ("url = \"imaps://mail.example.com:993\"", "url = \"pop3s://mail.example.com\"", "imap.url", "'pop3s' is not allowed"),
        ("url = \"smtps://mail.example.com:465\"", "url = \"imaps://mail.example.com:993\"", "smtp.url", "that scheme is for IMAP"),
        ("url = \"smtps://mail.example.com:465\"", "url = \"mail.example.com\"", "smtp.url", "is not a URL"),
        ("url = \"imaps://mail.example.com:993\"", "url = \"imaps://support:pw@mail.example.com\"", "imap.url", "user name or password"),
        ("url = \"imaps://mail.example.com:993\"", "url = \"imaps://mail.example.com/INBOX\"", "imap.url", "has a path"),
    ])
    func badURL(original: String, replacement: String, key: String, words: String) {
        let fixture = ConfigFixture { replacingFirst($0, original, replacement) }
        expectError(check(fixture), key: key, containing: [words])
    }

    @Test("STARTTLS URLs get the submission and IMAP ports by default")
    func defaultPorts() throws {
        let fixture = ConfigFixture {
            replacingFirst(replacingFirst($0, "imaps://mail.example.com:993", "imap://mail.example.com"), "smtps://mail.example.com:465", "smtp://mail.example.com")
        }
        let configuration = try #require(check(fixture).configuration)
        #expect(configuration.imap?.url.description == "imap://mail.example.com:143")
        #expect(configuration.imap?.url.security == .startTLS)
        #expect(configuration.smtp?.url.description == "smtp://mail.example.com:587")
    }

    // MARK: duplicates

    @Test("two partners with one name are an error at the second")
    func duplicatePartners() {
        let fixture = ConfigFixture {
            $0 + """

            [[partners]]
            name = "acme"
            address = "other@acme.example"
            reply_domains = ["acme.example"]
            purpose = "Second entry"
            legal_basis = "Art. 6(1)(b) GDPR"
            data_categories = ["device data"]
            third_country = false
            """
        }
        expectError(check(fixture), key: "partners[1].name", containing: ["'acme' is already used by partners[0]"])
    }

    @Test("two queues with one name are an error at the second")
    func duplicateQueues() {
        let fixture = ConfigFixture { replacingFirst($0, "name = \"web\"", "name = \"tv\"") }
        expectError(check(fixture), key: "queues[1].name", containing: ["'tv' is already used by queues[0]"])
    }

    // MARK: the file itself

    @Test("a configuration path that is a directory is named as such")
    func configIsDirectory() {
        let fixture = ConfigFixture()
        let report = ConfigCheck.run(configPath: fixture.directory.path, environment: [:])
        #expect(report.configuration == nil)
        #expect(report.errors.first?.description.contains("is a directory, not a configuration file") == true)
    }

    @Test("a missing configuration file says how to name one")
    func configMissing() {
        let report = ConfigCheck.run(configPath: "/nonexistent/ticketd.toml", environment: [:])
        #expect(report.errors.first?.description.contains("--config PATH or set TICKETD_CONFIG") == true)
    }

    @Test("$TICKETD_CONFIG is used when --config is not given")
    func configFromEnvironment() {
        let fixture = ConfigFixture()
        #expect(ConfigCheck.run(configPath: nil, environment: ["TICKETD_CONFIG": fixture.configPath]).configuration != nil)
        #expect(ConfigurationLoader.path(option: nil, environment: [:]) == "/etc/ticketd/ticketd.toml")
    }

    @Test("a TOML syntax error names the line")
    func syntaxError() {
        let fixture = ConfigFixture { replacingFirst($0, "mailbox = \"INBOX\"", "mailbox = \"INBOX") }
        let report = check(fixture)
        let line = (try! String(contentsOfFile: fixture.configPath, encoding: .utf8)).components(separatedBy: "\n").firstIndex { $0.hasPrefix("mailbox = ") }! + 1
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.description.contains("line \(line)") == true, "\(report.errors)")
    }

    // MARK: further rules

    @Test("every problem is reported at once")
    func allAtOnce() {
        let fixture = ConfigFixture {
            var text = replacingFirst($0, "poll_interval = \"PT30S\"", "poll_interval = \"soon\"")
            text = replacingFirst(text, "url = \"smtps://mail.example.com:465\"", "url = \"http://mail.example.com\"")
            text = replacingFirst(text, "name = \"web\"", "name = \"tv\"")
            text = replacingFirst(text, "level = \"info\"", "level = \"loud\"")
            return text
        }
        let keys = Set(check(fixture).errors.map(\.keyPath))
        #expect(keys == ["imap.poll_interval", "smtp.url", "queues[1].name", "logging.level"])
    }

    @Test("a third-country partner needs its Art. 46 safeguards")
    func thirdCountry() {
        let fixture = ConfigFixture { replacingFirst($0, "third_country = false", "third_country = true") }
        expectError(check(fixture), key: "partners[0].safeguards", containing: ["Art. 46"])
    }

    @Test("without a retention class personal data would be kept forever, so it is an error")
    func retentionRequired() {
        let fixture = ConfigFixture { text in
            let start = text.range(of: "[retention]")!.lowerBound
            let end = text.range(of: "[logging]")!.lowerBound
            return text.replacingCharacters(in: start..<end, with: "")
        }
        expectError(check(fixture), key: "retention", containing: ["kept forever"])
    }

    // MARK: retention class rules

    @Test("a class claiming a queue that is not configured names the entry and the configured queues")
    func unknownClaimedQueue() {
        let fixture = ConfigFixture { replacingFirst($0, "queues = [\"tv\"]", "queues = [\"tv\", \"billing\"]") }
        expectError(check(fixture), key: "retention.classes[2].queues[1]", containing: ["names no queue of [[queues]]", "tv, web"])
    }

    @Test("two classes claiming one queue is an error at the second, naming the first")
    func queueClaimedTwice() {
        let fixture = ConfigFixture { replacingFirst($0, "\ncommercial_letters = true", "\ncommercial_letters = true\nqueues = [\"tv\"]") }
        expectError(check(fixture), key: "retention.classes[2].queues[0]", containing: ["'tv'", "retention.classes[1] claims already", "one class only"])
    }

    @Test("a queue listed twice by one class is an error")
    func queueListedTwice() {
        let fixture = ConfigFixture { replacingFirst($0, "queues = [\"tv\"]", "queues = [\"tv\", \"tv\"]") }
        expectError(check(fixture), key: "retention.classes[2].queues[1]", containing: ["a second time"])
    }

    @Test("more than one commercial-letter class is an error at the second")
    func twoLetterClasses() {
        let fixture = ConfigFixture { replacingFirst($0, "action = \"anonymize\"", "action = \"anonymize\"\ncommercial_letters = true") }
        expectError(check(fixture), key: "retention.classes[1].commercial_letters", containing: ["retention.classes[0] claims already", "one class only"])
    }

    @Test("the rule keys have their types", arguments: [
        ("\ncommercial_letters = true", "\ncommercial_letters = \"yes\"", "retention.classes[1].commercial_letters", "expected a boolean, found a string"),
        ("queues = [\"tv\"]", "queues = \"tv\"", "retention.classes[2].queues", "expected an array of strings, found a string"),
    ])
    func ruleTypes(original: String, replacement: String, key: String, message: String) {
        let fixture = ConfigFixture { replacingFirst($0, original, replacement) }
        expectError(check(fixture), key: key, containing: [message])
    }

    @Test("a commercial-letter class that does not count from the end of the year is accepted with a warning")
    func letterClassStart() throws {
        let fixture = ConfigFixture { replacingFirst($0, "start = \"end_of_year_after_close\"", "start = \"ticket_closed\"") }
        let report = check(fixture)
        #expect(report.configuration != nil, "\(report.problems)")
        let warning = try #require(report.warnings.first { $0.keyPath == "retention.classes[1].start" })
        #expect(warning.message.contains("HGB §257(5)") && warning.fix.contains("end_of_year_after_close"))
    }

    @Test("a broken [[queues]] entry is reported there, not again at the class that claims it")
    func brokenQueueNoCascade() {
        let fixture = ConfigFixture { replacingFirst($0, "address = \"tv-team@example.com\"", "address = \"not an address\"") }
        #expect(check(fixture).errors.map(\.keyPath) == ["queues[0].address"])
    }

    @Test("a form with no matcher would match every mail, so it is an error")
    func formWithoutMatcher() {
        let fixture = ConfigFixture { replacingFirst($0, "match_header = [\"X-Form: app-support\"]", "") }
        expectError(check(fixture), key: "forms[1]", containing: ["match every mail"])
    }

    @Test("a missing database directory is a warning, a directory as database an error")
    func databasePath() {
        let warned = ConfigFixture { replacingFirst($0, "\"state/ticketd.sqlite3\"", "\"not-yet/ticketd.sqlite3\"") }
        let report = check(warned)
        #expect(report.configuration != nil)
        #expect(report.warnings.map(\.keyPath) == ["storage.database"])
        let broken = ConfigFixture { replacingFirst($0, "\"state/ticketd.sqlite3\"", "\"state\"") }
        expectError(check(broken), key: "storage.database", containing: ["is a directory"])
    }

    @Test("the JSON report lists every problem with severity, key, message and fix")
    func json() throws {
        let fixture = ConfigFixture { replacingFirst($0, "level = \"info\"", "level = \"loud\"") }
        let document = try JSONSerialization.jsonObject(with: Data(ConfigCheck.json(check(fixture)).utf8)) as? [String: Any]
        #expect(document?["ok"] as? Bool == false)
        let problems = document?["problems"] as? [[String: String]]
        #expect(problems?.first?["key"] == "logging.level")
        #expect(problems?.first?["severity"] == "error")
        #expect(problems?.first?["fix"]?.contains("trace, debug, info") == true)
    }
}
