public import Foundation

/// What a person asked the portal for by mail (issue 18): a sign-in, or the fresh code that an
/// export, an erasure or a consent change asks for first. The mail carries a one-time link (for a
/// sign-in) and a short code; the store keeps only their hashes and this record's state.
///
/// The rules, pure: a challenge is good once, until `expiresAt`, and for at most
/// ``maximumAttempts`` wrong codes; after that it is spent whatever is typed. Only a POST redeems
/// a link (a mail scanner's GET must never sign anyone in), and a code is only ever checked
/// against the challenge its own browser asked for, so six digits are enough.
public struct PortalChallenge: Sendable, Hashable {
    /// Why the mail was sent.
    public enum Purpose: String, Sendable, Hashable, CaseIterable {
        /// Sign in: the link or the code opens a session.
        case signIn = "sign_in"
        /// Confirm an action inside a session that asks for a fresh code.
        case stepUp = "step_up"
    }

    public var purpose: Purpose
    /// When the mail was asked for, and until when it counts (`[portal] link_valid`, 15 minutes by default).
    public var createdAt: Date
    public var expiresAt: Date
    /// Wrong codes typed so far.
    public var failedAttempts: Int
    /// When it was redeemed, if it was: a link and its code are good once.
    public var consumedAt: Date?

    /// Wrong codes a challenge survives: the fifth wrong one spends it.
    public static let maximumAttempts = 5

    /// Describes a challenge.
    public init(purpose: Purpose, createdAt: Date, expiresAt: Date, failedAttempts: Int = 0, consumedAt: Date? = nil) {
        self.purpose = purpose
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.failedAttempts = failedAttempts
        self.consumedAt = consumedAt
    }

    /// Why a challenge no longer opens anything. The portal shows one page for all of them, so
    /// that a guess learns nothing; the audit trail keeps the reason.
    public enum Refusal: String, Error, Sendable, Hashable {
        case expired
        case consumed
        case tooManyAttempts = "too_many_attempts"
        case wrongCode = "wrong_code"
    }

    /// Whether the challenge can still be redeemed at `now` (before any code is compared).
    public func standing(at now: Date) -> Refusal? {
        if consumedAt != nil { return .consumed }
        if failedAttempts >= Self.maximumAttempts { return .tooManyAttempts }
        if now >= expiresAt { return .expired }
        return nil
    }

    /// The outcome of typing a code: the challenge as it is afterwards, and nil or the refusal.
    /// A wrong code counts an attempt; a right one consumes the challenge.
    public func enteringCode(matches: Bool, at now: Date) -> (challenge: PortalChallenge, refusal: Refusal?) {
        if let refusal = standing(at: now) { return (self, refusal) }
        var next = self
        guard matches else {
            next.failedAttempts += 1
            return (next, next.failedAttempts >= Self.maximumAttempts ? .tooManyAttempts : .wrongCode)
        }
        next.consumedAt = now
        return (next, nil)
    }

    /// The outcome of following the link (its POST): it consumes the challenge when it stands.
    public func followingLink(at now: Date) -> (challenge: PortalChallenge, refusal: Refusal?) {
        if let refusal = standing(at: now) { return (self, refusal) }
        var next = self
        next.consumedAt = now
        return (next, nil)
    }
}
