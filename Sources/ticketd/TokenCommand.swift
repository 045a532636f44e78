import ArgumentParser
import TicketAPI
import TicketDaemon

/// `ticketd token create|list|revoke`: API tokens for integrations on the TLS listener.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "API tokens for integrations (CRM, ERP, a portal) on the TLS listener: scoped, expiring, revocable.",
        discussion: """
        A token acts as an account of its own (token:<name> in the audit trail) with a role and queues, like a member of staff. \
        Its secret is shown once by `create`; the daemon keeps only its hash. Administrators manage tokens.
        """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    /// `ticketd token create NAME --role ROLE [--queue Q ...] [--days N] [--json]`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a token and print its secret, once.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The integration's name (lower-case letters, digits, '-' and '_'), as the audit trail will name it.") var name: String
        @Option(help: "What it may see and do: agent, department, marketing, dpo or admin.") var role: String
        @Option(help: "A queue whose tickets it reaches; repeat for more (none: every ticket).") var queue: [String] = []
        @Option(help: "Days until it expires (1 to 366).") var days = TokenCommands.Request.standardDays
        @Flag(help: "Print one JSON document.") var json = false

        func run() throws {
            let asked = TokenCommands.Request(name: name, role: role, queues: queue, days: days)
            let fields: [String: any Sendable] = ["name": name, "role": role, "queues": queue, "days": days]
            try Terminal.show(options, via: .post("/v1/tokens?format=\(json ? "json" : "text")", printing: fields)) { runtime throws(OperatorError) in
                try TokenCommands.create(runtime, asked, actor: try Terminal.actor(options, runtime), json: json)
            }
        }
    }

    /// `ticketd token list [--json]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every token with its scope, expiry and standing (live, expired, revoked); never a secret.")

        @OptionGroup var options: GlobalOptions
        @Flag(help: "Print one JSON document.") var json = false

        func run() throws {
            try Terminal.show(options, via: .get("/v1/tokens?format=\(json ? "json" : "text")")) { runtime throws(OperatorError) in
                try TokenCommands.list(runtime, json: json)
            }
        }
    }

    /// `ticketd token revoke NAME`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a live token: from now on it is refused.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The token's name.") var name: String

        func run() throws {
            try Terminal.asAgent(options, via: .post("/v1/tokens/\(StaffRequest.query(name))/revoke")) { runtime, actor throws(OperatorError) in
                try TokenCommands.revoke(runtime, name: name, actor: actor)
            }
        }
    }
}
