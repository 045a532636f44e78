import Tickets

/// Why an argument given on the command line cannot be used, with the fix. Values the operator
/// typed are repeated only where they are not personal (numbers, dates, states, paths); an
/// e-mail address never is.
package enum ArgumentProblem: Sendable, Hashable, CustomStringConvertible {
    /// A reason that is recorded was left blank; `why` says what it is for.
    case emptyReason(option: String, why: String)
    /// A number outside what the option accepts; `fix` names the range.
    case outOfRange(option: String, value: Int, fix: String)
    /// Not a date in a form ticketd reads.
    case notADate(option: String, text: String)
    /// Not one of the ticket states.
    case notATicketState(String)
    /// Not a consent purpose.
    case notAPurpose(String)
    /// Not an e-mail address; the parser's cause names the position, never the address.
    case notAnEmailAddress(option: String, cause: String)
    /// The export's JSON path ends in `.md`, where the readable copy goes.
    case exportPathIsMarkdown(String)
    /// An export never overwrites a file.
    case exportExists(String)
    /// The answer's file cannot be read as UTF-8 text.
    case unreadableAnswer(String)
    /// The answer's file is empty.
    case emptyAnswer(String)
    /// `ticket attachment --out PATH` names something that exists: a file is never overwritten.
    case outputExists(String)
    /// A value that is not personal (a name, a role, a queue) that the option cannot take; `fix` says what it can.
    case unusable(option: String, value: String, fix: String)

    package var description: String {
        switch self {
        case .emptyReason(let option, let why):
            "\(option) is empty: \(why)"
        case .outOfRange(let option, let value, let fix):
            "\(option) \(value) is out of range: \(fix)"
        case .notADate(let option, let text):
            "\(option) \(text) is not a date: write 2027-01-01 or 2027-01-01T00:00:00Z"
        case .notATicketState(let text):
            "--state \(text) is not a ticket state: use one of \(TicketState.allCases.map(\.rawValue).joined(separator: ", "))"
        case .notAPurpose(let text):
            "--purpose \(text) is not a consent purpose: use processing or marketing"
        case .notAnEmailAddress(let option, let cause):
            "\(option) is not an e-mail address (\(cause)): give the address the person wrote from, like name@example.org"
        case .exportPathIsMarkdown(let path):
            "--out \(path) ends in .md, where the readable copy goes: name the JSON file, e.g. export.json (export.md is written beside it)"
        case .exportExists(let path):
            "\(path) exists already and an export never overwrites a file: move it away or choose another --out"
        case .unreadableAnswer(let path):
            "cannot read \(path) as UTF-8 text: pass the file with the answer (--file PATH)"
        case .emptyAnswer(let path):
            "\(path) is empty: write the answer into it"
        case .outputExists(let path):
            "\(path) exists already and an attachment is never written over a file: move it away or choose another --out"
        case .unusable(let option, let value, let fix):
            "\(option) \(value) cannot be used: \(fix)"
        }
    }
}
