/// Who did something, as the audit trail records it: `system:<part>` or `agent:<name>`.
///
/// Agent names are account names (`$TICKETD_ACTOR` or the Unix user), never customer data.
public struct Actor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whether a person or a part of ticketd acted.
    public enum Kind: String, Sendable, Hashable, Codable {
        case system
        /// A name given by `$TICKETD_ACTOR` or the Unix user on the command line (before the API).
        case agent
        /// A member of staff the daemon authenticated (`[[staff]]` name).
        case staff
        /// A Unix user on the daemon's socket without an account (recorded on a denial only).
        case unix
        /// Root or the service user working on the database directly (`--offline`).
        case admin
        /// An integration that came in with an API token (its name).
        case token
        /// A person signed in to the privacy portal (their pseudonym).
        case portal
    }

    public let kind: Kind
    public let name: String

    /// Why an actor name was refused.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case invalidName(String)

        public var description: String {
            switch self {
            case .invalidName(let reason): "the actor name is not usable: \(reason)"
            }
        }
    }

    /// Makes an actor; names are 1 to 64 characters of letters, digits, `.`, `_`, `-` and `@`.
    public init(_ kind: Kind, _ name: String) throws(Problem) {
        guard !name.isEmpty else { throw .invalidName("it is empty") }
        guard name.count <= 64 else { throw .invalidName("it has more than 64 characters") }
        guard name.unicodeScalars.allSatisfy({ $0.isASCII && (Self.allowed(Character($0))) }) else {
            throw .invalidName("use only letters, digits, '.', '_', '-' and '@'")
        }
        self.kind = kind
        self.name = name
    }

    /// The part of ticketd that acts on its own (`system:ingest`, `system:sweep`, ...).
    public static func system(_ part: String) -> Actor {
        // The parts are fixed names in our own code; a bad one is a programming error.
        try! Actor(.system, part)
    }

    public var description: String { "\(kind.rawValue):\(name)" }

    /// Reads `system:x` or `agent:x` back from its stored form.
    public init?(stored: String) {
        let parts = stored.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])),
              let actor = try? Actor(kind, String(parts[1])) else { return nil }
        self = actor
    }

    private static func allowed(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "." || c == "_" || c == "-" || c == "@"
    }
}
