import Foundation
import MailFormat
import Privacy
import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// `[[forms]]`: how contact-form mails are recognised and read.
extension ConfigSections {
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
            // A preset supplies a form builder's labels; the form's own replace them field by field.
            var preset: FormPreset?
            if let text = table.string("preset", example: "\"contact-form-7\"") {
                if let known = FormPreset(rawValue: text) { preset = known } else {
                    table.invalid("preset", "is not a known form builder preset; the known ones are \(FormPreset.names)",
                                  fix: "write one of them, or leave preset out and list the labels yourself")
                }
            }
            let versionLabel = table.string("version_label", example: "\"Formular-Version\"") ?? preset?.versionLabel
            var labels: [FormProfile.Field: [String]] = preset?.labels ?? [:]
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
            var consent: [FormProfile.ConsentPurpose: [String]] = preset?.consent ?? [:]
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
                var profile = FormProfile(
                    name: name, matchTo: matchTo.map(\.lookupForm), matchSubjectPrefix: prefixes, matchHeader: headers,
                    format: format, versionLabel: versionLabel, labels: labels, consent: consent, missingProcessingConsent: policy
                )
                profile.spacedLabels = preset?.spacedLabels ?? false
                profiles.append(profile)
            }
        }
        checkUnique(names, section: "forms")
        return profiles
    }
}
