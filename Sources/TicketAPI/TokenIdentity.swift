import Foundation
import Tickets
import TicketStore

/// From an `Authorization: Bearer` header to the account of an API token (issue 17): the
/// secret's hash finds the token, and the token stands only until it expires or is revoked.
/// Nothing else on the TLS listener names the caller.
enum TokenIdentity {
    /// The refusal, with the token's name when the secret belongs to a known token (so that a
    /// revoked or expired token's attempt is audited under its own name).
    struct Refusal: Error {
        var denial: AccessDenial
        var token: String?
    }

    /// The account the header's token acts as at `now`; throws only when the store cannot be read.
    static func account(authorization: String?, tokens: APITokenStore, now: Date) throws(StoreError) -> Result<StaffAccount, Refusal> {
        guard let secret = bearer(authorization).flatMap(APITokenSecret.init(presented:)) else {
            return .failure(Refusal(denial: .unknownToken, token: nil))
        }
        guard let token = try tokens.token(secretHash: secret.hash) else { return .failure(Refusal(denial: .unknownToken, token: nil)) }
        do throws(AccessDenial) { return .success(try token.account(at: now)) } catch {
            return .failure(Refusal(denial: error, token: token.name))
        }
    }

    /// The credentials of `Bearer <token>` (RFC 6750 §2.1; the scheme is case-insensitive).
    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
