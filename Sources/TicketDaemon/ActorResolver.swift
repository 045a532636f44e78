package import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// Who is acting on the command line: `$TICKETD_ACTOR`, or else the Unix user.
package enum ActorResolver {
    /// The agent behind this command.
    package static func agent(environment: [String: String]) throws(OperatorError) -> Actor {
        let uid = geteuid()
        return try agent(environment: environment, unixUser: userName(uid: uid), uid: uid)
    }

    /// Root or the service user working on the database directly (`--offline`): `admin:<user>`.
    package static func admin() throws(OperatorError) -> Actor {
        let uid = geteuid()
        do { return try Actor(.admin, userName(uid: uid) ?? "uid-\(uid)") } catch { throw .actor(error.description) }
    }

    /// The user name of `uid` from the passwd database (getpwuid_r: the daemon serves many
    /// connections at once, and getpwuid's static buffer is shared).
    package static func userName(uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(uid_t(uid), &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }

    /// The agent named by the environment, else by the Unix user's name, else by the user id
    /// (`uid-N`): a user without a passwd entry, or with a name an actor cannot carry, still acts
    /// under a stable name. The lookup is passed in so that the fallback can be tested.
    package static func agent(environment: [String: String], unixUser: String?, uid: UInt32) throws(OperatorError) -> Actor {
        if let name = environment["TICKETD_ACTOR"], !name.isEmpty {
            do { return try Actor(.agent, name) } catch { throw .actor(error.description) }
        }
        if let unixUser, let actor = try? Actor(.agent, unixUser) {
            return actor
        }
        return try! Actor(.agent, "uid-\(uid)")
    }
}
