import Foundation

/// A request's JSON object, read strictly: a body that is not one JSON object, a field the
/// operation does not know, or a value of the wrong type is a 400 that names it, before anything
/// is changed.
struct RequestBody: Sendable {
    /// Bodies are small (a queue name, a reason): anything larger is refused unread.
    static let limit = 64 * 1024

    private let fields: [String: Value]

    /// Why a body was refused.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// A field's value as JSON typed it. Decoded with `JSONDecoder`, which keeps `true` and `1`
    /// apart (Foundation's `JSONSerialization` on Linux answers `is Bool` for both).
    enum Value: Decodable, Sendable {
        case text(String)
        case flag(Bool)
        case integer(Int)
        case texts([String])
        case integers([Int])
        /// null, a fraction, an object, a mixed list: nothing an operation takes.
        case unusable

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .flag(flag)
            } else if let number = try? container.decode(Int.self) {
                self = .integer(number)
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else if let texts = try? container.decode([String].self) {
                self = .texts(texts)
            } else if let numbers = try? container.decode([Int].self) {
                self = .integers(numbers)
            } else {
                self = .unusable
            }
        }
    }

    /// Parses `bytes` as an object whose keys are among `known`.
    init(_ bytes: [UInt8], known: Set<String>) throws(Problem) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            fields = [:]
            return
        }
        guard let object = try? JSONDecoder().decode([String: Value].self, from: Data(bytes)) else {
            throw Problem(description: "the body is not a JSON object: send e.g. {\"queue\": \"tv\"} with Content-Type application/json")
        }
        let unknown = Set(object.keys).subtracting(known)
        guard unknown.isEmpty else {
            throw Problem(description: "unknown field\(unknown.count == 1 ? "" : "s") \(unknown.sorted().joined(separator: ", ")): this operation takes \(known.sorted().joined(separator: ", "))")
        }
        if let odd = object.keys.sorted().first(where: { if case .unusable = object[$0] { true } else { false } }) {
            throw Problem(description: "\(odd) must be a string, a whole number, true/false or a list of strings or of whole numbers")
        }
        fields = object
    }

    /// A string field; `required` ones must be present and not blank.
    func string(_ key: String, required: Bool) throws(Problem) -> String? {
        guard let value = fields[key] else {
            if required { throw Problem(description: "\(key) is missing") }
            return nil
        }
        guard case .text(let text) = value else { throw Problem(description: "\(key) must be a string") }
        if required, text.allSatisfy(\.isWhitespace) { throw Problem(description: "\(key) is empty") }
        return text
    }

    /// A true/false field, false when absent (unless `required`).
    func bool(_ key: String, required: Bool = false) throws(Problem) -> Bool {
        guard let value = fields[key] else {
            if required { throw Problem(description: "\(key) is missing: send true or false") }
            return false
        }
        guard case .flag(let flag) = value else { throw Problem(description: "\(key) must be true or false") }
        return flag
    }

    /// A whole-number field, nil when absent.
    func integer(_ key: String) throws(Problem) -> Int? {
        guard let value = fields[key] else { return nil }
        guard case .integer(let number) = value else { throw Problem(description: "\(key) must be a whole number") }
        return number
    }

    /// A list of whole numbers, empty when absent (an empty list reads as either kind).
    func integers(_ key: String) throws(Problem) -> [Int] {
        switch fields[key] {
        case nil, .texts([]): return []
        case .integers(let numbers): return numbers
        default: throw Problem(description: "\(key) must be a list of whole numbers")
        }
    }

    /// A list of strings, empty when absent.
    func strings(_ key: String) throws(Problem) -> [String] {
        guard let value = fields[key] else { return [] }
        guard case .texts(let texts) = value else { throw Problem(description: "\(key) must be a list of strings") }
        return texts
    }
}
