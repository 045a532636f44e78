import Foundation
import ArgumentParser
import TicketAPI
import TicketDaemon

extension TicketCommand {
    /// `ticketd ticket assign ID --queue Q [--preview]`.
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hand the ticket to a queue; the queue receives a pseudonymized copy.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64
        @Option(help: "The queue's name.") var queue: String
        @Flag(help: "Print exactly the copy that would leave, and its residual risk, without queueing anything.") var preview = false

        func run() throws {
            try Terminal.asAgent(options, via: .post("/v1/tickets/\(id)/assign", ["queue": queue, "preview": preview])) { runtime, actor throws(OperatorError) in
                try TicketActions.assign(runtime, ticket: id, queue: queue, actor: actor, preview: preview)
            }
        }
    }

    /// `ticketd ticket forward ID --partner NAME [--note TEXT] [--allow-sensitive REASON]
    /// [--attach N ... --attach-reason TEXT] [--preview]`.
    struct Forward: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a pseudonymized copy to a registered partner; the transfer enters the register.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64
        @Option(help: "The partner's name.") var partner: String
        @Option(help: "A note for the partner (redacted like the rest).") var note: String?
        @Option(name: .customLong("allow-sensitive"), help: "Why a ticket with special categories may go to the partner (recorded).") var allowSensitive: String?
        @Option(help: "Release attachment N (as `ticket show` numbers them) with the copy; repeat for more.") var attach: [Int] = []
        @Option(name: .customLong("attach-reason"), help: "Why the partner needs the attachments (recorded; required with --attach).") var attachReason: String?
        @Flag(help: "Print exactly the copy that would leave, and its residual risk, without queueing anything.") var preview = false

        func run() throws {
            var fields: [String: any Sendable] = ["partner": partner, "preview": preview, "attach": attach]
            if let note { fields["note"] = note }
            if let allowSensitive { fields["allow_sensitive"] = allowSensitive }
            if let attachReason { fields["attach_reason"] = attachReason }
            try Terminal.asAgent(options, via: .post("/v1/tickets/\(id)/forward", fields)) { runtime, actor throws(OperatorError) in
                try TicketActions.forward(runtime, ticket: id, partner: partner, note: note, allowSensitive: allowSensitive, actor: actor, preview: preview,
                                          attach: attach, attachReason: attachReason)
            }
        }
    }

    /// `ticketd ticket reply ID --file PATH`.
    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Answer the customer at their own address with the text of a file.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64
        @Option(help: "A UTF-8 text file with the answer.") var file: String

        func run() throws {
            // The file is read here, as the caller; through the daemon only its text travels.
            var request: StaffRequest?
            if Terminal.daemon(options) != nil {
                do throws(OperatorError) { request = .post("/v1/tickets/\(id)/reply", ["text": try TicketActions.answer(file: file)]) } catch {
                    throw Terminal.fail(error.description)
                }
            }
            try Terminal.asAgent(options, via: request) { runtime, actor throws(OperatorError) in
                try TicketActions.reply(runtime, ticket: id, file: file, actor: actor)
            }
        }
    }

    /// `ticketd ticket close ID`.
    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close the ticket; its retention period starts.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64

        func run() throws {
            try Terminal.asAgent(options, via: .post("/v1/tickets/\(id)/close")) { runtime, actor throws(OperatorError) in
                try TicketActions.close(runtime, ticket: id, actor: actor)
            }
        }
    }
}

extension TicketCommand {
    /// `ticketd ticket hold ID --reason TEXT [--until DATE]`.
    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a legal hold on the ticket: no sweep and no erasure touches it (Art. 17(3)).")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64
        @Option(help: "Why the ticket must be kept (recorded).") var reason: String
        @Option(help: "Until when (YYYY-MM-DD or ISO 8601); without it, until released.") var until: String?

