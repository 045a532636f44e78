import Foundation
import Testing
import Tickets

@Suite("Audit chain")
struct AuditChainTests {
    static func chain(_ count: Int) -> [AuditEvent] {
        var events: [AuditEvent] = []
        var previous = AuditChain.genesisHash
        for index in 1...count {
            let draft = AuditDraft(
                actor: .system("ingest"), action: "subject.created", ticketID: Int64(index),
                subject: "S-0000-0000-000\(index % 10)", fields: ["name", "email"], details: ["count": "\(index)"]
            )
            let event = AuditChain.seal(draft, sequence: Int64(index), atMilliseconds: 1_800_000_000_000 + Int64(index), previousHash: previous)
            previous = event.hash
            events.append(event)
        }
        return events
    }

    static func verify(_ events: [AuditEvent]) -> AuditChainBreak? {
        var verifier = AuditChainVerifier()
        for event in events {
            if let chainBreak = verifier.check(event) { return chainBreak }
        }
        return nil
    }

    /// The canonical form is what every stored chain was hashed with: a change to how it is written
    /// (it once moved from `Data` to a byte array for speed) must not change a single byte. The
    /// expected hashes were computed independently (Python's hashlib over the form described in
    /// `AuditChain.hash(of:)`: length-prefixed big-endian fields, details by sorted key).
    @Test("the hash of a fixed event is the one computed outside Swift", arguments: [
        (AuditEvent(sequence: 7, atMilliseconds: 1_800_000_000_123, actor: "agent:erika", action: "ticket.closed", ticketID: 42,
                    subject: "S-0000-0000-0007", fields: ["name", "e-mail"], details: ["reason": "Grüße ✓", "count": "3"],
                    previousHash: Data(0..<32), hash: Data()),
         "b3ab8b95f71b8926ff67e8e17d49326a33289a3a1f15ae9843b5a537a376cff5"),
        (AuditEvent(sequence: 8, atMilliseconds: 5, actor: "system:ingest", action: "mail.received", ticketID: nil, subject: nil,
                    fields: [], details: [:], previousHash: AuditChain.genesisHash, hash: Data()),
         "5d3e1f496d2f5df879be0f23cbe33fc8cbbe6458e48cd32bb4b36da8612fce7b"),
    ])
    func fixedHash(event: AuditEvent, expected: String) {
        #expect(AuditChain.hash(of: event).map { String(format: "%02x", $0) }.joined() == expected)
    }

    @Test("an untouched chain verifies")
    func intact() {
        #expect(Self.verify(Self.chain(20)) == nil)
    }

    @Test("the hash is the same for the same event, and covers every field")
    func hashCoversFields() throws {
        let event = Self.chain(1)[0]
        #expect(AuditChain.hash(of: event) == event.hash)
        var variants: [AuditEvent] = []
        var e = event; e.sequence += 1; variants.append(e)
        e = event; e.atMilliseconds += 1; variants.append(e)
        e = event; e.actor = "agent:someone"; variants.append(e)
        e = event; e.action = "subject.erased"; variants.append(e)
        e = event; e.ticketID = nil; variants.append(e)
        e = event; e.subject = nil; variants.append(e)
        e = event; e.fields = ["name"]; variants.append(e)
        e = event; e.fields = ["nameemail"]; variants.append(e)
        e = event; e.details = [:]; variants.append(e)
        e = event; e.previousHash = Data(repeating: 1, count: 32); variants.append(e)
        for variant in variants { #expect(AuditChain.hash(of: variant) != event.hash) }
    }

    @Test("a changed event is named", arguments: 1...5)
    func changed(index: Int) {
        var events = Self.chain(5)
        events[index - 1].details["count"] = "999"
        #expect(Self.verify(events) == AuditChainBreak(sequence: Int64(index), reason: .contentChanged))
    }

    @Test("a removed event is found at the next one")
    func removed() {
        var events = Self.chain(5)
        events.remove(at: 2)
        #expect(Self.verify(events) == AuditChainBreak(sequence: 4, reason: .sequenceGap(expected: 3)))
    }

    @Test("an event rewritten with a fresh hash breaks the link of the next")
    func rehashed() {
        var events = Self.chain(5)
        events[1].action = "forged"
        events[1].hash = AuditChain.hash(of: events[1])
        #expect(Self.verify(events) == AuditChainBreak(sequence: 3, reason: .linkBroken))
    }
}

@Suite("Actors")
struct ActorTests {
    @Test("system and agent actors read back from their stored form")
    func roundTrip() throws {
        let agent = try Actor(.agent, "j.doe")
        #expect(agent.description == "agent:j.doe")
        #expect(Actor(stored: "agent:j.doe") == agent)
        #expect(Actor(stored: "system:ingest") == Actor.system("ingest"))
        #expect(Actor(stored: "robot:x") == nil)
    }

    @Test("names with spaces, separators or control characters are refused", arguments: ["", "two words", "a:b", "x\ny", String(repeating: "a", count: 65)])
    func refuses(name: String) {
        #expect(throws: Actor.Problem.self) { try Actor(.agent, name) }
    }
}
