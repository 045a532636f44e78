/// One IMAP response line as the server sent it (RFC 3501 §7, RFC 4731, RFC 4315, RFC 5530),
/// reduced to the parts the client needs.
///
/// libcurl hands every response line of a transfer to the header callback; ``IMAPResponseParser``
/// turns each into one of these. Lines the client has no use for become ``other``.
enum IMAPResponse: Equatable {
    /// `tag OK|NO|BAD [code] text`: the end of a command.
    case tagged(tag: String, condition: IMAPCondition, code: IMAPResponseCode?, text: String)
    /// `* OK|NO|BAD|BYE|PREAUTH [code] text`.
    case untaggedCondition(condition: IMAPCondition, code: IMAPResponseCode?, text: String)
    /// `* SEARCH 3 5 7`, or `* ESEARCH (TAG "A4") UID COUNT 3 ALL 3,5:7` with its UIDs expanded
    /// and the COUNT the server reported (ESEARCH only).
    case search([UInt32], count: Int?)
    /// `* STATUS mailbox (MESSAGES 3 UIDNEXT 8 UIDVALIDITY 1700000000)`; the mailbox name is not kept.
    case status([String: UInt64])
    /// `* CAPABILITY ...`.
    case capability(Set<String>)
    /// `* n EXISTS`.
    case exists(Int)
    /// `* n EXPUNGE`.
    case expunge(UInt32)
    /// `* n FETCH (... UID u ... RFC822.SIZE s ...)`: the items the client reads.
    case fetch(sequence: UInt32, uid: UInt32?, size: Int?)
    /// Anything else (FLAGS, LIST, RECENT, continuation requests, literal data).
    case other
}

/// The state word of a status response.
enum IMAPCondition: String, Equatable {
    case ok = "OK", no = "NO", bad = "BAD", bye = "BYE", preauth = "PREAUTH"
}

/// A bracketed response code such as `[COPYUID 17 3 9]` or `[NONEXISTENT]`.
struct IMAPResponseCode: Equatable {
    /// The code's name, upper-cased: `COPYUID`, `UIDVALIDITY`, `TRYCREATE`, ...
    var name: String
    /// The space-separated words after the name, as sent (a parenthesized list counts as one word).
    var arguments: [String]
}
