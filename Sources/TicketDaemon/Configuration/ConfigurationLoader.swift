import Foundation
import MailFormat
import Privacy
import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// The outcome of reading a configuration: the validated value when there are no errors, and
/// every problem found either way.
package struct ConfigurationReport: Sendable {
    /// The file that was read (absolute).
    package var file: String
    /// The configuration; nil when any problem is an error.
    package var configuration: Configuration?
    /// Every error and warning, in the order of the file's sections.
    package var problems: [ConfigProblem]

    package var errors: [ConfigProblem] { problems.filter { $0.severity == .error } }
    package var warnings: [ConfigProblem] { problems.filter { $0.severity == .warning } }
}

/// Reads and validates a TOML configuration file (DESIGN §6), reporting every problem at once.
package enum ConfigurationLoader {
    /// The path used when neither `--config` nor `$TICKETD_CONFIG` names one.
    package static let defaultPath = "/etc/ticketd/ticketd.toml"

    /// The configuration path: `--config` first, then `$TICKETD_CONFIG`, then the default.
    package static func path(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["TICKETD_CONFIG"], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath
    }

    /// Reads the file at `path` and validates it, secrets included.
    package static func load(path: String, environment: [String: String]) -> ConfigurationReport {
        let file = resolvePath(path, against: FileManager.default.currentDirectoryPath)
        func fail(_ message: String, fix: String) -> ConfigurationReport {
            ConfigurationReport(file: file, configuration: nil, problems: [ConfigProblem(.error, "", message, fix: fix)])
        }
        var status = stat()
        guard stat(file, &status) == 0 else {
            return fail(
                "the configuration file \(file) does not exist",
                fix: "pass --config PATH or set TICKETD_CONFIG; Config/ticketd.example.toml is a commented template"
            )
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            return fail(
                "\(file) is a directory, not a configuration file",
                fix: "pass the path of the TOML file, e.g. --config \((file as NSString).appendingPathComponent("ticketd.toml"))"
            )
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            return fail("\(file) is not a regular file", fix: "pass the path of the TOML configuration file")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return fail("the configuration file \(file) cannot be read by this user", fix: "make it readable for the user ticketd runs as")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return fail("the configuration file \(file) is not UTF-8 text", fix: "save it as UTF-8")
        }
        return decode(text, file: file, environment: environment)
    }

    /// Validates TOML text as if it were read from `file` (relative paths resolve against its directory).
    package static func decode(_ text: String, file: String, environment: [String: String]) -> ConfigurationReport {
        let root: [String: TOMLNode]
        do {
            root = try TOMLNode.parse(text)
        } catch {
            return ConfigurationReport(file: file, configuration: nil, problems: [ConfigProblem(
                .error, "", "\((file as NSString).lastPathComponent) line \(error.line), column \(error.column): \(error.message)",
                fix: "correct the TOML syntax there (https://toml.io/en/v1.0.0)"
            )])
        }
        let diagnostics = ConfigDiagnostics()
        let context = Context(
            directory: (file as NSString).deletingLastPathComponent,
            credentialsDirectory: environment["CREDENTIALS_DIRECTORY"],
            diagnostics: diagnostics
        )
        let reader = TableReader(path: "", entries: root, diagnostics: diagnostics)
        let storage = context.storage(reader)
        let secrets = context.secrets(reader)
        let imap = context.imap(reader)
        let smtp = context.smtp(reader)
        let forms = context.forms(reader)
        let queues = context.queues(reader)
        let partners = context.partners(reader)
        let subjectRights = context.subjectRights(reader)
        let register = context.register(reader)
        let retention = context.retention(reader)
        let limits = context.limits(reader)
        let logging = context.logging(reader)
        reader.finish()

        guard !diagnostics.hasErrors, let storage, let secrets, let register, let retention, let limits, let logging else {
            return ConfigurationReport(file: file, configuration: nil, problems: diagnostics.problems)
        }
        let configuration = Configuration(
            file: file, storage: storage, secrets: secrets, imap: imap, smtp: smtp, forms: forms, queues: queues,
            partners: partners, subjectRights: subjectRights, register: register, retention: retention, limits: limits, logging: logging
        )
        return ConfigurationReport(file: file, configuration: configuration, problems: diagnostics.problems)
    }
}

