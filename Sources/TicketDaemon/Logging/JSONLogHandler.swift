package import Logging
package import Foundation
import Privacy

/// A swift-log handler that writes one JSON object per line, prefixed with the journald priority
/// (`<3>` error ... `<7>` debug, see sd-daemon(3)), so that `journalctl -o cat` pipes into `jq`.
///
/// Every line has `ts`, `level` and `event` first (the log message is the stable dotted event
/// name), then the metadata as plain keys. Callers put only non-personal values in metadata:
/// ticket ids, pseudonyms, counts, durations, reasons.
package struct JSONLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    package var logLevel: Logger.Level
    private let sink: LogSink
    private let clock: @Sendable () -> Date

    /// Makes a handler writing to `sink` (stdout for the daemon, stderr for the other commands).
    package init(level: Logger.Level, sink: LogSink, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.logLevel = level
        self.sink = sink
        self.clock = clock
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var line = JSONLineWriter()
        line.field("ts", .string(Self.timestamp(clock())))
        line.field("level", .string(Self.levelName(event.level)))
        line.field("event", .string(event.message.description))
        if let error = event.error { merged["error"] = .string(ErrorCause.of(error)) }
        for key in merged.keys.sorted() where !["ts", "level", "event"].contains(key) {
            line.field(key, merged[key]!)
        }
        sink.write("<\(Self.priority(event.level))>" + line.finish() + "\n")
    }

    /// The sd-daemon(3) priority of a level.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    static func levelName(_ level: Logger.Level) -> String {
        level == .warning ? "warning" : level.rawValue
    }

    /// `2026-11-29T03:44:39.123Z`: UTC with milliseconds, independent of the locale.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds % 1000), 3))Z"
    }
}

/// Builds one JSON object as text, keys in the order given.
struct JSONLineWriter {
    private var text = "{"
    private var first = true

    mutating func field(_ key: String, _ value: Logger.Metadata.Value) {
        if !first { text += "," }
        first = false
        text += Self.quoted(key) + ":" + Self.render(value)
    }

    mutating func finish() -> String { text + "}" }

    static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string):
            return quoted(string)
        case .stringConvertible(let convertible):
            // The common concrete types first: a cast to a concrete type compares metadata, a cast to
            // `any BinaryInteger` searches the conformance tables (a tenth of all logging's work).
            switch convertible {
            case let number as Int64: return String(number)
            case let number as Int: return String(number)
            case let number as UInt32: return String(number)
            case let flag as Bool: return flag ? "true" : "false"
            case let number as any BinaryInteger: return "\(number)"
            case let number as Double where number.isFinite: return "\(number)"
            case let flag as Bool: return flag ? "true" : "false"
            default: return quoted(convertible.description)
            }
        case .array(let values):
            return "[" + values.map(render).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            return "{" + dictionary.keys.sorted().map { quoted($0) + ":" + render(dictionary[$0]!) }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
    static func quoted(_ string: String) -> String {
        // Nearly every value needs no escape: no control byte, quote or backslash, and no E2 byte
        // (the lead byte of U+2028 and U+2029).
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) { return "\"" + string + "\"" }
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
