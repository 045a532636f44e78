import Foundation
import TestSupport
import Testing
import Tickets
@testable import TicketDaemon
@testable import TicketStore

/// The reports render a value they were handed and read nothing: each is checked here with plain
/// values, without a database.
@Suite("Reports render values without I/O")
struct ReportRenderingTests {
    let at = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the register's CSV quotes fields with commas and quotes (RFC 4180); an empty log says so in Markdown")
    func register() throws {
        let fixture = ConfigFixture()
        let configuration = try #require(ConfigurationLoader.load(path: fixture.configPath, environment: [:]).configuration)
        let entry = TransferLogEntry(ticket: 4, partner: "acme", recipient: "service@acme.example", at: at, purpose: "repairs, returns",
                                     legalBasis: "Art. 6(1)(b) GDPR", dataCategories: ["device", "fault \"E7\""], thirdCountry: false,
                                     pseudonym: "P-1", messageID: "t4.1@example.com", payloadSHA256: String(repeating: "ab", count: 32), status: "sent")
        let csv = RegisterReport.render(log: [entry], configuration: configuration, format: .csv).split(separator: "\n")
        #expect(csv.count == 2)
        #expect(String(csv[1]).hasPrefix("4,acme,service@acme.example,2027-01-15T08:00:00.000Z,\"repairs, returns\",Art. 6(1)(b) GDPR,\"device; fault \"\"E7\"\"\",P-1,"), "\(csv[1])")
        let markdown = RegisterReport.render(log: [], configuration: configuration, format: .md)
        #expect(markdown.hasPrefix("# Record of processing activities (Art. 30 GDPR)"))
        #expect(markdown.contains("## Transfer log (delivered)\n\nNo transfers yet."))
    }

    @Test("a broken audit chain is named with where to stop trusting it; an intact one with its head")
    func audit() throws {
        let broken = AuditVerification(verifiedCount: 2, headHash: Data(repeating: 0xab, count: 32), firstBreak: AuditChainBreak(sequence: 3, reason: .linkBroken))
        let text = AuditReport.render(broken, json: false)
        #expect(text.hasPrefix("audit chain BROKEN at event #3: audit event #3 does not follow the event before it"))
        #expect(text.contains("events #1 to #2 verify; treat the trail from #3 on as untrustworthy"))
        let intact = AuditVerification(verifiedCount: 1, headHash: Data(repeating: 0x0f, count: 32), firstBreak: nil)
        #expect(AuditReport.render(intact, json: false) == "audit chain intact: 1 event, head 0f0f0f0f0f0f0f0f")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(AuditReport.render(intact, json: true).utf8)) as? [String: Any])
        #expect(document["intact"] as? Bool == true && document["verified_events"] as? Int == 1)
    }

    @Test("the outbox table names the recipient by kind and the note by what matters most")
    func outbox() {
        #expect(OutboxView.render([], json: false) == "the outbox is empty")
        let held = OutboxRecord(id: 9, ticket: 4, kind: "forward", recipientKind: .partner, recipientName: "acme", state: .held, attempts: 0,
                                nextAttemptAt: nil, lastError: nil, holdReason: "residual risk 2", messageID: "t4.1@example.com", createdAt: at)
        let answer = OutboxRecord(id: 10, ticket: nil, kind: "request_answer", recipientKind: .requester, recipientName: nil, state: .pending, attempts: 1,
                                  nextAttemptAt: at, lastError: nil, holdReason: nil, messageID: "r.1@example.com", createdAt: at, request: 3)
        let lines = OutboxView.render([held, answer], json: false).split(separator: "\n")
        #expect(lines == [
            "ID\tTICKET\tKIND\tTO\tSTATE\tATTEMPTS\tNOTE",
            "9\t4\tforward\tpartner acme\theld\t0\tresidual risk 2",
            "10\t-\trequest_answer\trequester of request 3\tpending\t1\tnext attempt 2027-01-15T08:00:00.000Z",
        ])
    }

    @Test("the quarantine lists reasons and times, never content")
    func quarantine() throws {
        #expect(QuarantineView.render([], json: false) == "the quarantine is empty")
        let entry = QuarantineRecord(id: 2, reason: "no_consent", receivedAt: at)
        #expect(QuarantineView.render([entry], json: false) == "ID\tRECEIVED\tREASON\n2\t2027-01-15T08:00:00.000Z\tno_consent")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(QuarantineView.render([entry], json: true).utf8)) as? [[String: Any]])
        #expect(list.count == 1 && list.first?["reason"] as? String == "no_consent" && list.first?.count == 3)
    }
}
