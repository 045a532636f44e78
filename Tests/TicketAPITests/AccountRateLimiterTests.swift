import Testing
@testable import TicketAPI

/// The per-account token bucket, on a clock the test sets.
@Suite("Staff API: the per-account rate limit")
struct AccountRateLimiterTests {
    @Test("a burst passes, the next is told how long to wait, time refills; accounts do not share a bucket")
    func bucket() throws {
        let limiter = AccountRateLimiter(perSecond: 20, burst: 40)
        for _ in 0..<40 { #expect(limiter.take("anna", now: 100) == nil) }
        let wait = try #require(limiter.take("anna", now: 100), "the 41st request at once must wait")
        #expect(abs(wait - 0.05) < 1e-9, "one token at 20 a second: \(wait) s")
        #expect(limiter.take("dora", now: 100) == nil, "another account has its own bucket")
        #expect(limiter.take("anna", now: 100.06) == nil, "refilled after 60 ms")
        #expect(limiter.take("anna", now: 100.06) != nil)
        // After a long pause the bucket is full again, never fuller.
        for _ in 0..<40 { #expect(limiter.take("anna", now: 1_000) == nil) }
        #expect(limiter.take("anna", now: 1_000) != nil)
    }
}
