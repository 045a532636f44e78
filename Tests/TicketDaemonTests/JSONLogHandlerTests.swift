import Foundation
import Logging
import Testing
@testable import TicketDaemon

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    func logger(_ sink: LogSink, level: Logger.Level = .trace) -> Logger {
        Logger(label: "test") { _ in
            JSONLogHandler(level: level, sink: sink, clock: { Date(timeIntervalSince1970: 1_800_000_000.123) })
        }
    }

    func parse(_ line: String) throws -> (priority: String, object: [String: Any]) {
        let close = try #require(line.firstIndex(of: ">"))
        let priority = String(line[line.index(after: line.startIndex)..<close])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line[line.index(after: close)...].utf8)) as? [String: Any])
        return (priority, json)
    }

    @Test("each line is a journald priority and one JSON object with ts, level and event first")
    func shape() throws {
        let sink = LogSink.memory()
        logger(sink).info("ticket.created", metadata: ["ticket": .stringConvertible(42), "subject": "S-0000-0000-0001"])
        let line = try #require(sink.lines.first)
        #expect(line.hasPrefix("<6>{\"ts\":\"2027-01-15T08:00:00.123Z\",\"level\":\"info\",\"event\":\"ticket.created\","))
        #expect(line.hasSuffix("}\n"))
        let (priority, object) = try parse(line)
        #expect(priority == "6")
        #expect(object["ticket"] as? Int == 42)
        #expect(object["subject"] as? String == "S-0000-0000-0001")
    }

    @Test("levels map to sd-daemon priorities", arguments: [
        (Logger.Level.trace, "7"), (.debug, "7"), (.info, "6"), (.notice, "5"), (.warning, "4"), (.error, "3"), (.critical, "2"),
    ])
    func priorities(level: Logger.Level, priority: String) throws {
        let sink = LogSink.memory()
        logger(sink).log(level: level, "x.y")
        #expect(try parse(#require(sink.lines.first)).priority == priority)
    }

    @Test("quotes, backslashes and control characters are escaped, so one event is one line")
    func escaping() throws {
        let sink = LogSink.memory()
        logger(sink).warning("mail.rejected", metadata: ["reason": "line\nbreak \"quoted\" back\\slash \u{1}"])
        let line = try #require(sink.lines.first)
        #expect(line.filter { $0 == "\n" }.count == 1)
        #expect(try parse(line).object["reason"] as? String == "line\nbreak \"quoted\" back\\slash \u{1}")
    }

    @Test("lines below the level are not written")
    func level() {
        let sink = LogSink.memory()
        logger(sink, level: .warning).info("quiet")
        #expect(sink.lines.isEmpty)
    }
}
