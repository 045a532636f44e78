import ArgumentParser

/// The `ticketd` command: argument parsing only; each subcommand calls one use case.
struct Ticketd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticketd",
        abstract: "A privacy-first help desk by e-mail.",
        discussion: """
        Every command takes --config PATH (default /etc/ticketd/ticketd.toml, or $TICKETD_CONFIG). \
        Errors go to standard error, name the cause and the fix, and exit non-zero.
        """,
        subcommands: [ConfigCommand.self, ServeCommand.self, IngestCommand.self, TicketsCommand.self, TicketCommand.self, QuarantineCommand.self, OutboxCommand.self, RegisterCommand.self, SweepCommand.self, SubjectCommand.self, ConsentCommand.self, RequestsCommand.self, RequestCommand.self, AuditCommand.self, StatusCommand.self, RedactionCommand.self, TokenCommand.self]
    )
}

/// `--config PATH`, shared by every command.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file (default: $TICKETD_CONFIG or /etc/ticketd/ticketd.toml).", valueName: "path"))
    var config: String?
    @Flag(help: ArgumentHelp("Open the database directly instead of asking the daemon (root or the service user only, for maintenance; audited as admin:<user>)."))
    var offline = false
}
