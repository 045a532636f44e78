import ArgumentParser
import Foundation
import TicketDaemon
import Tickets

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

    /// Runs a command's use case: opens the runtime, prints the use case's answer, or explains
    /// the failure on standard error.
    static func show(_ options: GlobalOptions, _ action: (Runtime) throws(OperatorError) -> String) throws {
        let runtime = try runtime(options)
        do { print(try action(runtime)) } catch {
            throw fail(error.description)
        }
    }

    /// Runs an agent's action like ``show(_:_:)``, with the acting agent resolved first.
    static func asAgent(_ options: GlobalOptions, _ action: (Runtime, Actor) throws(OperatorError) -> String) throws {
        try show(options) { runtime throws(OperatorError) in
            try action(runtime, try ActorResolver.agent(environment: environment))
        }
    }

    /// Opens configuration and database for a command, or explains on standard error why not.
    static func runtime(_ options: GlobalOptions) throws -> Runtime {
        do {
            return try Runtime.open(configPath: options.config, environment: environment, logSink: .standardError)
        } catch {
            throw fail(error.description)
        }
    }
}
