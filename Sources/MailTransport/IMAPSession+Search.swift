package import Foundation

/// Reading a mailbox: its status and the UIDs of the messages it holds, by UID, by arrival day or
/// by Message-ID.
extension IMAPSession {
    /// UIDVALIDITY, UIDNEXT and the message count of a mailbox, by `STATUS`.
    package func status(of mailbox: String) throws(IMAPError) -> MailboxStatus {
        // STATUS of the selected mailbox answers from the session's view, which only a command
        // such as NOOP brings up to date (measured with Dovecot 2.3: new mail stays invisible).
        _ = try run(command: "NOOP", mailbox: nil)
        return try statusAfterRefresh(of: mailbox)
    }

    /// The UIDs in a mailbox greater than `uid`, ascending.
    ///
    /// Searches `UID SEARCH UID a:b` in windows of at most ``searchWindow`` UIDs up to UIDNEXT:
    /// libcurl 7.88 silently cuts response lines longer than its buffer (about 16 KB) and returns
    /// success, so one `uid+1:*` search over thousands of new messages would lose UIDs. Every
    /// answer is checked against its window (and ESEARCH's COUNT); a mangled one is an error,
    /// never a shorter list. The window's explicit upper end also avoids the `n:*` trap (`*` is
    /// the last message even when its UID is below n).
    package func uids(in mailbox: String, above uid: UInt32) throws(IMAPError) -> [UInt32] {
        guard uid < UInt32.max else { return [] }
        try refresh(mailbox)
        let next = try statusAfterRefresh(of: mailbox).uidNext
        return try windowedSearch(in: mailbox, from: uid + 1, below: next, criteria: nil)
    }

    /// The UIDs of messages whose internal date (arrival) is before the day of `date` (UTC),
    /// by `UID SEARCH UID a:b BEFORE d-MMM-yyyy` in windows like ``uids(in:above:)``.
    package func uidsReceived(before date: Date, in mailbox: String) throws(IMAPError) -> [UInt32] {
        try refresh(mailbox)
        let next = try statusAfterRefresh(of: mailbox).uidNext
        return try windowedSearch(in: mailbox, from: 1, below: next, criteria: "BEFORE \(Self.imapDate(date))")
    }

    /// The UIDs of messages whose Message-ID header holds `<messageID>`, by
    /// `UID SEARCH HEADER Message-ID "<...>"` (a substring match; the angle brackets anchor it).
    /// Returns nothing for an ID that cannot be sent as an IMAP quoted string (CR, LF, 8-bit),
    /// and nothing for a mailbox that does not exist.
    package func uids(withMessageID messageID: String, in mailbox: String) throws(IMAPError) -> [UInt32] {
        guard let quoted = Self.quotedSearchString("<\(messageID)>") else { return [] }
        do {
            try refresh(mailbox)
            let responses = try run(command: "UID SEARCH HEADER Message-ID \(quoted)", in: mailbox)
            var uids: [UInt32] = []
            for case .search(let list, _) in responses { uids += list }
            return Array(Set(uids)).sorted()
        } catch .mailboxMissing(_) {
            return []
        }
    }

    /// An IMAP quoted string (RFC 3501 §4.3), or nil when the text holds what a quoted string cannot.
    static func quotedSearchString(_ text: String) -> String? {
        guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return MailboxName.quotedString(text)
    }

    /// The most UIDs one SEARCH may cover: 1,000 UIDs of up to 10 digits make an 11 KB line,
    /// below the 16 KB at which libcurl 7.88 starts cutting lines.
    static let searchWindow: UInt32 = 1_000

    /// STATUS of a mailbox whose view is up to date already.
    func statusAfterRefresh(of mailbox: String) throws(IMAPError) -> MailboxStatus {
        // Dovecot 2.3 refuses STATUS of a missing mailbox with a bare NO (no NONEXISTENT code).
        let responses = try run(
            command: "STATUS \(MailboxName.quoted(mailbox)) (MESSAGES UIDNEXT UIDVALIDITY)", mailbox: mailbox,
            refusalMeansMissing: true)
        var attributes: [String: UInt64]?
        for case .status(let values) in responses { attributes = values }
        guard let attributes, let validity = attributes["UIDVALIDITY"].flatMap({ UInt32(exactly: $0) }),
              let next = attributes["UIDNEXT"].flatMap({ UInt32(exactly: $0) }),
              let messages = attributes["MESSAGES"].flatMap({ Int(exactly: $0) })
        else {
            throw .protocolError(detail: "STATUS of \"\(mailbox)\" did not report UIDVALIDITY, UIDNEXT and MESSAGES")
        }
        return MailboxStatus(uidValidity: validity, uidNext: next, exists: messages)
    }

    /// UID SEARCH over `first..<next` in windows, each answer checked for mangling.
    func windowedSearch(in mailbox: String, from first: UInt32, below next: UInt32, criteria: String?) throws(IMAPError) -> [UInt32] {
        var found: [UInt32] = []
        var low = max(first, 1)
        while low < next {
            let high = next - 1 - low >= Self.searchWindow - 1 ? low + Self.searchWindow - 1 : next - 1
            let extended = capabilities.contains("ESEARCH")
            let command = "UID SEARCH " + (extended ? "RETURN (COUNT ALL) " : "") + "UID \(low):\(high)"
                + (criteria.map { " " + $0 } ?? "")
            let responses = try run(command: command, in: mailbox)
            var uids: [UInt32] = []
            var reported: Int?
            for case .search(let list, let count) in responses {
                uids += list
                if let count { reported = (reported ?? 0) + count }
            }
            if uids.contains(where: { $0 < low || $0 > high }) || (reported != nil && reported != uids.count) {
                throw .protocolError(detail: "the answer to UID SEARCH \(low):\(high) in \"\(mailbox)\" arrived damaged (UIDs outside the range or a wrong count)")
            }
            found += uids
            if high == UInt32.max { break }
            low = high + 1
        }
        return Array(Set(found)).sorted()
    }

    /// Selects the mailbox if libcurl has not, and sends NOOP so that the server's view of it
    /// includes mail that arrived since it was selected: libcurl keeps a mailbox selected across
    /// commands, and SEARCH works on that view.
    func refresh(_ mailbox: String) throws(IMAPError) {
        _ = try run(command: "NOOP", in: mailbox)
    }

    /// `d-MMM-yyyy` (RFC 3501 `date`) of the UTC day of `date`, with English month names.
    static func imapDate(_ date: Date) -> String {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(day)-\(names[month - 1])-\(year)"
    }
}
