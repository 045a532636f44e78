import Foundation

/// Where a PostgreSQL database is (issue 19): `[storage] url = "postgresql://USER@HOST:PORT/DATABASE"`.
///
/// The password never stands in the URL (it comes from a password file, like every secret in the
/// configuration), and TLS is always on with verify-full semantics: the server's certificate must
/// chain to the configured CA and name the host. The host must therefore be a name: for an IP
/// address postgres-nio checks no name at all, so an address would quietly weaken the check.
public struct PostgresEndpoint: Sendable, Hashable {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String

    /// Why a URL is not one ticketd connects to, with the fix.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var fix: String
        public var description: String { "\(reason): \(fix)" }
    }

    /// An endpoint from its parts, as checked elsewhere.
    public init(user: String, host: String, port: Int, database: String) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
    }

    /// Reads `postgresql://USER@HOST[:PORT]/DATABASE` (also `postgres://`).
    public init(url text: String) throws(Problem) {
        let example = "write url = \"postgresql://ticketd@db.example.com:5432/ticketd\" and the password in password_file"
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgresql" || scheme == "postgres" else {
            throw Problem(reason: "'\(Self.withoutSecrets(text))' is not a postgresql:// URL", fix: example)
        }
        guard components.password == nil else {
            throw Problem(reason: "the URL holds a password", fix: "take it out of the URL and put it in the file password_file names (0600, readable by ticketd only)")
        }
        guard let user = components.user, !user.isEmpty else { throw Problem(reason: "the URL names no user", fix: example) }
        guard let host = components.host, !host.isEmpty else { throw Problem(reason: "the URL names no host", fix: example) }
        guard !Self.isAddress(host) else {
            throw Problem(reason: "the host \(host) is an IP address, so the server's certificate could not be checked against a name",
                          fix: "use the host name the database's certificate is issued for (verify-full), e.g. postgresql://\(user)@db.example.com/ticketd")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw Problem(reason: "the URL names no database", fix: example) }
        guard components.query == nil, components.fragment == nil else {
            throw Problem(reason: "the URL has options (?…)", fix: "leave them out: TLS is always verify-full, and the CA file is its own key (ca_file)")
        }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw Problem(reason: "the port \(port) is not a TCP port", fix: example) }
        self.user = user
        self.host = host.lowercased()
        self.port = port
        self.database = database
    }

    /// The URL as it may be logged: no user's password can be in it (it is refused), so it is shown whole.
    public var description: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    /// Whether `host` is an IPv4 or IPv6 literal.
    static func isAddress(_ host: String) -> Bool {
        var ipv4 = in_addr(), ipv6 = in6_addr()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return inet_pton(AF_INET, bare, &ipv4) == 1 || inet_pton(AF_INET6, bare, &ipv6) == 1
    }

    /// The URL with anything after `:` in its user part masked, for an error that repeats it.
    static func withoutSecrets(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at,
              let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":…" + String(text[at...])
    }
}
