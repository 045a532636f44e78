import Foundation
import Testing
import Tickets
@testable import TicketDaemon
#if canImport(Glibc)
import Glibc
#endif

@Suite("Who acts on the command line")
struct ActorResolverTests {
    @Test("$TICKETD_ACTOR names the agent")
    func fromEnvironment() throws {
        #expect(try ActorResolver.agent(environment: ["TICKETD_ACTOR": "j.doe"]).description == "agent:j.doe")
    }

    /// The name of the user this test runs as, asked of the system independently of the resolver:
    /// `id -un` prints the passwd entry's name (and fails without one).
    static func unixUserName() throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/id")
        process.arguments = ["-un"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    @Test("without it, the Unix user is the agent, by the name the system gives it")
    func fromUnixUser() throws {
        let actor = try ActorResolver.agent(environment: [:])
        #expect(actor.kind == .agent)
        // A user the system cannot name (no passwd entry) is the fallback, tested on its own below.
        let named = try Self.unixUserName().flatMap { try? Actor(.agent, $0) }
        let expected = named?.name ?? "uid-\(geteuid())"
        #expect(actor.name == expected, "the resolver named \(actor.name), the system says \(expected)")
    }

    @Test("a user without a name, or with one an actor cannot carry, acts as uid-N")
    func fallback() throws {
        #expect(try ActorResolver.agent(environment: [:], unixUser: nil, uid: 4242).description == "agent:uid-4242")
        #expect(try ActorResolver.agent(environment: [:], unixUser: "two words", uid: 4243).description == "agent:uid-4243")
        #expect(try ActorResolver.agent(environment: [:], unixUser: "operator.olga", uid: 4244).description == "agent:operator.olga")
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
