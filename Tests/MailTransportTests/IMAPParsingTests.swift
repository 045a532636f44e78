import Foundation
@testable import MailTransport
import Testing

/// The response-line parser, sequence sets, mailbox-name encoding and dates, with plain values.
@Suite("IMAP response lines, sequence sets and mailbox names")
struct IMAPParsingTests {
    private func parse(_ line: String) -> IMAPResponse { IMAPResponseParser.parse(Array(line.utf8)) }

    @Test("SEARCH, with and without results, and with a CONDSTORE MODSEQ tail")
    func search() {
        #expect(parse("* SEARCH 2 84 882\r\n") == .search([2, 84, 882], count: nil))
        #expect(parse("* SEARCH") == .search([], count: nil))
        #expect(parse("* search 7 (MODSEQ 917162500)") == .search([7], count: nil))
        #expect(parse("* SEARCH 99999999999") == .search([], count: nil), "a number beyond UInt32 is not a UID")
    }

    @Test("ESEARCH: the tag correlator is skipped, ALL is expanded, COUNT is kept")
    func esearch() {
        #expect(parse(#"* ESEARCH (TAG "A282") UID COUNT 5 ALL 4:6,9,12:11"#) == .search([4, 5, 6, 9, 12, 11], count: 5))
        #expect(parse(#"* ESEARCH (TAG "A5") UID"#) == .search([], count: nil))
        #expect(parse(#"* ESEARCH (TAG "A5") UID MIN 3 MAX 9 COUNT 2"#) == .search([], count: 2))
        #expect(parse(#"* ESEARCH (TAG "A5") UID ALL 1:*"#) == .other, "* has no place in a result set")
    }

