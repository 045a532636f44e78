import Foundation
import Testing
import TicketStore

/// Audit rows store their fields and details as JSON text, and verification re-encodes them and
/// compares the text: the direct writer must give exactly the bytes `JSONEncoder` gave when the
/// rows were written, or every chain written before it would read as tampered.
@Suite("Audit rows encode as JSONEncoder did")
struct AuditRowEncodingTests {
    static func viaJSONEncoder(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self)
    }

    /// Every scalar up to U+02FF (all controls, quotes, backslash, slash, Latin-1, accents) and
    /// the ones with special rules elsewhere (line and paragraph separators, BOM, surrogate
    /// borders, the replacement character, an emoji), alone and inside text.
    static let scalars: [Unicode.Scalar] = (0...0x2FF).compactMap(Unicode.Scalar.init)
        + [0x2028, 0x2029, 0xFEFF, 0xD7FF, 0xE000, 0xFFFD, 0x1F600].compactMap(Unicode.Scalar.init)

    @Test("fields: every tricky scalar, alone and in text")
    func fields() throws {
        for scalar in Self.scalars {
            let alone = String(scalar)
            let fields = [alone, "a\(alone)b", "\(alone)\(alone)", ""]
            #expect(AuditRow.encode(fields) == (try Self.viaJSONEncoder(fields)), "scalar U+\(String(scalar.value, radix: 16))")
        }
        #expect(AuditRow.encode([String]()) == (try Self.viaJSONEncoder([String]())))
    }

    @Test("details: sorted as JSONEncoder sorts them, values escaped alike")
    func details() throws {
        // Every printable ASCII key, one and two characters long, in a single object.
        let printable = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        var details: [String: String] = [:]
        for (index, key) in printable.enumerated() {
            details[key] = String(Self.scalars[index * 7 % Self.scalars.count])
            details[key + printable[(index * 13) % printable.count]] = "v\(index)/\\\"\n"
        }
        #expect(AuditRow.encode(details) == (try Self.viaJSONEncoder(details)))
        #expect(AuditRow.encode([String: String]()) == (try Self.viaJSONEncoder([String: String]())))
        // Keys outside ASCII are left to JSONEncoder.
        let accented = ["é": "1", "e": "2", "z": "3", "ß": "4"]
        #expect(AuditRow.encode(accented) == (try Self.viaJSONEncoder(accented)))
    }
}
