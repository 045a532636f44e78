import Foundation
import Testing
@testable import Tickets

/// The privacy portal's rules (issue 18), pure: a challenge is good once, for a while, for a few
/// wrong codes; a session ends when idle or old; a fresh code counts for a few minutes.
@Suite("Portal: challenges, sessions, secrets")
struct PortalModelTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let fifteen: TimeInterval = 15 * 60

    static func challenge() -> PortalChallenge {
        PortalChallenge(purpose: .signIn, createdAt: start, expiresAt: start.addingTimeInterval(fifteen))
    }

    @Test("following the link consumes the challenge once; a second follow and a late one are refused")
    func linkOnce() {
        let (used, refusal) = Self.challenge().followingLink(at: Self.start.addingTimeInterval(60))
        #expect(refusal == nil && used.consumedAt == Self.start.addingTimeInterval(60))
        #expect(used.followingLink(at: Self.start.addingTimeInterval(61)).refusal == .consumed)
        #expect(Self.challenge().followingLink(at: Self.start.addingTimeInterval(Self.fifteen)).refusal == .expired)
        #expect(Self.challenge().followingLink(at: Self.start.addingTimeInterval(Self.fifteen - 1)).refusal == nil)
    }

    @Test("wrong codes count; the fifth spends the challenge, and then even the right code is refused")
    func codeAttempts() {
        var challenge = Self.challenge()
        let now = Self.start.addingTimeInterval(30)
        for attempt in 1...4 {
            let (next, refusal) = challenge.enteringCode(matches: false, at: now)
            #expect(refusal == .wrongCode && next.failedAttempts == attempt)
            challenge = next
        }
        let (spent, fifth) = challenge.enteringCode(matches: false, at: now)
        #expect(fifth == .tooManyAttempts)
        #expect(spent.enteringCode(matches: true, at: now).refusal == .tooManyAttempts)
        #expect(spent.followingLink(at: now).refusal == .tooManyAttempts, "a spent challenge's link is dead too")
        let (signedIn, right) = Self.challenge().enteringCode(matches: true, at: now)
        #expect(right == nil && signedIn.consumedAt == now)
        #expect(signedIn.enteringCode(matches: true, at: now).refusal == .consumed)
    }

    @Test("a session ends when idle, after twelve hours whatever, and never before it began")
    func sessionLife() {
        let idle: TimeInterval = 30 * 60
        var session = PortalSession(subject: "S-4F2A", createdAt: Self.start, lastSeenAt: Self.start)
        #expect(session.stands(at: Self.start.addingTimeInterval(idle - 1), idle: idle))
        #expect(!session.stands(at: Self.start.addingTimeInterval(idle), idle: idle))
        session.lastSeenAt = Self.start.addingTimeInterval(PortalSession.longestLife - 60)
        #expect(!session.stands(at: Self.start.addingTimeInterval(PortalSession.longestLife), idle: idle), "twelve hours at most")
        #expect(!session.stands(at: Self.start.addingTimeInterval(-1), idle: idle))
        #expect(!session.isSteppedUp(at: Self.start))
        session.steppedUpUntil = Self.start.addingTimeInterval(PortalSession.stepUpValid)
        #expect(session.isSteppedUp(at: Self.start.addingTimeInterval(PortalSession.stepUpValid - 1)))
        #expect(!session.isSteppedUp(at: Self.start.addingTimeInterval(PortalSession.stepUpValid)))
    }

    @Test("erasure, export and consent changes ask for a fresh code; rectification and restriction do not")
    func freshCode() {
        #expect(PortalAction.allCases.filter(\.needsFreshCode) == [.withdrawConsent, .giveMarketingConsent, .export, .erase])
    }

    @Test("tokens are 43 base64url digits and differ; codes are six digits, uniform enough, zeros kept; typed codes are read forgivingly")
    func secrets() {
        var system = SystemRandomNumberGenerator()
        let tokens = (0..<100).map { _ in PortalSecret.token(using: &system) }
        #expect(Set(tokens).count == 100 && tokens.allSatisfy(PortalSecret.isToken))
        #expect(!PortalSecret.isToken(tokens[0] + "A") && !PortalSecret.isToken(String(tokens[0].dropLast()) + "="))
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<2_000 {
            let code = PortalSecret.code(using: &system)
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))
            counts[Int(String(code.first!))!] += 1
        }
        // 2,000 first digits over ten values: each near 200; a biased draw would leave some far off.
        #expect(counts.allSatisfy { (120...280).contains($0) }, "\(counts)")
        // A draw of 1 maps to 0 in the standard library's unbiased bounded draw (not 0 itself: its
        // rejection step would draw again for ever from a generator that only says 0).
        struct One: RandomNumberGenerator { mutating func next() -> UInt64 { 1 } }
        var one = One()
        #expect(PortalSecret.code(using: &one) == "000000")
        #expect(PortalSecret.normalizedCode("123 456") == "123456" && PortalSecret.normalizedCode("123-456") == "123456")
        #expect(PortalSecret.normalizedCode("12345") == nil && PortalSecret.normalizedCode("12345a") == nil && PortalSecret.normalizedCode("١٢٣٤٥٦") == nil)
    }

    @Test("the form token is tied to its session; comparison does not stop at the first difference")
    func formToken() {
        let a = PortalSecret.formToken(sessionID: "session-a"), b = PortalSecret.formToken(sessionID: "session-b")
        #expect(a != b && a == PortalSecret.formToken(sessionID: "session-a") && a.count == 43)
        #expect(PortalSecret.same(a, a) && !PortalSecret.same(a, b) && !PortalSecret.same(a, a + "x"))
        #expect(PortalSecret.hash("x") != PortalSecret.hash("y") && PortalSecret.hash("x").count == 32)
    }
}