    @Test("STATUS: attributes in any order, mailbox quoted, atom or literal")
    func status() {
        #expect(parse(#"* STATUS "Bearbeitet M&AOQ-rz" (MESSAGES 231 UIDNEXT 44292 UIDVALIDITY 1700000001)"#)
            == .status(["MESSAGES": 231, "UIDNEXT": 44292, "UIDVALIDITY": 1_700_000_001]))
        #expect(parse("* STATUS INBOX (UIDVALIDITY 7 UIDNEXT 1 MESSAGES 0)") == .status(["UIDVALIDITY": 7, "UIDNEXT": 1, "MESSAGES": 0]))
        #expect(parse("* STATUS {5}") == .other, "the rest of a literal name arrives on later lines")
        #expect(parse(#"* STATUS "a \"q\" b" (MESSAGES 1)"#) == .status(["MESSAGES": 1]))
        #expect(parse("* STATUS INBOX (MESSAGES)") == .other)
    }

    @Test("Tagged and untagged status responses with response codes (COPYUID, NONEXISTENT, CAPABILITY)")
    func statusResponses() {
        #expect(parse("A003 OK [COPYUID 38505 304,319:320 3956:3958] Done")
            == .tagged(tag: "A003", condition: .ok, code: IMAPResponseCode(name: "COPYUID", arguments: ["38505", "304,319:320", "3956:3958"]), text: "Done"))
        #expect(parse("* OK [COPYUID 1795925449 7 12] Moved UIDs.")
            == .untaggedCondition(condition: .ok, code: IMAPResponseCode(name: "COPYUID", arguments: ["1795925449", "7", "12"]), text: "Moved UIDs."))
        #expect(parse("B004 NO [NONEXISTENT] Mailbox doesn't exist: X")
            == .tagged(tag: "B004", condition: .no, code: IMAPResponseCode(name: "NONEXISTENT", arguments: []), text: "Mailbox doesn't exist: X"))
        #expect(parse("A2 NO Mailbox doesn't exist: NoSuch (0.001 + 0.000 secs).")
            == .tagged(tag: "A2", condition: .no, code: nil, text: "Mailbox doesn't exist: NoSuch (0.001 + 0.000 secs)."))
        #expect(parse("* OK [PERMANENTFLAGS (\\Answered \\Deleted \\*)] Flags permitted.")
            == .untaggedCondition(condition: .ok, code: IMAPResponseCode(name: "PERMANENTFLAGS", arguments: ["(\\Answered \\Deleted \\*)"]), text: "Flags permitted."))
        #expect(parse("* BYE Server shutting down.") == .untaggedCondition(condition: .bye, code: nil, text: "Server shutting down."))
        #expect(parse("A1 BAD") == .tagged(tag: "A1", condition: .bad, code: nil, text: ""))
        #expect(parse("A1 MAYBE fine") == .other)
        if case .untaggedCondition(.ok, let code?, _) = parse("* OK [CAPABILITY IMAP4rev1 MOVE UIDPLUS] ready") {
            #expect(code.name == "CAPABILITY")
            #expect(code.arguments == ["IMAP4rev1", "MOVE", "UIDPLUS"])
        } else {
            Issue.record("the greeting's CAPABILITY code was not read")
        }
    }

    @Test("CAPABILITY, EXISTS, EXPUNGE, FETCH and lines of no interest")
    func otherUntagged() {
        #expect(parse("* CAPABILITY IMAP4rev1 uidplus MOVE AUTH=PLAIN") == .capability(["IMAP4REV1", "UIDPLUS", "MOVE", "AUTH=PLAIN"]))
        #expect(parse("* 23 EXISTS") == .exists(23))
        #expect(parse("* 4 EXPUNGE") == .expunge(4))
        #expect(parse("* 12 FETCH (FLAGS (\\Seen) UID 4827313 RFC822.SIZE 44827)") == .fetch(sequence: 12, uid: 4_827_313, size: 44_827))
        #expect(parse("* 1 FETCH (UID 5 BODY[HEADER.FIELDS (SUBJECT)] {20}") == .fetch(sequence: 1, uid: 5, size: nil))
        #expect(parse("* FLAGS (\\Answered \\Seen)") == .other)
        #expect(parse("* LIST (\\HasNoChildren) \"/\" INBOX") == .other)
        #expect(parse("+ go ahead") == .other)
        #expect(parse("Subject: a literal line that happens to look like nothing") == .other)
        #expect(parse("") == .other)
        #expect(parse("*") == .other)
    }

    @Test("Sequence sets: expanded, compacted, malformed ones refused")
    func sequenceSets() {
        #expect(IMAPSequenceSet.uids(in: "1:3,7,10:9") == [1, 2, 3, 7, 10, 9])
        #expect(IMAPSequenceSet.uids(in: "5") == [5])
        for bad in ["", "0", "1:*", "a", "1,,2", "1:2:3", "1:4294967295"] {
            #expect(IMAPSequenceSet.uids(in: bad) == nil, "\(bad)")
        }
        #expect(IMAPSequenceSet.compact([7, 1, 2, 3, 3, 9, 10]) == "1:3,7,9:10")
        #expect(IMAPSequenceSet.compact([42]) == "42")
        #expect(IMAPSequenceSet.compact([]) == "")
    }

    @Test("Mailbox names: modified UTF-7 (RFC 3501 §5.1.3), quoting, and URL segments")
    func mailboxNames() {
        #expect(MailboxName.modifiedUTF7("INBOX") == "INBOX")
        #expect(MailboxName.modifiedUTF7("Bearbeitet März") == "Bearbeitet M&AOQ-rz")
        #expect(MailboxName.modifiedUTF7("Tom & Jerry") == "Tom &- Jerry")
        // The example of RFC 3501 §5.1.3.
        #expect(MailboxName.modifiedUTF7("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-")
        #expect(MailboxName.modifiedUTF7("📨") == "&2D3c6A-", "a character outside the BMP is a surrogate pair")
        #expect(MailboxName.modifiedUTF7("a\r\nb") == "a&AA0ACg-b", "control characters cannot break a command line")
        #expect(MailboxName.quoted(#"Say "hi" \ there"#) == #""Say \"hi\" \\ there""#)
        #expect(MailboxName.urlSegment("Bearbeitet März/2025;UID=1") == "Bearbeitet%20M%26AOQ-rz%2F2025%3BUID%3D1")
    }

    @Test("Dates for SEARCH BEFORE: d-MMM-yyyy of the UTC day")
    func imapDates() {
        #expect(IMAPSession.imapDate(Date(timeIntervalSince1970: 0)) == "1-Jan-1970")
        #expect(IMAPSession.imapDate(Date(timeIntervalSince1970: 951_782_400)) == "29-Feb-2000")
        #expect(IMAPSession.imapDate(Date(timeIntervalSince1970: 1_767_225_599)) == "31-Dec-2025")
        #expect(IMAPSession.imapDate(Date(timeIntervalSince1970: 1_767_225_600)) == "1-Jan-2026")
        #expect(IMAPSession.imapDate(Date(timeIntervalSince1970: -86_400)) == "31-Dec-1969")
    }

    @Test("Errors speak to the operator, with a next step, and say which are worth retrying")
    func errorTexts() {
        let cases: [(IMAPError, String, Bool)] = [
            (.connectionFailed(detail: "x"), "imap.url", true),
            (.tlsFailed(detail: "x"), "imap.ca_file", true),
            (.startTLSUnavailable, "imaps://", false),
            (.authenticationFailed, "imap.password_file", false),
            (.mailboxMissing("Processed"), "imap.processed_mailbox", false),
            (.timeout(detail: "x"), "responsive", true),
            (.protocolError(detail: "x"), "x", false),
        ]
        for (error, hint, retryable) in cases {
            #expect(error.description.contains(hint), "\(error)")
            #expect(error.isRetryable == retryable, "\(error)")
        }
    }
}
