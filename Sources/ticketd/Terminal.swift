import ArgumentParser
import Foundation
import TicketDaemon
import TicketAPI
import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// Output and exit conventions: results to standard output, errors to standard error, exit 1 on failure.
enum Terminal {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// A progress or notice line on standard error.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func fail(_ text: String) -> ExitCode {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
        return ExitCode.failure
    }

    /// EX_NOPERM (sysexits.h): the daemon refused this account.
    static let notPermitted = ExitCode(77)

    /// Runs a command's use case: through the daemon when it serves its staff (`request`, unless
    /// `--offline`), else by opening the runtime; prints the answer, or explains the failure on
    /// standard error.
    static func show(_ options: GlobalOptions, via request: StaffRequest? = nil, _ action: (Runtime) throws(OperatorError) -> String) throws {
        if let request, !options.offline, let socket = StaffClient.socket(environment: environment) {
            return try remote(StaffClient(socket: socket), request)
        }
        let runtime = try runtime(options)
        do { print(try action(runtime)) } catch {
            throw fail(error.description)
        }
    }

    /// Runs an agent's action like ``show(_:via:_:)``, with the acting agent resolved first.
    static func asAgent(_ options: GlobalOptions, via request: StaffRequest? = nil, _ action: (Runtime, Actor) throws(OperatorError) -> String) throws {
        try show(options, via: request) { runtime throws(OperatorError) in
            try action(runtime, try actor(options, runtime))
        }
    }

    /// Who acts: with `--offline` on an installation that has staff, `admin:<user>`; otherwise
    /// (one operator, no daemon between) `$TICKETD_ACTOR` or the Unix user, as before.
    static func actor(_ options: GlobalOptions, _ runtime: Runtime) throws(OperatorError) -> Actor {
        guard options.offline, !runtime.configuration.staff.isEmpty else { return try ActorResolver.agent(environment: environment) }
        return try ActorResolver.admin()
    }

    /// The daemon's answer, printed as the command prints it; a refusal exits 77.
    static func remote(_ client: StaffClient, _ request: StaffRequest) throws {
        let reply = try answer(client, request)
        print(request.answersWithMessage ? StaffClient.message(reply.body) : reply.body)
    }

    /// The daemon to ask, when the command goes through it (not `--offline`, and a socket exists).
    static func daemon(_ options: GlobalOptions) -> StaffClient? {
        guard !options.offline, let socket = StaffClient.socket(environment: environment) else { return nil }
        return StaffClient(socket: socket)
    }

    /// The daemon's 200 answer to `request`, for a command that does more with it than print
    /// it; a refusal exits 77, any other failure 1, each with the daemon's message.
    static func answer(_ client: StaffClient, _ request: StaffRequest) throws -> StaffClient.Reply {
        let reply: StaffClient.Reply
        do { reply = try client.send(request) } catch { throw fail(error.description) }
        return try accept(reply)
    }

    /// `reply` when it is a 200; else the refusal (77) or failure (1) with the daemon's message.
    static func accept(_ reply: StaffClient.Reply) throws -> StaffClient.Reply {
        switch reply.status {
        case 200: return reply
        case 403:
            FileHandle.standardError.write(Data(("error: " + StaffClient.message(reply.body) + "\n").utf8))
            throw notPermitted
        default: throw fail(StaffClient.message(reply.body))
        }
    }

    /// A JSON object's fields from a daemon's answer (or a failure naming what was wrong).
    static func object(_ reply: StaffClient.Reply) throws -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(reply.bytes))) as? [String: Any] else {
            throw fail("the daemon's answer is not the JSON object this command expects: is the daemon the same version as this command?")
        }
        return object
    }

    /// Opens configuration and database for a command, or explains on standard error why not.
    /// An installation whose daemon serves members of staff is worked on through the daemon;
    /// opening it directly takes `--offline`, and only root or the service user may.
    static func runtime(_ options: GlobalOptions) throws -> Runtime {
        let runtime: Runtime
        do {
            runtime = try Runtime.open(configPath: options.config, environment: environment, logSink: .standardError)
        } catch {
            throw fail(error.description)
        }
        guard !runtime.configuration.staff.isEmpty else { return runtime }
        guard options.offline else {
            throw fail("this installation serves its members of staff through the daemon, which is not answering (no socket at "
                       + "\(runtime.configuration.api.socket)): start it (systemctl start ticketd); for maintenance, root or the service user "
                       + "can add --offline")
        }
        var status = stat()
        let owner = stat(runtime.configuration.storage.database, &status) == 0 ? status.st_uid : 0
        guard geteuid() == 0 || geteuid() == owner else {
            throw fail("--offline is for root and the service user (the database's owner): ask the daemon instead (start it with systemctl start ticketd)")
        }
        return runtime
    }
}
