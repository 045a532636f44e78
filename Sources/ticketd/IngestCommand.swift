import ArgumentParser
import TicketDaemon

/// `ticketd ingest PATH...`.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Take in .eml files, directories of them, or Maildirs, as if they had been fetched.",
        discussion: "Each mail becomes one ticket or one quarantine entry; a mail taken in before is recognised and skipped."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "Mail files, directories or Maildirs.") var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one mail file, directory or Maildir") }
    }

    func run() throws {
        let runtime = try Terminal.runtime(options)
        let summary: IngestSummary
        do {
            summary = try MailIngest.run(runtime, paths: paths) { Terminal.printError($0) }
        } catch {
            throw Terminal.fail(error.description)
        }
        Terminal.print(summary.line)
        if summary.failed > 0 { throw ExitCode.failure }
    }
}
