package import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// Who is acting on the command line: `$TICKETD_ACTOR`, or else the Unix user.
package enum ActorResolver {
    /// The agent behind this command.
    package static func agent(environment: [String: String]) throws(OperatorError) -> Actor {
        if let name = environment["TICKETD_ACTOR"], !name.isEmpty {
            do { return try Actor(.agent, name) } catch { throw .actor(error.description) }
        }
        if let entry = getpwuid(geteuid()), let cName = entry.pointee.pw_name,
           let actor = try? Actor(.agent, String(cString: cName)) {
            return actor
        }
        return try! Actor(.agent, "uid-\(geteuid())")
    }
}
