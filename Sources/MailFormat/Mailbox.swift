/// A display name with an address, as in `Support <support@example.com>` (RFC 5322 name-addr),
/// or a bare address.
public struct Mailbox: Sendable, Hashable, CustomStringConvertible {
    /// The display name, unquoted; nil when there is none.
    public var displayName: String?
    /// The address itself.
    public var address: EmailAddress

    /// Why a mailbox was refused.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case unclosedAngleBracket
        case textAfterAddress
        case unclosedQuote
        case address(EmailAddress.Problem)

        /// A sentence naming the problem.
        public var description: String {
            switch self {
            case .unclosedAngleBracket: "a '<' is not closed by '>'"
            case .textAfterAddress: "text follows the '>' that closes the address"
            case .unclosedQuote: "a quoted display name is not closed"
            case .address(let problem): problem.description
            }
        }
    }

    /// Makes a mailbox from its parts.
    public init(displayName: String?, address: EmailAddress) {
        self.displayName = displayName
        self.address = address
    }

    /// Parses `Name <addr>`, `"Name, Title" <addr>` or a bare `addr`.
    ///
    /// This reads one mailbox as an operator writes it in the configuration; full header
    /// parsing (groups, comments, encoded words) belongs to the message parser.
    public init(parsing raw: String) throws(Problem) {
        let text = Substring(raw).trimmingWhitespace()
        var inQuote = false
        var escaped = false
        var open: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if escaped {
                escaped = false
            } else if inQuote {
                if c == "\\" { escaped = true } else if c == "\"" { inQuote = false }
            } else if c == "\"" {
                inQuote = true
            } else if c == "<" {
                open = index
                break
            }
            index = text.index(after: index)
        }
        if inQuote { throw .unclosedQuote }
        guard let open else {
            do { self.init(displayName: nil, address: try EmailAddress(parsing: String(text))) } catch { throw .address(error) }
            return
        }
        guard let close = text[open...].firstIndex(of: ">") else { throw .unclosedAngleBracket }
        guard text[text.index(after: close)...].trimmingWhitespace().isEmpty else { throw .textAfterAddress }
        let address: EmailAddress
        do { address = try EmailAddress(parsing: String(text[text.index(after: open)..<close])) } catch { throw .address(error) }
        var name = text[..<open].trimmingWhitespace()
        if name.first == "\"", name.last == "\"", name.count >= 2 {
            var unquoted = ""
            var escape = false
            for c in name.dropFirst().dropLast() {
                if escape { unquoted.append(c); escape = false } else if c == "\\" { escape = true } else { unquoted.append(c) }
            }
            name = Substring(unquoted)
        }
        self.init(displayName: name.isEmpty ? nil : String(name), address: address)
    }

    /// `Name <address>`, or the bare address.
    public var description: String {
        guard let displayName else { return address.description }
        return "\(displayName) <\(address)>"
    }
}
