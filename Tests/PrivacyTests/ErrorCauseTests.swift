import Foundation
@testable import Privacy
import Testing

@Suite("What may be said of a caught error")
struct ErrorCauseTests {
    /// An error that carries what it was about, as many library errors do.
    struct Leaky: Error, CustomStringConvertible {
        var description: String { "could not use erika.beispiel@example.org" }
    }

    @Test("an error of unknown kind is named by its type; its own text, which may hold a person's value, is not used")
    func unknown() {
        let text = ErrorCause.of(Leaky())
        #expect(!text.contains("erika"))
        #expect(text.contains("Leaky"))
    }

    @Test("a decoding error names its kind and the field names of its path, not the text it failed on")
    func decoding() throws {
        struct Person: Decodable { var name: String; var phone: Int }
        let input = Data(#"{"name": "Erika Beispiel", "phone": "030 5550 1234"}"#.utf8)
        let error = try #require(throws: DecodingError.self) { try JSONDecoder().decode(Person.self, from: input) }
        let text = ErrorCause.of(error)
        #expect(text.contains("phone"), "\(text)")
        #expect(!text.contains("Erika") && !text.contains("5550"), "\(text)")
        let corrupt = try #require(throws: DecodingError.self) { try JSONDecoder().decode(Person.self, from: Data("Erika Beispiel".utf8)) }
        #expect(!ErrorCause.of(corrupt).contains("Erika"), "\(ErrorCause.of(corrupt))")
    }

    @Test("an error that names causes only is described in its own words")
    func causeNaming() {
        #expect(ErrorCause.of(SealingError.authenticationFailed) == SealingError.authenticationFailed.description)
    }
}
