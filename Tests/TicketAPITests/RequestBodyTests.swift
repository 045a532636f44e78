import Testing
@testable import TicketAPI

/// Request bodies are read strictly: what is refused, and why, before anything changes.
@Suite("Staff API: request bodies")
struct RequestBodyTests {
    func body(_ text: String, known: Set<String> = ["queue", "preview"]) throws(RequestBody.Problem) -> RequestBody {
        try RequestBody(Array(text.utf8), known: known)
    }

    @Test("an object with known fields gives its strings and flags; an empty body is no field at all")
    func accepted() throws {
        let parsed = try body(#"{"queue": "tv", "preview": true}"#)
        #expect(try parsed.string("queue", required: true) == "tv" && parsed.bool("preview"))
        let empty = try body(" \r\n")
        #expect(try empty.string("queue", required: false) == nil && !empty.bool("preview"))
    }

    @Test("refused with the cause named", arguments: [
        (#"{"queue": "#, "not a JSON object"),
        (#"["tv"]"#, "not a JSON object"),
        (#"{"queue": "tv", "priority": "high"}"#, "unknown field priority"),
        (#"{"queue": {"name": "tv"}}"#, "queue must be a string, a whole number"),
        (#"{"queue": null}"#, "queue must be a string, a whole number"),
        (#"{"queue": 2.5}"#, "queue must be a string, a whole number"),
    ])
    func refused(text: String, cause: String) {
        do {
            _ = try body(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(cause), "\(error.description)")
        }
    }

    @Test("a required field that is missing, blank or of the wrong type is named")
    func fieldProblems() throws {
        #expect(throws: RequestBody.Problem.self) { try body("{}").string("queue", required: true) }
        #expect(throws: RequestBody.Problem.self) { try body(#"{"queue": "  "}"#).string("queue", required: true) }
        #expect(throws: RequestBody.Problem.self) { try body(#"{"queue": true}"#).string("queue", required: true) }
        #expect(throws: RequestBody.Problem.self) { try body(#"{"preview": "yes"}"#).bool("preview") }
    }

    @Test("numbers and flags stay apart: 1 is no true, true is no 1; lists hold strings only")
    func typesApart() throws {
        let known: Set<String> = ["days", "preview", "queues"]
        let parsed = try body(#"{"days": 1, "preview": true, "queues": ["tv", "billing"]}"#, known: known)
        #expect(try parsed.integer("days") == 1 && parsed.bool("preview") && parsed.strings("queues") == ["tv", "billing"])
        #expect(throws: RequestBody.Problem.self) { try body(#"{"preview": 1}"#, known: known).bool("preview") }
        #expect(throws: RequestBody.Problem.self) { try body(#"{"days": true}"#, known: known).integer("days") }
        #expect(throws: RequestBody.Problem.self) { try body(#"{"queues": "tv"}"#, known: known).strings("queues") }
        #expect(throws: RequestBody.Problem.self) { try body(#"{"queues": ["tv", 1]}"#, known: known) }
        let empty = try body("{}", known: known)
        #expect(try empty.integer("days") == nil && empty.strings("queues").isEmpty)
    }
}
