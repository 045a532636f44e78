import Foundation
import Testing
import Tickets

/// The per-client budget of sign-in attempts (issue 18): a sliding window, refusals not counted,
/// clients independent, and memory bounded however many clients come.
@Suite("Portal: attempts per client")
struct PortalClientAttemptsTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// `#expect` cannot call a mutating method on its argument.
    func admit(_ budget: inout PortalClientAttempts, _ client: String, at now: Date) -> Bool { budget.admit(client, at: now) }

    @Test("three attempts in ten minutes: the fourth is refused, another client is not; the oldest leaving the window lets one more in")
    func window() {
        var budget = PortalClientAttempts(limit: 3, window: 600)
        for minute in 0..<3 { #expect(admit(&budget, "192.0.2.1", at: start.addingTimeInterval(Double(minute) * 60))) }
        #expect(!admit(&budget, "192.0.2.1", at: start.addingTimeInterval(300)))
        #expect(admit(&budget, "192.0.2.2", at: start.addingTimeInterval(300)))
        // Refusals are not counted: at 10:01 the first attempt has left, and one more goes in.
        #expect(!admit(&budget, "192.0.2.1", at: start.addingTimeInterval(599)))
        #expect(admit(&budget, "192.0.2.1", at: start.addingTimeInterval(601)))
        #expect(!admit(&budget, "192.0.2.1", at: start.addingTimeInterval(602)))
        // A lower limit from a reload counts at once.
        budget.limit = 1
        #expect(!admit(&budget, "192.0.2.2", at: start.addingTimeInterval(610)))
        budget.limit = 0
        #expect(budget.limit == 1, "at least one attempt")
    }

    @Test("memory stays bounded: quiet clients are forgotten first, then the longest quiet")
    func bounded() {
        var budget = PortalClientAttempts(limit: 2, window: 600, maximumClients: 100)
        for client in 0..<100 { #expect(admit(&budget, "198.51.100.\(client)", at: start)) }
        #expect(budget.clients == 100)
        // An hour later the old ones have nothing in their window and go.
        #expect(admit(&budget, "203.0.113.1", at: start.addingTimeInterval(3_600)))
        #expect(budget.clients == 1)
        for client in 0..<150 { _ = budget.admit("203.0.113.\(client + 2)", at: start.addingTimeInterval(3_600 + Double(client))) }
        #expect(budget.clients <= 100)
        // The newest client is still remembered: its second attempt counts, its third is refused.
        #expect(admit(&budget, "203.0.113.151", at: start.addingTimeInterval(3_800)))
        #expect(!admit(&budget, "203.0.113.151", at: start.addingTimeInterval(3_801)))
    }
}
