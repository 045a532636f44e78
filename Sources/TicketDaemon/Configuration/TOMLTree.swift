import TOMLKit
import Privacy

/// A parsed TOML document as plain Swift values, detached from the C++ parser behind TOMLKit.
indirect enum TOMLNode: Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLNode])
    case table([String: TOMLNode])
    /// Dates and times: the configuration uses none, so only the type name is kept for messages.
    case other(String)

    /// The TOML name of the value's type, for messages ("expected a string, found an integer").
    var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a floating-point number"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        case .other(let name): "a \(name)"
        }
    }

    /// A TOML syntax error with its position.
    struct SyntaxError: Error, Sendable {
        var line: Int
        var column: Int
        var message: String
    }

    /// Parses a whole document.
    static func parse(_ text: String) throws(SyntaxError) -> [String: TOMLNode] {
        do {
            let table = try TOMLTable(string: text)
            return convert(table)
        } catch let error as TOMLParseError {
            throw SyntaxError(line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        } catch {
            // Named by its kind, not described: a description may quote the file, secrets included.
            throw SyntaxError(line: 0, column: 0, message: ErrorCause.of(error))
        }
    }

    private static func convert(_ table: TOMLTable) -> [String: TOMLNode] {
        var result: [String: TOMLNode] = [:]
        for (key, value) in table {
            result[key] = convert(value)
        }
        return result
    }

    private static func convert(_ value: any TOMLValueConvertible) -> TOMLNode {
        switch value.type {
        case .string: .string(value.string ?? "")
        case .int: .integer(value.int ?? 0)
        case .double: .float(value.double ?? 0)
        case .bool: .boolean(value.bool ?? false)
        case .table: .table(value.table.map(convert) ?? [:])
        case .array: .array(value.array.map { $0.map(convert) } ?? [])
        case .date: .other("date")
        case .time: .other("time")
        case .dateTime: .other("date-time")
        }
    }
}
