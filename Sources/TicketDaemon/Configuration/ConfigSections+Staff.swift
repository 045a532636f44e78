import Foundation
import Tickets
#if canImport(Glibc)
import Glibc
#endif

extension Configuration {
    /// `[api]`: where the daemon serves its members of staff (issue 17).
    package struct API: Sendable, Equatable {
        /// The Unix socket (absolute after loading).
        package var socket: String
        /// The group that may connect to it (the socket is 0660, owned by the service user and this group).
        package var socketGroup: String
        /// Requests a second each account may send (twice that at once); more get 429.
        package var requestsPerSecond: Int
        /// The TLS listener for integrations with API tokens, if `listen` is set.
        package var tls: TLSListener?
        /// Connections each listener holds open at once; one more is closed as soon as it is
        /// accepted, so that a flood of connections cannot use up the daemon's file descriptors.
        package var maxConnections: Int
        /// How long a client has for each request, head and body, counted from the connection's
        /// start or the end of the previous answer; a client that trickles bytes is cut off then.
        package var requestTimeout: Duration

        /// The defaults when `[api]` is absent.
        package static let standard = API(socket: "/run/ticketd/ticketd.sock", socketGroup: "ticketd-staff", requestsPerSecond: 20, tls: nil,
                                          maxConnections: 256, requestTimeout: .seconds(30))
        /// The range of `max_connections`: at least one, at most what a file-descriptor limit allows.
        package static let maxConnectionsRange = 1...65_536
        /// The range of `request_timeout` in seconds: a second to ten minutes.
        package static let requestTimeoutRange = 1...600
    }

    /// `[api] listen`, `certificate_file`, `key_file`: HTTPS for API tokens. There is no plaintext
    /// listener: without a certificate there is no TCP port at all.
    package struct TLSListener: Sendable, Equatable {
        /// An IP address (not a name: what the daemon binds must not depend on DNS).
        package var host: String
        package var port: Int
        /// The PEM certificate chain, the server's own certificate first.
        package var certificateFile: String
        /// The PEM private key (readable by the service user only).
        package var keyFile: String
    }
}

/// `[[staff]]` and `[api]`: who comes in, as whom, and where.
extension ConfigSections {
    // MARK: [[staff]]

    /// The members of staff. A Unix user is one account (the socket knows the caller by uid), a
    /// name is one actor in the audit trail, and every queue named must exist.
    func staff(_ root: TableReader, queues: [Queue]) -> [StaffAccount] {
        var accounts: [StaffAccount] = []
        var names: [(Int, String)] = []
        var unixUsers: [String: Int] = [:]
        let roles = StaffRole.allCases.map(\.rawValue).joined(separator: ", ")
        for (index, table) in root.tables("staff").enumerated() {
            defer { table.finish() }
            let name = shortName(table, example: "\"anna\"")
            if let name { names.append((index, name)) }
            let unixUser = table.string("unix_user", required: true, example: "\"anna\"")
            if let unixUser {
                if let first = unixUsers[unixUser] {
                    table.invalid("unix_user", "the Unix user '\(unixUser)' is already the account of staff[\(first)]",
                                  fix: "give each Unix user one [[staff]] entry: the socket knows a caller by their user, so two accounts would be one person")
                } else {
                    unixUsers[unixUser] = index
                }
                // A warning only: `config check` may run on another machine than the daemon.
                if getpwnam(unixUser) == nil {
                    table.warn("unix_user", "there is no Unix user '\(unixUser)' on this machine, so nobody can come in as this account",
                               fix: "create the user (adduser \(unixUser)) and add them to the socket's group, or correct the name")
                }
            }
            var role: StaffRole?
            if let text = table.string("role", required: true, example: "\"agent\"") {
                role = StaffRole(rawValue: text)
                if role == nil { table.invalid("role", "'\(text)' is not a role", fix: "write one of \(roles)") }
            }
            var accountQueues: [String] = []
            if let listed = table.strings("queues", example: "[\"tv\"]") {
                let known = Set(queues.map(\.name))
                for (i, queue) in listed.enumerated() where !known.contains(queue) {
                    diagnostics.error("\(table.keyPath("queues"))[\(i)]", "there is no queue '\(queue)'",
                                      fix: "name a [[queues]] entry (\(queues.map(\.name).joined(separator: ", "))), or leave queues out for every ticket")
                }
                accountQueues = listed
                if let role, role.ticketView == nil, !listed.isEmpty {
                    table.warn("queues", "role \(role.rawValue) reads no tickets, so its queues change nothing", fix: "remove queues from this entry")
                }
            }
            if let name, let unixUser, let role {
                accounts.append(StaffAccount(name: name, unixUser: unixUser, role: role, queues: accountQueues))
            }
        }
        checkUnique(names, section: "staff")
        return accounts
    }

    // MARK: [api]

