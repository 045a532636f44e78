package import Foundation
import Privacy
package import TicketStore
import Tickets

/// One of the person's tickets as the privacy portal shows it to them (issue 18): their own
/// messages and the answers sent to them, in order. Internal notes, the replies of departments
/// and partners, and the copies sent to them stay out: they are about the person but not theirs
/// to read here (the Art. 15 export names the transfers; the texts are the controller's).
package struct PortalTicketView: Sendable, Equatable {
    /// A message of the conversation between the person and the support team.
    package struct Message: Sendable, Equatable {
        /// True for what the person wrote, false for an answer to them.
        package var fromPerson: Bool
        package var at: Date
        package var subject: String?
        package var text: String
    }

    package var id: Int64
    package var state: String
    package var createdAt: Date
    package var closedAt: Date?
    package var messages: [Message]

    /// The ticket `id` if it is the session's person's; nil for any other id, whoever it belongs
    /// to and whether it exists, so that a guessed id shows nothing and tells nothing.
    package static func of(_ runtime: Runtime, session: PortalSessionRecord, ticket id: Int64) throws(OperatorError) -> PortalTicketView? {
        guard let person = try PortalPerson.of(runtime, session: session) else { return nil }
        do {
            guard let record = try runtime.database.tickets.find(id), record.subject == person.subject.pseudonym else { return nil }
            let answers = try runtime.database.tickets.answersToCustomer(ofTicket: id)
            let messages = try runtime.database.tickets.messages(ofTicket: id).compactMap { message -> Message? in
                // Only the opened text counts: a message whose text is not the person's own
                // (sealed under their key) is not shown in a redacted form either.
                guard let text = message.text else { return nil }
                switch message.direction {
                case "inbound" where message.fromRole == "customer":
                    return Message(fromPerson: true, at: message.at, subject: message.subjectLine, text: text)
                case "outbound" where message.messageID.map(answers.contains) ?? false:
                    return Message(fromPerson: false, at: message.at, subject: message.subjectLine, text: text)
                default:
                    return nil
                }
            }
            return PortalTicketView(id: record.id, state: record.state.rawValue, createdAt: record.createdAt, closedAt: record.closedAt, messages: messages)
        } catch StoreError.subjectKeyMissing, StoreError.subjectNotFound {
            return nil
        } catch {
            throw .store(error)
        }
    }
}
