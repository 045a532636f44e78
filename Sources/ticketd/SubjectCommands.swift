import Foundation
import ArgumentParser
import TicketAPI
import TicketDaemon

/// `ticketd subject export|erase|restrict|unrestrict --email ADDR`: the data subject's rights.
struct SubjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject",
        abstract: "Carry out a person's data-protection rights (Art. 15-20 GDPR), found by their e-mail address.",
        subcommands: [Export.self, Erase.self, Restrict.self, Unrestrict.self]
    )

    /// `ticketd subject export --email ADDR [--out PATH] [--json]`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything held about the person (Art. 15/20): data, tickets, messages, consents with evidence, recipients, retention, rights.",
            discussion: "Prints the readable Markdown rendering, or with --json the JSON document; with --out PATH writes the JSON document to PATH and the rendering to PATH with .md, readable by their owner only."
        )

        @OptionGroup var options: GlobalOptions
        @Option(help: "The person's e-mail address.") var email: String
        @Option(help: "Write the JSON document here and the readable rendering beside it (.md); never overwrites.") var out: String?
        @Flag(help: "Print the JSON document instead of the rendering.") var json = false

        func run() throws {
            // Through the daemon the document comes back to this command, which writes the files as the caller.
            if let out, let daemon = Terminal.daemon(options) {
                let reply = try Terminal.answer(daemon, .post("/v1/subjects/export", ["email": email, "files": true]))
                let files: SubjectExportFiles
                do { files = try JSONDecoder().decode(SubjectExportFiles.self, from: Data(StaffClient.message(reply.body).utf8)) } catch {
                    throw Terminal.fail("the daemon's export is not the document this command expects: is the daemon the same version as this command?")
                }
                do throws(OperatorError) { Terminal.print(try files.write(to: out)) } catch { throw Terminal.fail(error.description) }
                return
            }
            try Terminal.asAgent(options, via: .post("/v1/subjects/export", ["email": email, "json": json])) { runtime, actor throws(OperatorError) in
                try SubjectRightsActions.export(runtime, email: email, out: out, json: json, actor: actor)
            }
        }
    }

    /// `ticketd subject erase --email ADDR`.
    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase everything about the person (Art. 17), down to the mail server's copies; says what a legal hold or archive duty keeps, which is restricted instead."
        )

        @OptionGroup var options: GlobalOptions
        @Option(help: "The person's e-mail address.") var email: String

        func run() throws {
            try Terminal.asAgent(options, via: .post("/v1/subjects/erase", ["email": email])) { runtime, actor throws(OperatorError) in
                try SubjectRightsActions.erase(runtime, email: email, actor: actor)
            }
        }
    }

    /// `ticketd subject restrict --email ADDR`.
    struct Restrict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restrict the person's data (Art. 18): kept, but in no list, no view but the archive view, and no outgoing copy."
        )

        @OptionGroup var options: GlobalOptions
        @Option(help: "The person's e-mail address.") var email: String

        func run() throws {
            try Terminal.asAgent(options, via: .post("/v1/subjects/restrict", ["email": email, "restricted": true])) { runtime, actor throws(OperatorError) in
                try SubjectRightsActions.restrict(runtime, email: email, restricted: true, actor: actor)
            }
        }
    }

    /// `ticketd subject unrestrict --email ADDR`.
    struct Unrestrict: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift the restriction of the person's data.")

        @OptionGroup var options: GlobalOptions
        @Option(help: "The person's e-mail address.") var email: String

        func run() throws {
            try Terminal.asAgent(options, via: .post("/v1/subjects/restrict", ["email": email, "restricted": false])) { runtime, actor throws(OperatorError) in
                try SubjectRightsActions.restrict(runtime, email: email, restricted: false, actor: actor)
            }
        }
    }
}

/// `ticketd consent withdraw --email ADDR --purpose processing|marketing`.
struct ConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Record a person's consent decisions.",
        subcommands: [Withdraw.self]
    )

    /// `ticketd consent withdraw`.
    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw a consent (Art. 7(3)), effective at once.",
            discussion: "processing: the person's open tickets are restricted and their pending copies held. marketing: the address also goes on the suppression list and is never used for marketing again."
        )

        @OptionGroup var options: GlobalOptions
        @Option(help: "The person's e-mail address.") var email: String
        @Option(help: "processing or marketing.") var purpose: String

        func validate() throws {
            guard SubjectRightsActions.purposes.contains(purpose) else {
                throw ValidationError("--purpose \(purpose) is not a consent purpose: use processing or marketing")
            }
        }

        func run() throws {
            try Terminal.asAgent(options, via: .post("/v1/subjects/withdraw-consent", ["email": email, "purpose": purpose])) { runtime, actor throws(OperatorError) in
                try SubjectRightsActions.withdraw(runtime, email: email, purpose: purpose, actor: actor)
            }
        }
    }
}
