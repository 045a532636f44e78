public import Foundation

/// A `ticketd` process running in the background, its standard output (the JSON log) in a file.
public final class DaemonProcess: @unchecked Sendable {
    public let process = Process()
    public let logPath: String

    /// Starts `ticketd` with the arguments; the log goes to `logPath`.
    public init(_ arguments: [String], logPath: String, environment extra: [String: String] = [:]) throws {
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "TICKETD_CONFIG")
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { environment.removeValue(forKey: name) }
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Sends a signal (SIGKILL to simulate a crash, SIGTERM to ask for a clean stop).
    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the exit, at most `seconds`; returns the status, or nil when it is still running.
    public func wait(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// What the process logged so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The log lines with the given event name, parsed.
    public func events(_ name: String) -> [[String: Any]] {
        log.split(separator: "\n").compactMap { line -> [String: Any]? in
            guard let brace = line.firstIndex(of: "{"),
                  let object = try? JSONSerialization.jsonObject(with: Data(line[brace...].utf8)) as? [String: Any],
                  object["event"] as? String == name else { return nil }
            return object
        }
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
