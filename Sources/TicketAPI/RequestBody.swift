import Foundation

/// A request's JSON object, read strictly: a body that is not one JSON object, a field the
/// operation does not know, or a value of the wrong type is a 400 that names it, before anything
/// is changed.
struct RequestBody: Sendable {
    /// Bodies are small (a queue name, a reason): anything larger is refused unread.
    static let limit = 64 * 1024

    private let fields: [String: any Sendable]

    /// Why a body was refused.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `bytes` as an object whose keys are among `known`.
    init(_ bytes: [UInt8], known: Set<String>) throws(Problem) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            fields = [:]
            return
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw Problem(description: "the body is not a JSON object: send e.g. {\"queue\": \"tv\"} with Content-Type application/json")
        }
        let unknown = Set(object.keys).subtracting(known)
        guard unknown.isEmpty else {
            throw Problem(description: "unknown field\(unknown.count == 1 ? "" : "s") \(unknown.sorted().joined(separator: ", ")): this operation takes \(known.sorted().joined(separator: ", "))")
        }
        var sendable: [String: any Sendable] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: sendable[key] = text
            case let flag as Bool: sendable[key] = flag
            default: throw Problem(description: "\(key) must be a string or true/false")
            }
        }
        fields = sendable
    }

    /// A string field; `required` ones must be present and not blank.
    func string(_ key: String, required: Bool) throws(Problem) -> String? {
        guard let value = fields[key] else {
            if required { throw Problem(description: "\(key) is missing") }
            return nil
        }
        guard let text = value as? String else { throw Problem(description: "\(key) must be a string") }
        if required, text.allSatisfy(\.isWhitespace) { throw Problem(description: "\(key) is empty") }
        return text
    }

    /// A true/false field, false when absent.
    func bool(_ key: String) throws(Problem) -> Bool {
        guard let value = fields[key] else { return false }
        guard let flag = value as? Bool else { throw Problem(description: "\(key) must be true or false") }
        return flag
    }
}
