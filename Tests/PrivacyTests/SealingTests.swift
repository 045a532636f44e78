import Foundation
import MailFormat
import Privacy
import TestSupport
import Testing

@Suite("Master key")
struct MasterKeyTests {
    static let keyText = Data(repeating: 7, count: 32).base64EncodedString()

    @Test("reads 32 bytes of base64, with white space around it")
    func reads() throws {
        let key = try MasterKey(base64: "  \(Self.keyText)\n")
        #expect(key.fingerprint.count == 16)
        #expect(try MasterKey(base64: Self.keyText).fingerprint == key.fingerprint)
    }

    @Test("refuses text that is not base64, and keys of the wrong length")
    func refuses() {
        #expect(throws: MasterKey.Problem.notBase64) { try MasterKey(base64: "not base64 at all!") }
        #expect(throws: MasterKey.Problem.notBase64) { try MasterKey(base64: "") }
        #expect(throws: MasterKey.Problem.wrongLength(bytes: 16)) { try MasterKey(base64: Data(count: 16).base64EncodedString()) }
        #expect(throws: MasterKey.Problem.wrongLength(bytes: 33)) { try MasterKey(base64: Data(count: 33).base64EncodedString()) }
    }

    @Test("different keys have different fingerprints")
    func fingerprints() throws {
        let a = try MasterKey(bytes: Data(repeating: 1, count: 32))
        let b = try MasterKey(bytes: Data(repeating: 2, count: 32))
        #expect(a.fingerprint != b.fingerprint)
    }
}

@Suite("Sealing under subject keys")
struct SealingTests {
    let master = try! MasterKey(bytes: Data(repeating: 9, count: 32))
    let context = SealContext(record: "subject", field: "personal_data", owner: "S-0000-0000-0001")

    @Test("seals and opens; the sealed bytes do not contain the plaintext")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 1)
        let key = SubjectKey.generate(using: &generator)
        let plaintext = Data("Erika Musterfrau, erika.musterfrau@example.org".utf8)
        let sealed = try Sealing.seal(plaintext, with: key, context: context, using: &generator)
        #expect(sealed.range(of: Data("Musterfrau".utf8)) == nil)
        #expect(sealed.first == 1)
        #expect(try Sealing.open(sealed, with: key, context: context) == plaintext)
    }

    @Test("two seals of the same text differ (fresh nonce)")
    func freshNonce() throws {
        var generator = SeededGenerator(seed: 2)
        let key = SubjectKey.generate(using: &generator)
        let a = try Sealing.seal(Data("same".utf8), with: key, context: context, using: &generator)
        let b = try Sealing.seal(Data("same".utf8), with: key, context: context, using: &generator)
        #expect(a != b)
    }

    @Test("does not open under another key, in another place, or after a byte changed")
    func refuses() throws {
        var generator = SeededGenerator(seed: 3)
        let key = SubjectKey.generate(using: &generator)
        let other = SubjectKey.generate(using: &generator)
        let sealed = try Sealing.seal(Data("secret".utf8), with: key, context: context, using: &generator)
        #expect(throws: SealingError.authenticationFailed) { try Sealing.open(sealed, with: other, context: context) }
        let elsewhere = SealContext(record: "subject", field: "personal_data", owner: "S-0000-0000-0002")
        #expect(throws: SealingError.authenticationFailed) { try Sealing.open(sealed, with: key, context: elsewhere) }
        for index in sealed.indices.dropFirst() {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(throws: SealingError.authenticationFailed) { try Sealing.open(tampered, with: key, context: context) }
        }
        var wrongVersion = sealed
        wrongVersion[0] = 2
        #expect(throws: SealingError.unknownFormat) { try Sealing.open(wrongVersion, with: key, context: context) }
        #expect(throws: SealingError.unknownFormat) { try Sealing.open(Data([1, 2, 3]), with: key, context: context) }
    }

    @Test("a wrapped subject key unwraps only with its master key and for its owner")
    func wrapping() throws {
        var generator = SeededGenerator(seed: 4)
        let key = SubjectKey.generate(using: &generator)
        let wrapped = try key.wrapped(by: master, owner: "S-AAAA-BBBB-CCCC", using: &generator)
        let unwrapped = try SubjectKey(unwrapping: wrapped, with: master, owner: "S-AAAA-BBBB-CCCC")
        let sealed = try Sealing.seal(Data("x".utf8), with: key, context: context, using: &generator)
        #expect(try Sealing.open(sealed, with: unwrapped, context: context) == Data("x".utf8))
        let otherMaster = try MasterKey(bytes: Data(repeating: 8, count: 32))
        #expect(throws: SealingError.authenticationFailed) { try SubjectKey(unwrapping: wrapped, with: otherMaster, owner: "S-AAAA-BBBB-CCCC") }
        #expect(throws: SealingError.authenticationFailed) { try SubjectKey(unwrapping: wrapped, with: master, owner: "S-AAAA-BBBB-DDDD") }
    }
}

@Suite("Keyed e-mail lookup")
struct EmailLookupTests {
    @Test("one digest per person whatever the case; none without the master key")
    func digest() throws {
        let master = try MasterKey(bytes: Data(repeating: 5, count: 32))
        let lookup = EmailLookupKey(master: master)
        let a = lookup.digest(of: try EmailAddress(parsing: "Max.Beispiel@Example.com"))
        let b = lookup.digest(of: try EmailAddress(parsing: "max.beispiel@example.com"))
        #expect(a == b)
        #expect(a.count == 32)
        let other = EmailLookupKey(master: try MasterKey(bytes: Data(repeating: 6, count: 32)))
        #expect(other.digest(of: try EmailAddress(parsing: "max.beispiel@example.com")) != a)
        #expect(lookup.digest(of: try EmailAddress(parsing: "max.beispiel2@example.com")) != a)
    }
}

@Suite("Pseudonyms")
struct PseudonymTests {
    @Test("have the form S-XXXX-XXXX-XXXX and parse back")
    func form() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<1000 {
            let pseudonym = Pseudonym.random(using: &generator)
            #expect(pseudonym.rawValue.count == 16)
            #expect(Pseudonym(rawValue: pseudonym.rawValue) == pseudonym)
        }
    }

    @Test("10,000 pseudonyms do not collide")
    func unique() {
        var generator = SeededGenerator(seed: 6)
        let set = Set((0..<10_000).map { _ in Pseudonym.random(using: &generator) })
        #expect(set.count == 10_000)
    }

    @Test("refuses other forms", arguments: ["", "S-1234", "X-0000-0000-0000", "S-0000-0000-000I", "S-0000-0000-0000-0000", "s-0000-0000-0000"])
    func refuses(text: String) {
        #expect(Pseudonym(rawValue: text) == nil)
    }
}
