import Foundation
import MailFormat
import Testing
import Tickets
import TicketStore
import TransportFakes
@testable import TicketDaemon

/// A file that comes with an answer — the partner's repair estimate, the photo a customer sends
/// later — belongs to the ticket like the first mail's: listed for the agent after the first
/// mail's, sealed, written out on request, and erased with the ticket.
@Suite("Attachments of answers threaded into a ticket")
struct ReplyAttachmentTests {
    @Test("the partner's answer with a PDF: listed as number 1 with its SHA-256, the bytes open for the agent, other roles see the type only; erased with the person")
    func partnerEstimate() throws {
        let scene = try ThreadingEntitlementTests.Scene()
        let runtime = scene.fixture.runtime
        try #require(try runtime.database.tickets.attachmentTypes(ofTicket: 1).isEmpty, "the made-up form carries no file")
        let estimate = Array("%PDF-1.4 Kostenvoranschlag 129,00 EUR %%EOF".utf8)
        let replyTo = try #require(scene.partnerCopy.replyTo.first?.address.description)
        scene.server.deliver(MadeUpMail.answer(from: "service@acme.example", to: replyTo, subject: "Re: \(scene.partnerCopy.subject ?? "")",
                                               inReplyTo: scene.partnerCopy.messageID, id: "estimate-1@acme.example",
                                               text: "Unser Angebot ist angehängt.", attachment: ("Kostenvoranschlag.pdf", "application/pdf", estimate)))
        #expect(try MailboxPoll.cycle(runtime, session: scene.server).threaded == 1)

        let stored = try runtime.database.tickets.attachments(ofTicket: 1)
        try #require(stored.count == 1)
        #expect(stored[0].filename == "Kostenvoranschlag.pdf" && stored[0].mimeType == "application/pdf" && stored[0].data == estimate)
        let agentView = try TicketView.show(runtime, id: 1, role: .agent, json: false)
        #expect(agentView.contains("Kostenvoranschlag.pdf") && agentView.contains(TicketAttachments.sha256(estimate)), "\(agentView)")
        let departmentView = try TicketView.show(runtime, id: 1, role: .department, json: false)
        #expect(departmentView.contains("application/pdf") && !departmentView.contains("Kostenvoranschlag"), "\(departmentView)")

        _ = try SubjectRightsActions.erase(runtime, email: ThreadingEntitlementTests.customer, actor: ThreadingEntitlementTests.agent)
        #expect(try runtime.database.tickets.attachmentTypes(ofTicket: 1).isEmpty)
    }
}
