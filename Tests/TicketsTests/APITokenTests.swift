import Foundation
import Testing
@testable import Tickets

/// API tokens (issue 17): what a secret looks like, what the daemon keeps of it, and when a token
/// stands. Pure: the generator and the time are passed in.
@Suite("API tokens: secrets and standing")
struct APITokenTests {
    /// A fixed generator, so that the secret's layout is checked on known bytes.
    struct Counting: RandomNumberGenerator {
        var state: UInt64 = 0x0123_4567_89AB_CDEF
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    @Test("a secret is tkd_ and 43 base64url digits (256 bits); fresh ones differ; only its SHA-256 is kept")
    func secretLayout() {
        var generator = Counting()
        let first = APITokenSecret.random(using: &generator), second = APITokenSecret.random(using: &generator)
        #expect(first != second)
        for secret in [first, second] {
            #expect(secret.value.hasPrefix("tkd_") && secret.value.count == 47)
            #expect(secret.value.dropFirst(4).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            #expect(APITokenSecret(presented: secret.value) == secret)
            #expect(secret.hash.count == 32 && !secret.hash.elementsEqual(Data(secret.value.utf8).prefix(32)))
        }
        var system = SystemRandomNumberGenerator()
        let many = Set((0..<200).map { _ in APITokenSecret.random(using: &system).value })
        #expect(many.count == 200)
    }

    @Test("base64url as RFC 4648 §10 gives it, without padding")
    func base64URL() {
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (input, expected) in vectors { #expect(APITokenSecret.base64URL(Array(input.utf8)) == expected, "\(input)") }
        // The URL-safe digits: 0xFB 0xFF encode to "-_8" where standard base64 writes "+/8".
        #expect(APITokenSecret.base64URL([0xFB, 0xFF]) == "-_8")
    }

    @Test("what cannot be a secret is refused before any lookup", arguments: [
        "", "tkd_", "Bearer tkd_" + String(repeating: "A", count: 43), "tkd_" + String(repeating: "A", count: 42),
        "tkd_" + String(repeating: "A", count: 44), "tkx_" + String(repeating: "A", count: 43), "tkd_" + String(repeating: "A", count: 42) + "=",
        "tkd_" + String(repeating: "A", count: 42) + "+", "tkd_" + String(repeating: "Ä", count: 43),
    ])
    func refusedShapes(text: String) {
        #expect(APITokenSecret(presented: text) == nil)
    }

    @Test("a token stands until it expires or is revoked, and acts as token:<name> with its role and queues")
    func standing() throws {
        let made = Date(timeIntervalSince1970: 1_800_000_000)
        let token = APIToken(name: "crm-sync", role: .department, queues: ["tv"], createdAt: made, createdBy: "staff:adam",
                             expiresAt: made.addingTimeInterval(86_400))
        let account = try token.account(at: made.addingTimeInterval(3_600))
        #expect(account.role == .department && account.queues == ["tv"] && account.kind == .token)
        #expect(try account.actor.description == "token:crm-sync")
        #expect(throws: AccessDenial.tokenExpired(name: "crm-sync", at: token.expiresAt)) { try token.account(at: token.expiresAt) }
        var revoked = token
        revoked.revokedAt = made.addingTimeInterval(60)
        #expect(throws: AccessDenial.tokenRevoked(name: "crm-sync")) { try revoked.account(at: made.addingTimeInterval(120)) }
        #expect(!revoked.stands(at: made.addingTimeInterval(120)) && token.stands(at: made))
        // The denials name the token and the fix, never a secret.
        #expect(AccessDenial.tokenRevoked(name: "crm-sync").description.contains("ticketd token create"))
        #expect(AccessDenial.unknownToken.reason == "unknown_token" && AccessDenial.tokenExpired(name: "x", at: made).reason == "token_expired")
    }

    @Test("a person's account acts as staff:<name>")
    func personActor() throws {
        #expect(try StaffAccount(name: "anna", unixUser: "anna", role: .agent, queues: []).actor.description == "staff:anna")
    }
}
