import Foundation
import TestSupport
import Testing

/// The title as each role reads it: the agent the subject the customer wrote, everyone else the
/// subject with the personal data replaced.
@Suite("Ticket titles by role")
struct TicketTitleTests {
    @Test("the agent reads the customer's own subject; a department and a partner the redacted one")
    func titles() throws {
        let fixture = ConfigFixture()
        let subject = "Rückruf für Jonas Beispielmann, Kd.-Nr. K-471108"
        let mail = """
            From: =?utf-8?b?\(Data("Jonas Beispielmann".utf8).base64EncodedString())?= <jonas.beispielmann@example.org>\r
            To: support@example.com\r
            Subject: =?utf-8?b?\(Data(subject.utf8).base64EncodedString())?=\r
            Date: Thu, 03 Dec 2026 09:00:00 +0100\r
            Message-ID: <title-1@example.org>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Guten Tag, mein Fernseher VX55 startet ständig neu. Bitte rufen Sie mich zurück.\r

            """
        let file = fixture.directory.path + "/title.eml"
        try Data(mail.utf8).write(to: URL(fileURLWithPath: file))
        let ingest = try CommandRunner.ticketd(["ingest", "--config", fixture.configPath, file])
        #expect(ingest.stdout.contains("1 mail: 1 ticket,"), "\(ingest.stdout) \(ingest.stderr)")

        func title(as role: String?) throws -> String? {
            let arguments = ["ticket", "show", "1", "--json", "--config", fixture.configPath] + (role.map { ["--as", $0] } ?? [])
            let shown = try CommandRunner.ticketd(arguments)
            let document = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
            return document?["title"] as? String
        }
        #expect(try title(as: nil) == subject)
        #expect(try title(as: "department") == "Rückruf für [name], Kd.-Nr. [customer-number]")
        #expect(try title(as: "partner") == "Rückruf für [name], Kd.-Nr. [customer-number]")
        // The list shows the agent the same title.
        let list = try CommandRunner.ticketd(["tickets", "--json", "--config", fixture.configPath])
        let tickets = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(tickets?.first?["title"] as? String == subject)
    }
}
