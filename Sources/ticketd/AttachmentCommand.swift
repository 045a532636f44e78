import ArgumentParser
import TicketAPI
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
            if let daemon = Terminal.daemon(options) {
                // The daemon audits the access and hands the bytes over; they are written here, as the caller.
                let reply = try Terminal.answer(daemon, .get("/v1/tickets/\(id)/attachments/\(index)"))
                let opened = TicketAttachments.Opened(ticket: id, index: index, mediaType: reply.headers["x-ticketd-media-type"] ?? "application/octet-stream",
                                                      data: reply.bytes)
                guard opened.digest == reply.headers["x-ticketd-sha256"] else {
                    throw Terminal.fail("attachment \(index) of ticket \(id) arrived damaged (its SHA-256 differs from the daemon's): run the command again")
                }
                do throws(OperatorError) { Terminal.print(try opened.write(to: out)) } catch { throw Terminal.fail(error.description) }
                return
            }
            try Terminal.asAgent(options) { runtime, actor throws(OperatorError) in
                try TicketAttachments.extract(runtime, ticket: id, index: index, out: out, actor: actor)
            }
        }
    }
}
