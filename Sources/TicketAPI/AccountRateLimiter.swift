import Synchronization

/// Per-account request budget on the staff socket (issue 17: one misbehaving script must not
/// starve the others or the poller): a token bucket of `burst` requests refilled at `perSecond`.
/// The time is passed in, so that the arithmetic is tested without waiting.
package final class AccountRateLimiter: Sendable {
    package let perSecond: Double
    package let burst: Double
    private let buckets = Mutex<[String: (tokens: Double, at: Double)]>([:])

    /// A limiter of `perSecond` sustained and `burst` at once for each account.
    package init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = burst
    }

    /// Takes one request from `account`'s bucket at `now` (seconds on a monotonic clock); nil when
    /// allowed, else the seconds until the next request would be.
    package func take(_ account: String, now: Double) -> Double? {
        buckets.withLock { buckets in
            var bucket = buckets[account] ?? (tokens: burst, at: now)
            bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.at) * perSecond)
            bucket.at = now
            defer { buckets[account] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / perSecond }
            bucket.tokens -= 1
            return nil
        }
    }
}
