import ArgumentParser
import TicketAPI
import TicketDaemon

/// `ticketd audit ...`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check and read the tamper-evident audit trail.",
        subcommands: [Verify.self, Log.self]
    )

    /// `ticketd audit verify`.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the hash chain and report the first broken link; exit 1 when it is broken."
        )

        @OptionGroup var options: GlobalOptions
        @Flag(help: "Print one JSON document.") var json = false

        func run() throws {
            if let daemon = Terminal.daemon(options) {
                let answer = try Terminal.object(try Terminal.answer(daemon, .get("/v1/audit/verify?format=\(json ? "json" : "text")")))
                Terminal.print(answer["message"] as? String ?? "")
                if answer["intact"] as? Bool != true { throw ExitCode.failure }
                return
            }
            let runtime = try Terminal.runtime(options)
            let outcome: (output: String, intact: Bool)
            do { outcome = try AuditReport.verify(runtime, json: json) } catch { throw Terminal.fail(error.description) }
            Terminal.print(outcome.output)
            if !outcome.intact { throw ExitCode.failure }
        }
    }

    /// `ticketd audit log [--ticket ID] [--json]`.
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the audit trail, all of it or one ticket's.")

        @OptionGroup var options: GlobalOptions
        @Option(help: "Only the events of this ticket.") var ticket: Int64?
        @Flag(help: "Print one JSON list.") var json = false

        func run() throws {
            let request = StaffRequest.get("/v1/audit?format=\(json ? "json" : "text")" + (ticket.map { "&ticket=\($0)" } ?? ""))
            try Terminal.show(options, via: request) { runtime throws(OperatorError) in try AuditReport.log(runtime, ticket: ticket, json: json) }
        }
    }
}
