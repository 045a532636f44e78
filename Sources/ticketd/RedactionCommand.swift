import ArgumentParser
import TicketAPI
import TicketDaemon

/// `ticketd redaction ...`.
struct RedactionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redaction",
        abstract: "Keep the redacted texts that other roles read up to the installed redactor.",
        subcommands: [Refresh.self]
    )

    /// `ticketd redaction refresh [--batch N]`.
    struct Refresh: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Redact every stored mail again with the installed redactor; hold the copies an older one built.",
            discussion: """
            Runs by itself at the start of `serve`. Works in batches, each in a transaction of its own and \
            audited with its counts (`redaction.refreshed`); an interrupted run goes on where it stopped. \
            Copies for queues and partners still waiting in the outbox are held for an agent.
            """
        )

        @OptionGroup var options: GlobalOptions
        @Option(help: "Messages per transaction (1 to 100000).") var batch = 500

        func run() throws {
            try Terminal.asAgent(options, via: .post("/v1/redaction/refresh", ["batch": batch])) { runtime, actor throws(OperatorError) in
                try RedactionRefresh.run(runtime, batch: batch, actor: actor)
            }
        }
    }
}
