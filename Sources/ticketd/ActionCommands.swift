import ArgumentParser
import TicketDaemon

extension TicketCommand {
    /// `ticketd ticket assign ID --queue Q`.
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hand the ticket to a queue; the queue receives a pseudonymized copy.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64
        @Option(help: "The queue's name.") var queue: String

        func run() throws {
            let runtime = try Terminal.runtime(options)
            do {
                let actor = try ActorResolver.agent(environment: Terminal.environment)
                Terminal.print(try TicketActions.assign(runtime, ticket: id, queue: queue, actor: actor))
            } catch { throw Terminal.fail(error.description) }
        }
    }

    /// `ticketd ticket forward ID --partner NAME [--note TEXT] [--allow-sensitive REASON]`.
    struct Forward: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a pseudonymized copy to a registered partner; the transfer enters the register.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64
        @Option(help: "The partner's name.") var partner: String
        @Option(help: "A note for the partner (redacted like the rest).") var note: String?
        @Option(name: .customLong("allow-sensitive"), help: "Why a ticket with special categories may go to the partner (recorded).") var allowSensitive: String?

        func run() throws {
            let runtime = try Terminal.runtime(options)
            do {
                let actor = try ActorResolver.agent(environment: Terminal.environment)
                Terminal.print(try TicketActions.forward(runtime, ticket: id, partner: partner, note: note, allowSensitive: allowSensitive, actor: actor))
            } catch { throw Terminal.fail(error.description) }
        }
    }

    /// `ticketd ticket reply ID --file PATH`.
    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Answer the customer at their own address with the text of a file.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64
        @Option(help: "A UTF-8 text file with the answer.") var file: String

        func run() throws {
            let runtime = try Terminal.runtime(options)
            do {
                let actor = try ActorResolver.agent(environment: Terminal.environment)
                Terminal.print(try TicketActions.reply(runtime, ticket: id, file: file, actor: actor))
            } catch { throw Terminal.fail(error.description) }
        }
    }

    /// `ticketd ticket close ID`.
    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close the ticket; its retention period starts.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64

        func run() throws {
            let runtime = try Terminal.runtime(options)
            do {
                let actor = try ActorResolver.agent(environment: Terminal.environment)
                Terminal.print(try TicketActions.close(runtime, ticket: id, actor: actor))
            } catch { throw Terminal.fail(error.description) }
        }
    }
}
