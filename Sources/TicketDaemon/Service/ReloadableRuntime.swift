import Foundation
import Logging
import Privacy
import Synchronization
import TicketStore

/// The runtime the services share, replaced as a whole when SIGHUP reloads the configuration;
/// every service reads it afresh at the start of each round, so a round never mixes two
/// configurations.
package final class ReloadableRuntime: Sendable {
    private let runtime: Mutex<Runtime>
    private let readyFlag = Atomic<Bool>(false)
    private let stopFlag = Atomic<Bool>(false)
    /// Where the configuration came from (reloads read it again).
    package let configPath: String
    package let environment: [String: String]

    package init(_ runtime: Runtime, configPath: String, environment: [String: String]) {
        self.runtime = Mutex(runtime)
        self.configPath = configPath
        self.environment = environment
    }

    /// The runtime in force now.
    package var current: Runtime { runtime.withLock { $0 } }

    /// Set once the first poll has an outcome (`READY=1` was sent).
    package var isReady: Bool { readyFlag.load(ordering: .acquiring) }
    package func markReady() { readyFlag.store(true, ordering: .releasing) }

    /// Set when a graceful shutdown began: blocking work stops after the mail in hand.
    package var isStopping: Bool { stopFlag.load(ordering: .acquiring) }
    package func markStopping() { stopFlag.store(true, ordering: .releasing) }

    /// Why a new configuration was not taken.
    package enum ReloadRefusal: Error, Sendable {
        case invalid(file: String, problems: [ConfigProblem])
        case needsRestart(key: String)
    }

    /// Loads and validates the configuration file again and, when it holds, puts it in force.
    /// The database and the master key stay: changing them needs a restart (the open database
    /// and every sealed row depend on them), and such a change is refused, not half applied.
    package func reload(logSink: LogSink) -> Result<Configuration, ReloadRefusal> {
        let report = ConfigurationLoader.load(path: configPath, environment: environment)
        guard let configuration = report.configuration else {
            return .failure(.invalid(file: report.file, problems: report.errors))
        }
        return runtime.withLock { runtime in
            if configuration.storage.database != runtime.configuration.storage.database {
                return .failure(.needsRestart(key: "storage.database"))
            }
            if configuration.secrets.masterKey.fingerprint != runtime.masterKey.fingerprint {
                return .failure(.needsRestart(key: "secrets.master_key_file"))
            }
            if let key = Self.listenerChange(from: runtime.configuration, to: configuration) {
                return .failure(.needsRestart(key: key))
            }
            runtime.configuration = configuration
            runtime.logger = Runtime.makeLogger(level: configuration.logging.level, sink: logSink)
            return .success(configuration)
        }
    }

    /// The staff API's listeners are opened once, at start: the socket when `[[staff]]` names
    /// someone, the TLS listener with its certificate when `[api] listen` is set, each with its
    /// rate limit. A change to any of them would be silently ignored until a restart, so it is
    /// refused like a new database. Accounts, roles and queues are read per request and change
    /// with a reload. The same holds for the portal's listener.
    static func listenerChange(from old: Configuration, to new: Configuration) -> String? {
        if old.staff.isEmpty != new.staff.isEmpty { return "[[staff]] (the first account opens the socket, and the last closes it)" }
        if old.api.socket != new.api.socket { return "api.socket" }
        if old.api.socketGroup != new.api.socketGroup { return "api.socket_group" }
        if old.api.requestsPerSecond != new.api.requestsPerSecond { return "api.requests_per_second" }
        if old.api.tls != new.api.tls { return "api.listen, api.certificate_file or api.key_file" }
        if old.api != new.api { return "[api]" }
        // The portal's listener too; its times and public address are read per request.
        if (old.portal == nil) != (new.portal == nil) { return "[portal] (added or removed)" }
        if old.portal?.listener != new.portal?.listener { return "portal.listen, portal.socket, portal.certificate_file or portal.key_file" }
        return nil
    }
}
