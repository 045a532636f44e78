import ArgumentParser
import Foundation
import TicketAPI
import TicketDaemon

/// `ticketd requests [--json] [--now ISO8601]`.
struct RequestsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requests",
        abstract: "Data-subject requests received by mail that are still open (with --all, every one), with their one-month deadline (Art. 12(3))."
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "Judge the deadlines as if it were this time (ISO 8601).") var now: String?
    @Flag(help: "Print one JSON list.") var json = false
    @Flag(help: "Also the finished requests: what was done and whether it was in time.") var all = false

    func run() throws {
        var query = ["format=\(json ? "json" : "text")"]
        if all { query.append("all=true") }
        if let now { query.append("now=" + StaffRequest.query(now)) }
        try Terminal.show(options, via: .get("/v1/requests?" + query.joined(separator: "&"))) { runtime throws(OperatorError) in
            let moment = try now.map { text throws(OperatorError) in try TimeArgument.parse(text, option: "--now") } ?? Date()
            return try SubjectRequestsView.list(runtime, now: moment, json: json, all: all)
        }
    }
}

/// `ticketd request extend ID --reason TEXT`.
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Work with one data-subject request.",
        subcommands: [Extend.self]
    )

    /// `ticketd request extend ID --reason TEXT`.
    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add two months to the request's deadline (Art. 12(3)); the reason is recorded.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The request's number.") var id: Int64
        @Option(help: "Why the request takes longer (complexity, number of requests).") var reason: String

        func run() throws {
            try Terminal.asAgent(options, via: .post("/v1/requests/\(id)/extend", ["reason": reason])) { runtime, actor throws(OperatorError) in
                try SubjectRequestsView.extend(runtime, id: id, reason: reason, actor: actor)
            }
        }
    }
}
