import ArgumentParser
import TicketDaemon

extension TicketCommand {
    /// `ticketd ticket attachment ID N --out PATH`.
    struct Attachment: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one attachment of a ticket to a new file readable by you only (agents; audited)."
        )

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64
        @Argument(help: "The attachment's number, as `ticket show` lists it.") var index: Int
        @Option(help: "The file to write; it must not exist. The sender's file name is never used as a path.") var out: String

        func run() throws {
            try Terminal.asAgent(options) { runtime, actor throws(OperatorError) in
                try TicketAttachments.extract(runtime, ticket: id, index: index, out: out, actor: actor)
            }
        }
    }
}
