import Foundation
import MailFormat
import Privacy
import Testing

@Suite("Values that hold personal data describe themselves redacted")
struct RedactedDescriptionTests {
    static let values = ["Ottilie", "Quendelmoos", "ottilie.quendelmoos@example.org", "5550 3377", "Ginsterweg 8"]
    static let data = PersonalData(name: "Ottilie Quendelmoos", email: "ottilie.quendelmoos@example.org", phone: "+49 30 5550 3377")

    /// Every way Swift turns a value into text: interpolation, print, debugPrint, dump, reflection.
    static func renderings(_ value: Any) -> [String] {
        var printed = "", debugPrinted = "", dumped = ""
        print(value, to: &printed)
        debugPrint(value, to: &debugPrinted)
        dump(value, to: &dumped)
        return ["\(value)", printed, debugPrinted, dumped, String(reflecting: value), String(describing: value)]
    }

    static func expectRedacted(_ value: Any, showing fields: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for text in renderings(value) {
            for personal in values { #expect(!text.contains(personal), "a value in: \(type(of: value))", sourceLocation: sourceLocation) }
            for field in fields { #expect(text.contains(field), "\(field) not named in \(text)", sourceLocation: sourceLocation) }
        }
    }

    @Test("PersonalData shows which fields are set, never their values")
    func personalData() {
        Self.expectRedacted(Self.data, showing: ["name: <redacted>", "phone: <redacted>", "postalAddress"])
        #expect("\(Self.data)" == "PersonalData(name: <redacted>, email: <redacted>, phone: <redacted>, postalAddress: nil)")
    }

    @Test("a parsed mail, its parts and headers, a form and a redacted copy show shapes and counts only")
    func mailAndCopies() throws {
        let raw = Array("""
            From: Ottilie Quendelmoos <ottilie.quendelmoos@example.org>\r
            To: support@example.com\r
            Subject: Ottilie Quendelmoos, Ginsterweg 8\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Rufen Sie an: +49 30 5550 3377\r

            """.utf8)
        let message = try MessageParser().parse(raw)
        Self.expectRedacted(message, showing: ["subject: <redacted>", "from: <1 redacted>", "text: <redacted>"])
        Self.expectRedacted(message.root, showing: ["contentType: text/plain"])
        Self.expectRedacted(message.header, showing: ["Subject"])
        Self.expectRedacted(try #require(message.header.fields.first), showing: ["value: <redacted>"])
        let form = FormSubmission(profile: "website-contact", version: "2.3", fields: [.name: "Ottilie Quendelmoos", .phone: "5550 3377"],
                                  consents: [.processing: .granted], problems: [])
        Self.expectRedacted(form, showing: ["website-contact", "processing=granted", "name", "phone"])
        let copy = RecipientCopy(reference: "T-1", pseudonym: "P-1", subject: "Ottilie Quendelmoos", text: "Ginsterweg 8, Quendelmoos",
                                 note: nil, known: Self.data, withheldAttachments: 0, purpose: "test")
        Self.expectRedacted(copy, showing: ["body: <redacted>"])
        let mail = OutgoingMail(from: try Mailbox(parsing: "Support <support@example.com>"), to: [try Mailbox(parsing: "Ottilie Quendelmoos <ottilie.quendelmoos@example.org>")],
                                subject: "Ihre Anfrage, Ottilie Quendelmoos", date: Date(timeIntervalSince1970: 0), messageID: "t1@example.com", body: "Ginsterweg 8")
        Self.expectRedacted(mail, showing: ["to: <1 redacted>", "body: <redacted>"])
    }

    @Test("addresses keep their wire form, which composing mail and the configuration rely on")
    func addressesUnchanged() throws {
        #expect("\(try EmailAddress(parsing: "support@example.com"))" == "support@example.com")
        #expect("\(try Mailbox(parsing: "Support <support@example.com>"))" == "Support <support@example.com>")
    }
}
