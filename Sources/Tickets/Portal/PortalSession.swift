public import Foundation

/// A person signed in to the portal (issue 18): who (their subject's pseudonym, never an address),
/// since when, when they were last seen, and until when a fresh code lets them export, erase or
/// change a consent. The session ends when it has been idle for `[portal] session_idle`, and in
/// any case after ``longestLife`` (a session left open on a shared computer does not outlive the day).
public struct PortalSession: Sendable, Hashable {
    /// The person's pseudonym; nil when the address signed in holds no data (the portal then
    /// says so, and offers nothing to change).
    public var subject: String?
    public var createdAt: Date
    public var lastSeenAt: Date
    /// Until when the last fresh code counts for the actions that ask for one.
    public var steppedUpUntil: Date?

    /// The longest a session lives, however active.
    public static let longestLife: TimeInterval = 12 * 3_600
    /// How long a fresh code counts for the actions that ask for one.
    public static let stepUpValid: TimeInterval = 10 * 60

    /// Describes a session.
    public init(subject: String?, createdAt: Date, lastSeenAt: Date, steppedUpUntil: Date? = nil) {
        self.subject = subject
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.steppedUpUntil = steppedUpUntil
    }

    /// Whether the session still stands at `now` with an idle timeout of `idle`.
    public func stands(at now: Date, idle: TimeInterval) -> Bool {
        now < lastSeenAt.addingTimeInterval(idle) && now < createdAt.addingTimeInterval(Self.longestLife) && now >= createdAt
    }

    /// Whether an action that asks for a fresh code may go ahead at `now`.
    public func isSteppedUp(at now: Date) -> Bool {
        steppedUpUntil.map { now < $0 } ?? false
    }
}
