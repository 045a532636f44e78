import Foundation

/// A mail server address from the configuration: scheme, host and port, with TLS decided by the scheme.
///
/// `imaps`/`smtps` mean implicit TLS; `imap`/`smtp` mean STARTTLS, which ticketd then requires
/// (there is no plaintext mode and no switch to skip certificate checks).
package struct ServerURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is encrypted.
    package enum Security: String, Sendable, Hashable {
        case implicitTLS = "implicit TLS"
        case startTLS = "STARTTLS (required)"
    }

    /// The protocol a URL is for.
    package enum Service: String, Sendable {
        case imap = "IMAP"
        case smtp = "SMTP"

        var schemes: (tls: String, startTLS: String) {
            switch self {
            case .imap: ("imaps", "imap")
            case .smtp: ("smtps", "smtp")
            }
        }

        var defaultPorts: (tls: Int, startTLS: Int) {
            switch self {
            case .imap: (993, 143)
            case .smtp: (465, 587)
            }
        }

        var example: String {
            switch self {
            case .imap: "\"imaps://mail.example.com:993\" (implicit TLS) or \"imap://mail.example.com:143\" (STARTTLS)"
            case .smtp: "\"smtps://mail.example.com:465\" (implicit TLS) or \"smtp://mail.example.com:587\" (STARTTLS)"
            }
        }
    }

    package var scheme: String
    package var host: String
    /// The port, filled in from the scheme's default when the URL has none
    /// (libcurl would use 25 for `smtp://`; submission is 587).
    package var port: Int
    package var security: Security

    /// Why a URL was refused; the text is the message, `fix` says what to write instead.
    package struct Problem: Error, Sendable, Equatable {
        package var message: String
        package var fix: String
    }

    /// Parses and checks a URL for the given service.
    package init(parsing text: String, for service: Service) throws(Problem) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw Problem(message: "is not a URL", fix: "write it as \(service.example)")
        }
        let schemes = service.schemes
        guard scheme == schemes.tls || scheme == schemes.startTLS else {
            let other: Service = service == .imap ? .smtp : .imap
            let hint = [other.schemes.tls, other.schemes.startTLS].contains(scheme) ? " (that scheme is for \(other.rawValue))" : ""
            throw Problem(
                message: "the scheme '\(scheme)' is not allowed here\(hint); \(service.rawValue) takes only '\(schemes.tls)' or '\(schemes.startTLS)'",
                fix: "write it as \(service.example)"
            )
        }
        if components.user != nil || components.password != nil {
            throw Problem(
                message: "contains a user name or password",
                fix: "remove them from the URL; set the \(service == .imap ? "imap" : "smtp").username key and name a password file with password_file"
            )
        }
        guard let host = components.host, !host.isEmpty else {
            throw Problem(message: "has no host", fix: "write it as \(service.example)")
        }
        if !(components.path.isEmpty || components.path == "/") {
            throw Problem(
                message: "has a path; the \(service == .imap ? "mailbox is set with imap.mailbox" : "server needs none")",
                fix: "remove everything after the port"
            )
        }
        if components.query != nil || components.fragment != nil {
            throw Problem(message: "has a query or fragment", fix: "remove everything after the port")
        }
        let isTLS = scheme == schemes.tls
        let port = components.port ?? (isTLS ? service.defaultPorts.tls : service.defaultPorts.startTLS)
        guard (1...65535).contains(port) else {
            throw Problem(message: "has port \(port), which is out of range", fix: "use a port from 1 to 65535")
        }
        self.scheme = scheme
        self.host = host
        self.port = port
        self.security = isTLS ? .implicitTLS : .startTLS
    }

    /// `scheme://host:port`, with the port always spelt out.
    package var description: String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed):\(port)"
    }
}