        func run() throws {
            // The daemon takes the time in ISO 8601; it is read here, so both ways accept the same spellings.
            let date: Date?
            do throws(OperatorError) { date = try until.map { text throws(OperatorError) in try TimeArgument.parse(text, option: "--until") } } catch {
                throw Terminal.fail(error.description)
            }
            var fields: [String: any Sendable] = ["reason": reason]
            if let date { fields["until"] = ISO8601DateFormatter().string(from: date) }
            try Terminal.asAgent(options, via: .post("/v1/tickets/\(id)/hold", fields)) { runtime, actor throws(OperatorError) in
                try RetentionCommands.hold(runtime, ticket: id, reason: reason, until: date, actor: actor)
            }
        }
    }

    /// `ticketd ticket release ID`.
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift the legal hold on the ticket.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64

        func run() throws {
            try Terminal.asAgent(options, via: .post("/v1/tickets/\(id)/release")) { runtime, actor throws(OperatorError) in
                try RetentionCommands.release(runtime, ticket: id, actor: actor)
            }
        }
    }
}

extension TicketCommand {
    /// `ticketd ticket mark ID --commercial-letter | --not-commercial-letter`.
    struct Mark: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark the ticket as a commercial letter (HGB §257, AO §147), or take the marker off.",
            // The two flags exclude each other and one is required, which the generated usage line does not show.
            usage: "ticketd ticket mark <id> (--commercial-letter | --not-commercial-letter) [--config <path>]",
            discussion: """
            A marked ticket belongs to the retention class with commercial_letters = true; without the marker, \
            to the class that claims its queue, else to the default class. Its due date is counted again under \
            that class (from its closing when it is closed). Recorded in the audit trail; marking twice changes nothing.
            """
        )

        /// The agent's finding.
        enum Finding: String, EnumerableFlag {
            case commercialLetter
            case notCommercialLetter

            static func help(for value: Finding) -> ArgumentHelp? {
                switch value {
                case .commercialLetter: "It is a commercial letter: keep it as its class says."
                case .notCommercialLetter: "It is not (any more): its queue or the default decides its class."
                }
            }
        }

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket's number.") var id: Int64
        @Flag var finding: Finding

        func run() throws {
            let request = StaffRequest.post("/v1/tickets/\(id)/mark", ["commercial_letter": finding == .commercialLetter])
            try Terminal.asAgent(options, via: request) { runtime, actor throws(OperatorError) in
                try RetentionCommands.markCommercialLetter(runtime, ticket: id, finding == .commercialLetter, actor: actor)
            }
        }
    }
}

/// `ticketd sweep [--dry-run] [--now ISO8601]`.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Apply retention now: anonymize, erase or archive what is due.",
        discussion: """
        Also removes the payloads left on sent outbox items and expunges the processed copies on the IMAP server \
        older than imap.purge_processed_after. When the server cannot be reached, the rest is done all the same \
        and the command exits non-zero.
        """
    )

    @OptionGroup var options: GlobalOptions
    @Flag(help: "List what would happen; change nothing, here or on the server.") var dryRun = false
    @Option(help: "Act as if it were this time (ISO 8601), for the tickets and the server's copies alike.") var now: String?

    func run() throws {
        if let daemon = Terminal.daemon(options) {
            var fields: [String: any Sendable] = ["dry_run": dryRun]
            if let now { fields["now"] = now }
            let answer = try Terminal.object(try Terminal.answer(daemon, .post("/v1/sweep", fields)))
            Terminal.print(answer["message"] as? String ?? "")
            if let failure = answer["server_failure"] as? String { throw Terminal.fail(failure) }
            return
        }
        let runtime = try Terminal.runtime(options)
        let report: SweepReport
        do {
            let date = try now.map { text throws(OperatorError) in try TimeArgument.parse(text, option: "--now") } ?? Date()
            report = try Sweep.runWithServer(runtime, now: date, dryRun: dryRun)
        } catch { throw Terminal.fail(error.description) }
        Terminal.print(report.line)
        if let failure = report.serverFailure { throw Terminal.fail(failure) }
    }
}
