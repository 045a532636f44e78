package import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// Who is acting on the command line: `$TICKETD_ACTOR`, or else the Unix user.
package enum ActorResolver {
    /// The agent behind this command.
    package static func agent(environment: [String: String]) throws(OperatorError) -> Actor {
        let uid = geteuid()
        return try agent(environment: environment, unixUser: getpwuid(uid)?.pointee.pw_name.map { String(cString: $0) }, uid: uid)
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
