import TicketDaemon
import Tickets

/// From the kernel's uid to a member of staff: the Unix user's name, then the `[[staff]]` entry
/// with that `unix_user`. Nothing else names the caller: not a header, not `$TICKETD_ACTOR`.
enum StaffIdentity {
    /// The account of the Unix user `uid`, or the denial that says there is none.
    static func account(uid: UInt32, staff: [StaffAccount]) -> Result<StaffAccount, AccessDenial> {
        let user = ActorResolver.userName(uid: uid) ?? "uid \(uid)"
        guard let account = staff.first(where: { $0.unixUser == user }) else { return .failure(.noAccount(unixUser: user)) }
        return .success(account)
    }
}
