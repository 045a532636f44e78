import MailFormat
import Testing

@Suite("E-mail addresses")
struct EmailAddressTests {
    @Test("accepts ordinary addresses and folds case only for lookups", arguments: [
        ("erika.musterfrau@example.org", "erika.musterfrau", "example.org"),
        ("  <Max.Beispiel@Example.COM>  ", "Max.Beispiel", "Example.COM"),
        ("support+T0KEN@example.com", "support+T0KEN", "example.com"),
        ("user@sub.example.co.uk.", "user", "sub.example.co.uk"),
        ("jörg@müller.example", "jörg", "müller.example"),
    ])
    func accepts(raw: String, local: String, domain: String) throws {
        let address = try EmailAddress(parsing: raw)
        #expect(address.localPart == local)
        #expect(address.domain == domain)
        #expect(address.lookupForm == "\(local.lowercased())@\(domain.lowercased())")
    }

    @Test("refuses malformed addresses with the reason", arguments: [
        ("", EmailAddress.Problem.empty),
        ("no-at-sign.example", .missingAt),
        ("@example.org", .emptyLocalPart),
        ("someone@", .emptyDomain),
        ("two words@example.org", .forbiddenCharacter(" ")),
        ("a@b..example", .emptyDomainLabel),
        ("x@example.org\r\nBcc: y@example.org", .forbiddenCharacter("\r\n")),
        (String(repeating: "a", count: 65) + "@example.org", .localPartTooLong(65)),
    ])
    func refuses(raw: String, problem: EmailAddress.Problem) {
        #expect(throws: problem) { try EmailAddress(parsing: raw) }
    }

    @Test("the same person written in two cases is one lookup key")
    func lookupFolding() throws {
        let a = try EmailAddress(parsing: "Erika.Musterfrau@Example.ORG")
        let b = try EmailAddress(parsing: "erika.musterfrau@example.org")
        #expect(a.lookupForm == b.lookupForm)
        #expect(a != b)
    }
}

@Suite("Mailboxes (name-addr)")
struct MailboxTests {
    @Test("reads display names, quoted names and bare addresses")
    func reads() throws {
        let plain = try Mailbox(parsing: "Support <support@example.com>")
        #expect(plain.displayName == "Support")
        #expect(plain.address.description == "support@example.com")
        let quoted = try Mailbox(parsing: #""Support, Team \"TV\"" <tv@example.com>"#)
        #expect(quoted.displayName == #"Support, Team "TV""#)
        let bare = try Mailbox(parsing: "help@example.com")
        #expect(bare.displayName == nil)
        #expect(bare.description == "help@example.com")
    }

    @Test("refuses broken forms")
    func refuses() {
        #expect(throws: Mailbox.Problem.unclosedAngleBracket) { try Mailbox(parsing: "Support <support@example.com") }
        #expect(throws: Mailbox.Problem.textAfterAddress) { try Mailbox(parsing: "Support <support@example.com> extra") }
        #expect(throws: Mailbox.Problem.unclosedQuote) { try Mailbox(parsing: "\"Support <support@example.com>") }
        #expect(throws: Mailbox.Problem.address(.missingAt)) { try Mailbox(parsing: "Support <nobody>") }
    }
}
