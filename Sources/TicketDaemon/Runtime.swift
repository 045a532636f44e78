package import Foundation
package import Logging
package import Privacy
package import TicketStore

/// What every command that touches data needs: the validated configuration, the open
/// database, and a logger.
package struct Runtime: Sendable {
    package var configuration: Configuration
    package var database: TicketDatabase
    package var logger: Logger
    /// The master key, for the keyed hashes the use cases compute (dedupe keys).
    package var masterKey: MasterKey

    /// Loads and validates the configuration, reads the master key and opens the database.
    ///
    /// Fails before anything is written when the configuration has any error.
    package static func open(
        configPath: String?,
        environment: [String: String],
        logSink: LogSink,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(OperatorError) -> Runtime {
        let path = ConfigurationLoader.path(option: configPath, environment: environment)
        let report = ConfigurationLoader.load(path: path, environment: environment)
        guard let configuration = report.configuration else {
            throw .configuration(file: report.file, problems: report.errors)
        }
        let logger = makeLogger(level: configuration.logging.level, sink: logSink)
        let masterKey = configuration.secrets.masterKey
        do {
            let database = try TicketDatabase(path: configuration.storage.database, masterKey: masterKey, now: now)
            return Runtime(configuration: configuration, database: database, logger: logger, masterKey: masterKey)
        } catch {
            throw .store(error)
        }
    }

    /// A logger writing JSON lines at the configured level.
    package static func makeLogger(level: LogLevel, sink: LogSink) -> Logger {
        Logger(label: "ticketd") { _ in JSONLogHandler(level: level.swiftLogLevel, sink: sink) }
    }
}

extension LogLevel {
    /// The swift-log level; `notice` maps to its own level.
    var swiftLogLevel: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}
