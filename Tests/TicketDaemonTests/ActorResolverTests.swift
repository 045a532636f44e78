import Testing
import Tickets
@testable import TicketDaemon

@Suite("Who acts on the command line")
struct ActorResolverTests {
    @Test("$TICKETD_ACTOR names the agent")
    func fromEnvironment() throws {
        #expect(try ActorResolver.agent(environment: ["TICKETD_ACTOR": "j.doe"]).description == "agent:j.doe")
    }

    @Test("without it, the Unix user is the agent")
    func fromUnixUser() throws {
        let actor = try ActorResolver.agent(environment: [:])
        #expect(actor.kind == .agent)
        #expect(!actor.name.isEmpty)
    }

    @Test("an unusable name is refused with the fix")
    func refused() {
        #expect {
            try ActorResolver.agent(environment: ["TICKETD_ACTOR": "two words"])
        } throws: { error in
            "\(error)".contains("TICKETD_ACTOR") && "\(error)".contains("letters, digits")
        }
    }
}