    func api(_ root: TableReader) -> Configuration.API {
        guard let table = root.table("api") else { return .standard }
        defer { table.finish() }
        var api = Configuration.API.standard
        if let socket = table.string("socket", example: "\"/run/ticketd/ticketd.sock\"") {
            let path = resolvePath(socket, against: directory)
            if path.utf8.count >= 108 {
                // sockaddr_un.sun_path holds 108 bytes with its terminating zero (unix(7)).
                table.invalid("socket", "the path is \(path.utf8.count) bytes long; a Unix socket's path must be shorter than 108",
                              fix: "choose a shorter path, e.g. socket = \"/run/ticketd/ticketd.sock\"")
            } else {
                api.socket = path
            }
        }
        if let group = table.string("socket_group", example: "\"ticketd-staff\"") {
            api.socketGroup = group
            if getgrnam(group) == nil {
                table.warn("socket_group", "there is no group '\(group)' on this machine, so the daemon cannot give the socket to it",
                           fix: "create it (addgroup --system \(group)) and add the members of staff, or name an existing group")
            }
        }
        if let rate = integer(table, "requests_per_second", in: 1...100_000, default: api.requestsPerSecond) { api.requestsPerSecond = rate }
        if let limit = integer(table, "max_connections", in: Configuration.API.maxConnectionsRange, default: api.maxConnections,
                               why: "each open connection holds a file descriptor of the daemon (LimitNOFILE in the unit)") {
            api.maxConnections = limit
        }
        if let timeout = requestTimeout(table) { api.requestTimeout = timeout }
        api.tls = tlsListener(table)
        return api
    }

    /// `request_timeout`: an ISO 8601 duration of whole seconds, from a second (a client on another
    /// continent still sends a small request in time) to ten minutes (longer lets a slow client
    /// hold a connection for nothing). Nil when absent or wrong (which is reported).
    func requestTimeout(_ table: TableReader) -> Duration? {
        guard table.has("request_timeout") else { return nil }
        guard let duration = duration(table, "request_timeout", default: "PT30S", mustBeFixed: true, allowZero: false),
              let seconds = duration.fixedSeconds else { return nil }
        let range = Configuration.API.requestTimeoutRange
        guard range.contains(seconds) else {
            table.invalid("request_timeout", "is \(seconds) s; it must be from \(range.lowerBound) s to \(range.upperBound / 60) minutes",
                          fix: "a client sends a request well within a second; write e.g. request_timeout = \"PT30S\" (at most \"PT10M\")")
            return nil
        }
        return .seconds(seconds)
    }

    /// `listen` with its certificate and key; each missing or unusable part is named.
    /// `files` names the example files (`api.crt`, `portal.crt`).
    func tlsListener(_ table: TableReader, files: String = "api") -> Configuration.TLSListener? {
        let certificate = table.string("certificate_file", example: "\"/etc/ticketd/\(files).crt\"")
        let key = table.string("key_file", example: "\"/etc/ticketd/\(files).key\"")
        guard let listen = table.string("listen", example: "\"127.0.0.1:8443\"") else {
            if certificate != nil || key != nil {
                table.warn("listen", "certificate_file and key_file are set but listen is not, so no TLS listener is opened",
                           fix: "set listen = \"127.0.0.1:8443\" (an address and port), or remove the certificate and key")
            }
            return nil
        }
        guard let (host, port) = Self.hostAndPort(listen) else {
            table.invalid("listen", "'\(listen)' is not an IP address and port",
                          fix: "write listen = \"127.0.0.1:8443\" or \"[::1]:8443\" (the address to bind, not a host name)")
            return nil
        }
        guard let certificate else {
            table.invalid("certificate_file", "listen is set, and the TLS listener needs a certificate (there is no plaintext listener)",
                          fix: "name the PEM certificate chain, e.g. certificate_file = \"/etc/ticketd/\(files).crt\"")
            return nil
        }
        guard let key else {
            table.invalid("key_file", "listen is set, and the TLS listener needs the certificate's private key",
                          fix: "name the PEM private key, readable by ticketd only, e.g. key_file = \"/etc/ticketd/\(files).key\"")
            return nil
        }
        let certificatePath = resolvePath(certificate, against: directory)
        let keyPath = resolvePath(key, against: directory)
        guard let data = FileManager.default.contents(atPath: certificatePath),
              String(decoding: data, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            table.invalid("certificate_file", "\(certificatePath) is not a readable PEM certificate",
                          fix: "name a PEM file that starts with -----BEGIN CERTIFICATE----- and make it readable for ticketd")
            return nil
        }
        var status = stat()
        guard stat(keyPath, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            table.invalid("key_file", "\(keyPath) is not an existing file", fix: "name the PEM private key of the certificate")
            return nil
        }
        if status.st_mode & 0o004 != 0 {
            table.warn("key_file", "\(keyPath) is readable by every user on this machine", fix: "chmod 600 \(keyPath) (owner ticketd)")
        }
        return Configuration.TLSListener(host: host, port: port, certificateFile: certificatePath, keyFile: keyPath)
    }

    /// `127.0.0.1:8443`, `[::1]:8443`: an IP literal and a port from 1 to 65535.
    static func hostAndPort(_ text: String) -> (String, Int)? {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
            var address = in6_addr()
            guard inet_pton(AF_INET6, String(host), &address) == 1 else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            var address = in_addr()
            guard inet_pton(AF_INET, String(host), &address) == 1 else { return nil }
        }
        guard let port = Int(portText), (1...65_535).contains(port) else { return nil }
        return (String(host), port)
    }
}
