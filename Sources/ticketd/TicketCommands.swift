import ArgumentParser
import TicketAPI
import TicketDaemon
import Tickets

/// `ticketd tickets [--state S] [--queue Q] [--json]`.
struct TicketsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tickets", abstract: "List tickets (the agent's view).")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Only tickets in this state (open, waiting, closed).") var state: String?
    @Option(help: "Only tickets in this queue.") var queue: String?
    @Flag(help: "Print one JSON list.") var json = false

    func run() throws {
        var query = ["format=\(json ? "json" : "text")"]
        if let state { query.append("state=\(StaffRequest.query(state))") }
        if let queue { query.append("queue=\(StaffRequest.query(queue))") }
        try Terminal.show(options, via: .get("/v1/tickets?" + query.joined(separator: "&"))) { runtime throws(OperatorError) in
            try TicketView.list(runtime, state: state, queue: queue, json: json)
        }
    }
}

/// `ticketd ticket ...`.
struct TicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Work with one ticket.",
        subcommands: [Show.self, Attachment.self, Assign.self, Forward.self, Reply.self, Close.self, Hold.self, Release.self, Mark.self]
    )

    /// `ticketd ticket show ID [--as ROLE] [--json]`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a ticket as a role sees it.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64
        @Option(name: .customLong("as"), help: "agent (default), department, partner or marketing.") var role: String = "agent"
        @Flag(help: "Print one JSON document.") var json = false
        @Flag(help: "The agents' archive view: the only view of restricted (Art. 18) and archived tickets.") var archive = false

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--as \(role) is not a role: use agent, department, partner or marketing")
            }
        }

        func run() throws {
            let request = StaffRequest.get("/v1/tickets/\(id)?view=\(role)&archive=\(archive)&format=\(json ? "json" : "text")")
            try Terminal.show(options, via: request) { runtime throws(OperatorError) in
                try TicketView.show(runtime, id: id, role: Role(rawValue: role)!, json: json, archive: archive)
            }
        }
    }
}

/// `ticketd quarantine [--json]`.
struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "List the mails kept sealed in quarantine (auto-replies, bounces, no consent, over a limit), with the reason."
    )

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Print one JSON list.") var json = false

    func run() throws {
        try Terminal.show(options, via: .get("/v1/quarantine?format=\(json ? "json" : "text")")) { runtime throws(OperatorError) in
            try QuarantineView.list(runtime, json: json)
        }
    }
}

/// `ticketd outbox [--json]`.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "Pending, held, failed and sent outgoing mail.")

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Print one JSON list.") var json = false
    @Option(help: "Release a held copy after checking it.") var release: Int64?

    func run() throws {
        if let release {
            try Terminal.asAgent(options, via: .post("/v1/outbox/\(release)/release")) { runtime, actor throws(OperatorError) in
                try OutboxRelease.release(runtime, id: release, actor: actor)
            }
            return
        }
        try Terminal.show(options, via: .get("/v1/outbox?format=\(json ? "json" : "text")")) { runtime throws(OperatorError) in
            try OutboxView.list(runtime, json: json)
        }
    }
}

/// `ticketd register [--format md|json|csv]`.
struct RegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "register", abstract: "The Art. 30 register with its transfer log.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "md (default), json or csv.") var format: String = "md"

    func validate() throws {
        guard RegisterReport.Format(rawValue: format) != nil else { throw ValidationError("--format \(format) is not one of md, json, csv") }
    }

    func run() throws {
        try Terminal.show(options, via: .get("/v1/register?format=\(format)")) { runtime throws(OperatorError) in
            try RegisterReport.render(runtime, format: RegisterReport.Format(rawValue: format)!)
        }
    }
}
