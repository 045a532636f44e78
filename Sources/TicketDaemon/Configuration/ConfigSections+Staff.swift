import Foundation
import Tickets
#if canImport(Glibc)
import Glibc
#endif

extension Configuration {
    /// `[api]`: where the daemon serves its members of staff (issue 17).
    package struct API: Sendable {
        /// The Unix socket (absolute after loading).
        package var socket: String
        /// The group that may connect to it (the socket is 0660, owned by the service user and this group).
        package var socketGroup: String
        /// Requests a second each account may send (twice that at once); more get 429.
        package var requestsPerSecond: Int

        /// The defaults when `[api]` is absent.
        package static let standard = API(socket: "/run/ticketd/ticketd.sock", socketGroup: "ticketd-staff", requestsPerSecond: 20)
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
        return api
    }
}
