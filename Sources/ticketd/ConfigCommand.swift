import ArgumentParser
import TicketDaemon

/// `ticketd config ...`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with the configuration.",
        subcommands: [Check.self]
    )

    /// `ticketd config check [--json]`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration and the secrets it names; exit 0 only when everything holds."
        )

        @OptionGroup var options: GlobalOptions
        @Flag(help: "Print one JSON document.") var json = false

        func run() throws {
            let report = ConfigCheck.run(configPath: options.config, environment: Terminal.environment)
            Terminal.print(json ? ConfigCheck.json(report) : ConfigCheck.text(report))
            if report.configuration == nil { throw ExitCode.failure }
        }
    }
}
