public import Foundation

/// How often one client may try the portal's doors (issue 18): asking for a sign-in mail,
/// following a link, typing a code. The per-address share (`mails_per_address`) keeps the portal
/// from mailing one person over and over; this keeps one client from trying many addresses or
/// codes. Each client has a window of `window` seconds holding at most `limit` attempts; an
/// attempt beyond it is refused until the oldest one leaves the window.
///
/// The clients are bounded too: past ``maximumClients`` the ones whose window is empty are
/// forgotten, and if all are busy the oldest is, so that a flood of addresses cannot fill memory.
public struct PortalClientAttempts: Sendable {
    /// Attempts per window; a reload may change it, and it counts from the next attempt.
    public var limit: Int {
        didSet { limit = max(1, limit) }
    }
    public let window: TimeInterval
    /// The most clients remembered at once.
    public let maximumClients: Int
    /// Each client's attempts within the window, oldest first.
    private var attempts: [String: [Date]] = [:]

    /// A budget of `limit` attempts per `window` seconds and client.
    public init(limit: Int, window: TimeInterval, maximumClients: Int = 65_536) {
        self.limit = max(1, limit)
        self.window = window
        self.maximumClients = max(1, maximumClients)
    }

    /// Counts an attempt of `client` at `now` if the budget allows it: true when it may go ahead.
    /// A refused attempt is not counted, so a client that waits gets its turn again.
    public mutating func admit(_ client: String, at now: Date) -> Bool {
        let since = now.addingTimeInterval(-window)
        var recent = (attempts[client] ?? []).filter { $0 > since && $0 <= now }
        guard recent.count < limit else {
            attempts[client] = recent
            return false
        }
        recent.append(now)
        attempts[client] = recent
        if attempts.count > maximumClients { forget(before: since) }
        return true
    }

    /// How many clients are remembered.
    public var clients: Int { attempts.count }

    /// Forgets the clients with nothing in the window; if that is not enough, the ones whose last
    /// attempt is oldest.
    private mutating func forget(before since: Date) {
        attempts = attempts.filter { $0.value.last.map { $0 > since } ?? false }
        guard attempts.count > maximumClients else { return }
        let byLast = attempts.sorted { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }
        for (client, _) in byLast.prefix(attempts.count - maximumClients) { attempts[client] = nil }
    }
}
