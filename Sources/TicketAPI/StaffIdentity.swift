import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// From the kernel's uid to a member of staff: the Unix user's name, then the `[[staff]]` entry
/// with that `unix_user`. Nothing else names the caller: not a header, not `$TICKETD_ACTOR`.
enum StaffIdentity {
    /// The account of the Unix user `uid`, or the denial that says there is none.
    static func account(uid: UInt32, staff: [StaffAccount]) -> Result<StaffAccount, AccessDenial> {
        let user = userName(uid: uid) ?? "uid \(uid)"
        guard let account = staff.first(where: { $0.unixUser == user }) else { return .failure(.noAccount(unixUser: user)) }
        return .success(account)
    }

    /// The user name of `uid` from the passwd database (getpwuid_r: the daemon serves many
    /// connections at once, and getpwuid's static buffer is shared).
    static func userName(uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(uid_t(uid), &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }
}
