import Foundation
import MailFormat
import Privacy
import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// `[[queues]]`, `[[partners]]` and `[register]`: who may receive what.
extension ConfigSections {
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

    // MARK: [register]

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
}
