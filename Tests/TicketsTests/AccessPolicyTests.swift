import Testing
import Tickets

/// Issue 17, the rules alone: what each role may do, written out here as a table (not derived
/// from the policy's own code), the views a role may ask for, and the account's queues.
@Suite("Access policy: roles, views and queues")
struct AccessPolicyTests {
    static let everyOperation: [StaffOperation] = [
        .listTickets, .openAttachment, .holdTicket, .readQuarantine, .readOutbox, .releaseOutbox, .readRegister, .readAudit, .verifyAudit,
        .readRequests, .extendRequest, .exportSubject, .eraseSubject, .restrictSubject, .withdrawConsent, .readStatus, .runSweep,
        .refreshRedaction, .ingestFiles, .manageTokens,
    ] + StaffOperation.TicketChange.allCases.map { .changeTicket($0) }
      + Role.allCases.flatMap { [StaffOperation.showTicket(view: $0, archive: false), .showTicket(view: $0, archive: true)] }

    /// Per role, the operations it may do, by the names a denial uses.
    static let table: [StaffRole: Set<String>] = [
        .agent: [
            "list tickets", "open an attachment", "put a ticket on legal hold or release it", "read the quarantine", "read the outbox",
            "release a held copy", "read the status", "assign a ticket", "forward a ticket", "answer a ticket's customer", "close a ticket", "mark a ticket",
            "read the agent view of a ticket", "read the department view of a ticket", "read the partner view of a ticket",
            "read the marketing view of a ticket", "open the archive view of a ticket",
        ],
        .department: ["list tickets", "read the department view of a ticket"],
        .marketing: ["list tickets", "read the marketing view of a ticket"],
        .dpo: [
            "read the processing register", "read the audit trail", "verify the audit trail", "read the data-subject requests",
            "extend a data-subject request", "export a person's data", "erase a person", "restrict or unrestrict a person",
            "record a consent withdrawal", "put a ticket on legal hold or release it", "read the status",
        ],
        .admin: [
            "read the status", "run the retention sweep", "refresh the redactions", "take in mail files", "manage API tokens",
            "read the quarantine", "read the outbox", "verify the audit trail",
        ],
    ]

    @Test("each role may do exactly what the table says", arguments: StaffRole.allCases)
    func roleTable(role: StaffRole) throws {
        let account = StaffAccount(name: "probe", unixUser: "probe", role: role, queues: [])
        let permitted = Set(Self.everyOperation.filter { (try? AccessPolicy.check(account, $0)) != nil }.map(\.description))
        let expected = try #require(Self.table[role])
        #expect(permitted == expected, "allowed but not in the table: \(permitted.subtracting(expected)); in the table but refused: \(expected.subtracting(permitted))")
    }

    @Test("no role but the agent reads a ticket's personal data: the agent view and the archive are the agent's")
    func personalViews() {
        for role in StaffRole.allCases where role != .agent {
            let account = StaffAccount(name: "probe", unixUser: "probe", role: role, queues: [])
            for operation in [StaffOperation.showTicket(view: .agent, archive: false), .showTicket(view: .department, archive: true), .openAttachment] {
                #expect(throws: AccessDenial.self, "\(role) may \(operation)") { try AccessPolicy.check(account, operation) }
            }
        }
    }

    @Test("a department member asking for the agent view is told which view is theirs")
    func viewBeyondRole() {
        let account = StaffAccount(name: "dora", unixUser: "dora", role: .department, queues: ["tv"])
        do {
            try AccessPolicy.check(account, .showTicket(view: .agent, archive: false), ticket: (1, "tv"))
            Issue.record("the department read the agent view")
        } catch {
            #expect(error == .viewBeyondRole(account: "dora", role: .department, asked: .agent))
            #expect(error.reason == "view")
            #expect(error.description.contains("department view only") && error.description.contains("leave out --as"), "\(error)")
        }
    }

    @Test("queues: a ticket in another queue, or in none yet, is outside; an account without queues covers every ticket")
    func queues() throws {
        let agent = StaffAccount(name: "anna", unixUser: "anna", role: .agent, queues: ["tv"])
        try AccessPolicy.check(agent, .changeTicket(.close), ticket: (1, "tv"))
        #expect(throws: AccessDenial.outsideQueues(account: "anna", ticket: 2, queue: "web", queues: ["tv"])) {
            try AccessPolicy.check(agent, .changeTicket(.close), ticket: (2, "web"))
        }
        #expect(throws: AccessDenial.outsideQueues(account: "anna", ticket: 3, queue: nil, queues: ["tv"])) {
            try AccessPolicy.check(agent, .showTicket(view: .agent, archive: false), ticket: (3, nil))
        }
        let lead = StaffAccount(name: "lea", unixUser: "lea", role: .agent, queues: [])
        try AccessPolicy.check(lead, .changeTicket(.assign), ticket: (3, nil))
        // The DPO's legal hold is not bound to queues: a hold is about the law, not the work.
        try AccessPolicy.check(StaffAccount(name: "dirk", unixUser: "dirk", role: .dpo, queues: ["tv"]), .holdTicket, ticket: (2, "web"))
    }

    @Test("the list: an agent without queues sees every ticket; queues narrow it; the DPO and admin list none")
    func listedQueues() {
        #expect(AccessPolicy.listedQueues(StaffAccount(name: "a", unixUser: "a", role: .agent, queues: [])) == nil)
        #expect(AccessPolicy.listedQueues(StaffAccount(name: "d", unixUser: "d", role: .department, queues: ["tv", "web"])) == ["tv", "web"])
        #expect(AccessPolicy.listedQueues(StaffAccount(name: "p", unixUser: "p", role: .dpo, queues: [])) == [])
        #expect(AccessPolicy.listedQueues(StaffAccount(name: "o", unixUser: "o", role: .admin, queues: [])) == [])
    }

    @Test("denials name account, role and fix, and no personal value")
    func denialTexts() {
        let denial = AccessDenial.roleMayNot(account: "otto", role: .admin, operation: .showTicket(view: .agent, archive: false))
        #expect(denial.description.hasPrefix("otto (role admin) may not read the agent view of a ticket: "))
        #expect(AccessDenial.noAccount(unixUser: "guest").description.contains("unix_user = \"guest\""))
    }
}
