import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import Tickets

/// The per-client limit of the portal's sign-in attempts (issue 18), shared by every request of
/// one listener: `[portal] attempts_per_client` within ten minutes.
final class PortalClientLimit: Sendable {
    /// The window the attempts count in.
    static let window: TimeInterval = 600
    private let budget: Mutex<PortalClientAttempts>
    /// True on the Unix socket: the client is the one the reverse proxy names.
    let behindProxy: Bool

    init(attempts: Int, behindProxy: Bool) {
        budget = Mutex(PortalClientAttempts(limit: attempts, window: Self.window))
        self.behindProxy = behindProxy
    }

    /// Counts an attempt of the request's client against `limit` (the configuration in force);
    /// false when it is over its budget.
    func admit(_ request: Request, peer: String?, limit: Int, at now: Date = Date()) -> Bool {
        let client = Self.client(peer: peer, forwardedFor: behindProxy ? request.headers[values: Self.forwardedFor] : [])
        return budget.withLock { budget in
            budget.limit = limit
            return budget.admit(client, at: now)
        }
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// Who a request counts for: on the socket, the last address the reverse proxy appended to
    /// `X-Forwarded-For` (earlier ones are whatever the client claimed); on TLS, the peer. An IPv6
    /// address counts by its /64, which one household or host usually has whole.
    static func client(peer: String?, forwardedFor lines: [String]) -> String {
        let forwarded = lines.flatMap { $0.split(separator: ",") }.last.map { $0.trimmingCharacters(in: .whitespaces) }
        let address = forwarded.flatMap { $0.isEmpty ? nil : $0 } ?? peer ?? "unknown"
        guard address.contains(":") else { return address }
        // IPv6: the first four groups, with "::" expanded so that equal prefixes compare equal.
        let halves = address.components(separatedBy: "::")
        let head = halves[0].split(separator: ":", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        let tail = halves.count > 1 ? halves[1].split(separator: ":").map(String.init) : []
        let groups = head + Array(repeating: "0", count: max(0, 8 - head.count - tail.count)) + tail
        return groups.prefix(4).map { String(Int($0, radix: 16) ?? 0, radix: 16) }.joined(separator: ":") + "::/64"
    }
}
