import ArgumentParser
import TicketAPI
import TicketDaemon

/// `ticketd status [--json]`.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "How the daemon stands: last poll, backlog, outbox, quarantine, tickets, next sweep, holds, restrictions.",
        discussion: """
        Reads the database only, so it works whether or not `ticketd serve` runs. Shows counts, times and reasons, \
        never anyone's data. Exit 0 whenever the database can be read; a failed last poll is shown, not an error.
        """
    )

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        try Terminal.show(options, via: .get("/v1/status?format=\(json ? "json" : "text")")) { runtime throws(OperatorError) in
            try StatusView.show(runtime, json: json)
        }
    }
}