/// The section readers, sharing where relative paths resolve and where problems go.
private struct Context {
    let directory: String
    let credentialsDirectory: String?
    let diagnostics: ConfigDiagnostics

    // MARK: [storage]

    func storage(_ root: TableReader) -> Configuration.Storage? {
        guard let table = root.table("storage", required: true, fix: "add a [storage] section with database = \"/var/lib/ticketd/ticketd.sqlite3\"") else { return nil }
        defer { table.finish() }
        guard let database = table.string("database", required: true, example: "\"/var/lib/ticketd/ticketd.sqlite3\"") else { return nil }
        let path = resolvePath(database, against: directory)
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            table.invalid("database", "\(path) is a directory", fix: "name a file inside it, e.g. \((path as NSString).appendingPathComponent("ticketd.sqlite3"))")
            return nil
        }
        let parent = (path as NSString).deletingLastPathComponent
        var parentStatus = stat()
        if stat(parent, &parentStatus) != 0 || (parentStatus.st_mode & S_IFMT) != S_IFDIR {
            table.warn("database", "the directory \(parent) does not exist yet",
                       fix: "create it, or let systemd's StateDirectory=ticketd create it when the service starts")
        }
        return Configuration.Storage(database: path)
    }

    // MARK: [secrets]

    func secrets(_ root: TableReader) -> Configuration.Secrets? {
        guard let table = root.table("secrets", required: true, fix: "add a [secrets] section with master_key_file = \"master.key\"") else { return nil }
        defer { table.finish() }
        guard let reference = secret(table, "master_key_file", example: "\"master.key\"") else { return nil }
        do {
            let text = try reference.read()
            do {
                _ = try MasterKey(base64: text)
            } catch {
                table.invalid("master_key_file", "the master key in \(reference.path) is unusable: \(error)",
                              fix: "write the base64 of 32 random bytes into it: head -c 32 /dev/urandom | base64 > \(reference.path); chmod 600 \(reference.path)")
                return nil
            }
        } catch {
            table.invalid("master_key_file", error.message, fix: error.fix)
            return nil
        }
        return Configuration.Secrets(masterKeyFile: reference)
    }

    /// Resolves a `*_file` key and checks the file, reporting problems under the key.
    func secret(_ table: TableReader, _ key: String, example: String) -> SecretReference? {
        guard let configured = table.string(key, required: true, example: example) else { return nil }
        let reference = SecretReference.resolve(configured, keyPath: table.keyPath(key), configDirectory: directory,
                                                credentialsDirectory: credentialsDirectory)
        return reference
    }

    /// A secret that must be readable and non-empty (passwords).
    func checkedSecret(_ table: TableReader, _ key: String, example: String) -> SecretReference? {
        guard let reference = secret(table, key, example: example) else { return nil }
        do {
            _ = try reference.read()
        } catch {
            table.invalid(key, error.message, fix: error.fix)
            return nil
        }
        return reference
    }

    // MARK: [imap] and [smtp]

    func imap(_ root: TableReader) -> Configuration.IMAP? {
        guard let table = root.table("imap") else {
            root.warn("imap", "there is no [imap] section, so `ticketd serve` has no mailbox to poll",
                      fix: "add an [imap] section unless this installation only ingests files")
            return nil
        }
        defer { table.finish() }
        let url = serverURL(table, for: .imap)
        let username = table.string("username", required: true, example: "\"support@example.com\"")
        let password = checkedSecret(table, "password_file", example: "\"imap.password\"")
        let caFile = caFile(table)
        let mailbox = mailboxName(table, "mailbox", default: "INBOX")
        let processed = mailboxName(table, "processed_mailbox", default: "Processed")
        if let mailbox, let processed, mailbox == processed {
            table.invalid("processed_mailbox", "is the same mailbox as imap.mailbox",
                          fix: "name a separate mailbox, e.g. processed_mailbox = \"Processed\"; ticketd moves mail there after it is committed")
        }
        let purge = duration(table, "purge_processed_after", default: "P7D", mustBeFixed: false, allowZero: true)
        let poll = duration(table, "poll_interval", default: "PT30S", mustBeFixed: true, allowZero: false)
        if let seconds = poll?.fixedSeconds, seconds > 86_400 {
            table.invalid("poll_interval", "is longer than a day", fix: "poll at least daily, e.g. poll_interval = \"PT5M\"")
        }
        guard let url, let username, let password, let caFile, let mailbox, let processed, let purge, let poll else { return nil }
        return Configuration.IMAP(
            url: url, username: username, passwordFile: password, caFile: caFile.path, mailbox: mailbox,
            processedMailbox: processed, purgeProcessedAfter: purge, pollInterval: poll
        )
    }

    func smtp(_ root: TableReader) -> Configuration.SMTP? {
        guard let table = root.table("smtp") else {
            root.warn("smtp", "there is no [smtp] section, so no mail can be sent (assignments, forwards, replies)",
                      fix: "add an [smtp] section unless this installation only reads mail")
            return nil
        }
        defer { table.finish() }
        let url = serverURL(table, for: .smtp)
        let username = table.string("username", required: true, example: "\"support@example.com\"")
        let password = checkedSecret(table, "password_file", example: "\"smtp.password\"")
        let caFile = caFile(table)
        var from: Mailbox?
        if let text = table.string("from", required: true, example: "\"Support <support@example.com>\"") {
            do { from = try Mailbox(parsing: text) } catch {
                table.invalid("from", "is not a usable sender: \(error)", fix: "write it as from = \"Support <support@example.com>\"")
            }
        }
        let replyDomain = domain(table, "reply_domain", required: true, example: "\"example.com\"")
        guard let url, let username, let password, let caFile, let from, let replyDomain else { return nil }
        return Configuration.SMTP(url: url, username: username, passwordFile: password, caFile: caFile.path, from: from, replyDomain: replyDomain)
    }

    func serverURL(_ table: TableReader, for service: ServerURL.Service) -> ServerURL? {
        let example = service == .imap ? "\"imaps://mail.example.com:993\"" : "\"smtps://mail.example.com:465\""
        guard let text = table.string("url", required: true, example: example) else { return nil }
        do {
            return try ServerURL(parsing: text, for: service)
        } catch {
            table.invalid("url", error.message, fix: error.fix)
            return nil
        }
    }

    /// An optional CA bundle: empty means the system trust store. The outer optional is nil on error.
    func caFile(_ table: TableReader) -> (path: String?, Void)? {
        guard let configured = table.string("ca_file", example: "\"/etc/ssl/certs/ca-certificates.crt\"") else { return (nil, ()) }
        if configured.isEmpty { return (nil, ()) }
        let path = resolvePath(configured, against: directory)
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            table.invalid("ca_file", "\(path) is not an existing file",
                          fix: "name the PEM file of the CA that signed the server's certificate, or set ca_file = \"\" for the system trust store")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path),
              String(decoding: data, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            table.invalid("ca_file", "\(path) holds no PEM certificate", fix: "name a PEM file with at least one -----BEGIN CERTIFICATE----- block")
            return nil
        }
        return (path, ())
    }

    func mailboxName(_ table: TableReader, _ key: String, default fallback: String) -> String? {
        let value = table.has(key) ? table.string(key, required: true, example: "\"\(fallback)\"") : fallback
        guard let value else { return nil }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\"" || $0 == "*" || $0 == "%" }) {
            table.invalid(key, "contains a character an IMAP mailbox name cannot have (a control character, quote, '*' or '%')",
                          fix: "use a plain mailbox name such as \"\(fallback)\"")
            return nil
        }
        return value
    }

    func duration(_ table: TableReader, _ key: String, default fallback: String?, mustBeFixed: Bool, allowZero: Bool) -> ISO8601Duration? {
        let example = "\"\(fallback ?? "P90D")\""
        let text: String?
        if table.has(key) {
            guard let node = table.node(key) else { return nil }
            guard case .string(let value) = node else {
                table.wrongType(key, expected: "a string (an ISO 8601 duration)", found: node, fix: "write it like \(key) = \(example)")
                return nil
            }
            text = value
        } else if let fallback {
            text = fallback
        } else {
            table.missing(key, fix: "add \(key) = \(example)")
            return nil
        }
        guard let text else { return nil }
        let duration: ISO8601Duration
        do {
            duration = try ISO8601Duration(parsing: text)
        } catch {
            table.invalid(key, "is not an ISO 8601 duration: \(error)",
                          fix: "write it like \(example) (P1Y = a year, P90D = 90 days, PT30S = 30 seconds, PT5M = 5 minutes)")
            return nil
        }
        if mustBeFixed && !duration.hasFixedLength {
            table.invalid(key, "uses years or months, whose length varies", fix: "use weeks, days, hours, minutes or seconds, e.g. \(example)")
            return nil
        }
        if !allowZero && duration.isZero {
            table.invalid(key, "is zero", fix: "give it a length, e.g. \(example)")
            return nil
        }
        return duration
    }

    func domain(_ table: TableReader, _ key: String, required: Bool, example: String) -> String? {
        guard let value = table.string(key, required: required, example: example) else { return nil }
        guard isDomain(value) else {
            table.invalid(key, "is not a domain name", fix: "write a domain such as \(example)")
            return nil
        }
        return value.lowercased()
    }

    func isDomain(_ value: String) -> Bool {
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && value.utf8.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }

    func address(_ table: TableReader, _ key: String, required: Bool = true) -> EmailAddress? {
        guard let text = table.string(key, required: required, example: "\"team@example.com\"") else { return nil }
        do {
            return try EmailAddress(parsing: text)
        } catch {
            table.invalid(key, "is not an e-mail address: \(error)", fix: "write a plain address such as \"team@example.com\"")
            return nil
        }
    }

    /// A short name used on the command line: lower-case letters, digits, '-' and '_'.
    func shortName(_ table: TableReader, _ key: String = "name", example: String) -> String? {
        guard let name = table.string(key, required: true, example: example) else { return nil }
        guard let first = name.unicodeScalars.first, first.properties.isLowercase || ("0"..."9").contains(first),
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else {
            table.invalid(key, "must be lower-case letters, digits, '-' and '_', starting with a letter or digit",
                          fix: "use a short name such as \(example)")
            return nil
        }
        return name
    }

    /// Reports a name used twice within one list of sections.
    func checkUnique(_ names: [(index: Int, name: String)], section: String) {
        var seen: [String: Int] = [:]
        for (index, name) in names {
            if let first = seen[name] {
                diagnostics.error("\(section)[\(index)].name", "the name '\(name)' is already used by \(section)[\(first)]",
                                  fix: "give each entry of [[\(section)]] its own name")
            } else {
                seen[name] = index
            }
        }
    }

    // MARK: [[forms]]

    func forms(_ root: TableReader) -> [FormProfile] {
        var profiles: [FormProfile] = []
        var names: [(Int, String)] = []
        for (index, table) in root.tables("forms").enumerated() {
            defer { table.finish() }
            let name = shortName(table, example: "\"website-contact\"")
            if let name { names.append((index, name)) }
            var matchTo: [EmailAddress] = []
            for (i, text) in (table.strings("match_to", example: "[\"support@example.com\"]") ?? []).enumerated() {
                do { matchTo.append(try EmailAddress(parsing: text)) } catch {
                    diagnostics.error("\(table.keyPath("match_to"))[\(i)]", "is not an e-mail address: \(error)",
                                      fix: "list the addresses the form's mails are sent to")
                }
            }
            let prefixes = table.strings("match_subject_prefix", example: "[\"Kontaktformular\"]") ?? []
            var headers: [FormProfile.HeaderMatch] = []
            for (i, text) in (table.strings("match_header", example: "[\"X-Form: app-support\"]") ?? []).enumerated() {
                let parts = text.split(separator: ":", maxSplits: 1)
                let headerName = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if parts.count == 2, !headerName.isEmpty,
                   headerName.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != ":" }) {
                    headers.append(.init(name: headerName, value: parts[1].trimmingCharacters(in: .whitespaces)))
                } else {
                    diagnostics.error("\(table.keyPath("match_header"))[\(i)]", "is not of the form 'Header-Name: value'",
                                      fix: "write it like \"X-Form: app-support\"")
                }
            }
            var format = FormProfile.Format.labels
            if let text = table.string("format", example: "\"labels\"") {
                if let parsed = FormProfile.Format(rawValue: text) { format = parsed } else {
                    table.invalid("format", "must be 'labels' or 'json'", fix: "write format = \"labels\" or format = \"json\"")
                }
            }
            let versionLabel = table.string("version_label", example: "\"Formular-Version\"")
            var labels: [FormProfile.Field: [String]] = [:]
            if let labelTable = table.table("labels") {
                for field in FormProfile.Field.allCases {
                    if let list = labelTable.strings(field.rawValue, example: "[\"Name\"]") {
                        if list.isEmpty || list.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                            labelTable.invalid(field.rawValue, "lists no label, or an empty one", fix: "list the labels the form uses for this field")
                        } else {
                            labels[field] = list
                        }
                    }
                }
                labelTable.finish()
            }
            var consent: [FormProfile.ConsentPurpose: [String]] = [:]
            if let consentTable = table.table("consent") {
                for purpose in FormProfile.ConsentPurpose.allCases {
                    if let list = consentTable.strings(purpose.rawValue, example: "[\"Einwilligung Datenverarbeitung\"]") {
                        if list.isEmpty {
                            consentTable.invalid(purpose.rawValue, "lists no label", fix: "list the labels of the consent checkbox")
                        } else {
                            consent[purpose] = list
                        }
                    }
                }
                consentTable.finish()
            }
            if consent[.processing] == nil {
                table.warn("consent.processing", "is not set, so every mail of this form counts as lacking processing consent",
                           fix: "name the label of the form's consent checkbox, e.g. consent.processing = [\"Einwilligung Datenverarbeitung\"]")
            }
            var policy = FormProfile.MissingConsentPolicy.quarantine
            if let text = table.string("missing_processing_consent", example: "\"quarantine\"") {
                if let parsed = FormProfile.MissingConsentPolicy(rawValue: text) { policy = parsed } else {
                    table.invalid("missing_processing_consent", "must be 'quarantine' or 'restrict'",
                                  fix: "write missing_processing_consent = \"quarantine\" (keep the mail sealed, no ticket) or \"restrict\" (a ticket only agents see)")
                }
            }
            // A misspelt match key is reported as unknown; saying "no matcher" as well would only confuse.
            if matchTo.isEmpty, prefixes.isEmpty, headers.isEmpty, !table.unknownKeys.contains(where: { $0.hasPrefix("match") }) {
                diagnostics.error(table.path, "has no match_to, match_subject_prefix or match_header, so it would match every mail",
                                  fix: "add at least one of them")
            }
            if let name {
                profiles.append(FormProfile(
                    name: name, matchTo: matchTo.map(\.lookupForm), matchSubjectPrefix: prefixes, matchHeader: headers,
                    format: format, versionLabel: versionLabel, labels: labels, consent: consent, missingProcessingConsent: policy
                ))
            }
        }
        checkUnique(names, section: "forms")
        return profiles
    }

    // MARK: [[queues]] and [[partners]]

    func queues(_ root: TableReader) -> [Queue] {
        var queues: [Queue] = []
        var names: [(Int, String)] = []
        for (index, table) in root.tables("queues").enumerated() {
            defer { table.finish() }
            let name = shortName(table, example: "\"tv\"")
            if let name { names.append((index, name)) }
            let address = address(table, "address")
            var role = Role.department
            if let text = table.string("role", example: "\"department\"") {
                if let parsed = Role(rawValue: text), parsed == .department || parsed == .marketing { role = parsed } else {
                    table.invalid("role", "must be 'department' or 'marketing'",
                                  fix: "write role = \"department\" (sees pseudonymized tickets) or role = \"marketing\"")
                }
            }
            if let name, let address { queues.append(Queue(name: name, address: address, role: role)) }
        }
        checkUnique(names, section: "queues")
        return queues
    }

    func partners(_ root: TableReader) -> [Partner] {
        var partners: [Partner] = []
        var names: [(Int, String)] = []
        for (index, table) in root.tables("partners").enumerated() {
            defer { table.finish() }
            let name = shortName(table, example: "\"acme\"")
            if let name { names.append((index, name)) }
            let address = address(table, "address")
            var replyDomains: [String] = []
            if let list = table.strings("reply_domains", example: "[\"acme.example\"]") {
                for (i, domain) in list.enumerated() {
                    if isDomain(domain) { replyDomains.append(domain.lowercased()) } else {
                        diagnostics.error("\(table.keyPath("reply_domains"))[\(i)]", "is not a domain name", fix: "list domains such as \"acme.example\"")
                    }
                }
                if list.isEmpty {
                    table.invalid("reply_domains", "is empty, so no reply from this partner could be threaded",
                                  fix: "list the domains the partner answers from, e.g. reply_domains = [\"acme.example\"]")
                }
            } else {
                table.missing("reply_domains", fix: "list the domains the partner answers from, e.g. reply_domains = [\"acme.example\"]")
            }
            let purpose = table.string("purpose", required: true, example: "\"Clarify technical questions about the manufacturer's devices\"")
            let legalBasis = table.string("legal_basis", required: true, example: "\"Art. 6(1)(b) GDPR\"")
            let categories = table.strings("data_categories", example: "[\"device data\", \"problem description\"]")
            if categories == nil, !table.has("data_categories") {
                table.missing("data_categories", fix: "list what is sent (Art. 30(1)(c)), e.g. data_categories = [\"device data\", \"problem description\"]")
            } else if categories?.isEmpty == true {
                table.invalid("data_categories", "is empty", fix: "list what is sent (Art. 30(1)(c)), e.g. [\"device data\", \"problem description\"]")
            }
            var thirdCountry = false
            if table.has("third_country") { thirdCountry = table.bool("third_country") ?? false } else {
                table.missing("third_country", fix: "say whether the partner is outside the EU/EEA: third_country = false (Art. 30(1)(e))")
            }
            let safeguards = table.string("safeguards", example: "\"EU standard contractual clauses (2021/914)\"")
            if thirdCountry, safeguards?.isEmpty ?? true {
                table.missing("safeguards", fix: "name the Art. 46 safeguards for this third-country transfer, e.g. safeguards = \"EU standard contractual clauses (2021/914)\"")
            }
            if let name, let address, let purpose, let legalBasis, let categories, !categories.isEmpty, !replyDomains.isEmpty {
                partners.append(Partner(
                    name: name, address: address, replyDomains: replyDomains, purpose: purpose, legalBasis: legalBasis,
                    dataCategories: categories, thirdCountry: thirdCountry, safeguards: safeguards
                ))
            }
        }
        checkUnique(names, section: "partners")
        return partners
    }

    // MARK: [subject_rights], [register], [retention], [logging]

    func subjectRights(_ root: TableReader) -> Configuration.SubjectRights? {
        guard let table = root.table("subject_rights") else { return nil }
        defer { table.finish() }
        guard let address = address(table, "address") else { return nil }
        return Configuration.SubjectRights(address: address)
    }

    func register(_ root: TableReader) -> Configuration.Register? {
        guard let table = root.table("register", required: true,
                                     fix: "add a [register] section naming the controller and the data-protection officer (Art. 30(1)(a))") else { return nil }
        defer { table.finish() }
        let controller = table.string("controller", required: true, example: "\"Example Electronics GmbH, Musterstraße 1, 12345 Musterstadt\"")
        let dpo = table.string("dpo", required: true, example: "\"dpo@example.com\"")
        let authority = table.string("supervisory_authority", example: "\"the competent data-protection authority\"")
        guard let controller, let dpo else { return nil }
        return Configuration.Register(controller: controller, dpo: dpo, supervisoryAuthority: authority)
    }

    func retention(_ root: TableReader) -> Configuration.Retention? {
        guard let table = root.table("retention", required: true,
                                     fix: "add a [retention] section with at least one [[retention.classes]]; without one, personal data would be kept forever") else { return nil }
        defer { table.finish() }
        var sweepAt = (hour: 3, minute: 0)
        if let text = table.string("sweep_at", example: "\"03:00\"") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
               (0..<24).contains(hour), (0..<60).contains(minute) {
                sweepAt = (hour, minute)
            } else {
                table.invalid("sweep_at", "is not a time of day as HH:MM", fix: "write it like sweep_at = \"03:00\"")
            }
        }
        var classes: [RetentionClass] = []
        var names: [(Int, String)] = []
        let classTables = table.tables("classes")
        for (index, classTable) in classTables.enumerated() {
            defer { classTable.finish() }
            let name = classTable.string("name", required: true, example: "\"ticket_personal_data\"")
            if let name { names.append((index, name)) }
            var start: RetentionClass.Start?
            if let text = classTable.string("start", required: true, example: "\"ticket_closed\"") {
                start = RetentionClass.Start(rawValue: text)
                if start == nil {
                    classTable.invalid("start", "must be 'received', 'ticket_closed' or 'end_of_year_after_close'",
                                       fix: "write start = \"ticket_closed\" (or end_of_year_after_close for commercial letters, HGB §257)")
                }
            }
            let period = duration(classTable, "period", default: nil, mustBeFixed: false, allowZero: true)
            var action: RetentionClass.Action?
            if let text = classTable.string("action", required: true, example: "\"anonymize\"") {
                action = RetentionClass.Action(rawValue: text)
                if action == nil {
                    classTable.invalid("action", "must be 'anonymize', 'erase' or 'restrict'", fix: "write action = \"anonymize\"")
                }
            }
            if let name, let start, let period, let action {
                classes.append(RetentionClass(name: name, start: start, period: period, action: action))
            }
        }
        checkUnique(names.map { ($0.0, $0.1) }, section: "retention.classes")
        if classTables.isEmpty {
            table.missing("classes", fix: "add at least one [[retention.classes]] with name, start, period and action; without one, personal data would be kept forever")
        }
        var defaultClass = classes.first?.name ?? ""
        if let text = table.string("default_class", example: "\"ticket_personal_data\"") {
            if classes.contains(where: { $0.name == text }) || classes.count != classTables.count { defaultClass = text } else {
                table.invalid("default_class", "names no class of [[retention.classes]]", fix: "name one of: \(classes.map(\.name).joined(separator: ", "))")
            }
        }
        guard !classes.isEmpty else { return nil }
        return Configuration.Retention(sweepAt: sweepAt, classes: classes, defaultClass: defaultClass)
    }

    func limits(_ root: TableReader) -> Configuration.Limits? {
        var limits = Configuration.Limits.standard
        guard let table = root.table("limits") else { return limits }
        defer { table.finish() }
        var valid = true
        if let text = table.string("max_message_size", example: "\"25 MB\"") {
            if let bytes = ByteSize.parse(text), bytes >= 1024, bytes <= 1_000_000_000 {
                limits.maxMessageBytes = bytes
            } else {
                table.invalid("max_message_size", "is not a size from 1 KiB to 1 GB",
                              fix: "write a number with a unit, e.g. max_message_size = \"25 MB\" (B, KB, KiB, MB, MiB, GB)")
                valid = false
            }
        }
        for (key, range, keyPath) in [("max_mime_depth", 2...1000, \Configuration.Limits.maxMIMEDepth),
                                      ("max_mime_parts", 2...100_000, \Configuration.Limits.maxMIMEParts)] {
            guard let node = table.node(key) else { continue }
            guard case .integer(let value) = node else {
                table.wrongType(key, expected: "an integer", found: node, fix: "write a number without quotes, e.g. \(key) = \(limits[keyPath: keyPath])")
                valid = false
                continue
            }
            if range.contains(value) { limits[keyPath: keyPath] = value } else {
                table.invalid(key, "must be from \(range.lowerBound) to \(range.upperBound)", fix: "e.g. \(key) = \(limits[keyPath: keyPath])")
                valid = false
            }
        }
        return valid ? limits : nil
    }

    func logging(_ root: TableReader) -> Configuration.Logging? {
        guard let table = root.table("logging") else { return Configuration.Logging(level: .info) }
        defer { table.finish() }
        guard let text = table.string("level", example: "\"info\"") else { return Configuration.Logging(level: .info) }
        guard let level = LogLevel(rawValue: text) else {
            table.invalid("level", "is not a log level", fix: "use one of: \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return Configuration.Logging(level: level)
    }
}
