import Foundation
import Logging
import ServiceLifecycle
import Tickets
import TicketStore

/// Polls the support mailbox every `poll_interval` (backing off after failures) on a lane of its
/// own; the first outcome, success or definitive failure, makes the service ready.
struct MailboxPollerService: Service {
    static let loop = "poller"
    let live: ReloadableRuntime
    let notifier: SystemdNotifier
    let heartbeat: Heartbeat
    let monitor: OutcomeRecorder
    private let lane = BlockingLane("poller")

    init(live: ReloadableRuntime, notifier: SystemdNotifier, heartbeat: Heartbeat, monitor: OutcomeRecorder) {
        self.live = live
        self.notifier = notifier
        self.heartbeat = heartbeat
        self.monitor = monitor
    }

    func run() async throws {
        var failures = 0
        var generator = SystemRandomNumberGenerator()
        var today = DailyCount()
        while !Task.isShuttingDownGracefully {
            let runtime = live.current
            let started = Date()
            heartbeat.begin(Self.loop, operation: "mailbox.poll")
            let live = self.live, heartbeat = self.heartbeat
            let outcome: Result<PollReport, PollFailure> = await lane.run {
                do throws(PollFailure) {
                    // Every answered IMAP command and every mail is progress; a command that
                    // hangs (the server accepted and went silent) is not.
                    return .success(try ServeSteps.poll(runtime, progress: { heartbeat.beat(Self.loop) }, shouldStop: {
                        heartbeat.beat(Self.loop)
                        return live.isStopping
                    }))
                } catch {
                    return .failure(error)
                }
            }
            heartbeat.end(Self.loop)
            let delay: Double
            let summary: String
            switch outcome {
            case .success(let report):
                failures = 0
                ServeSteps.logPoll(report, runtime: runtime, started: started)
                let monitor = self.monitor
                await lane.run { monitor.pollFinished(report, started: started) }
                today.add(report.tickets, at: started)
                delay = Double(runtime.configuration.pollSeconds)
                summary = "last poll \(Self.clock(started)) ok: \(report.fetched) fetched, \(report.tickets) new tickets"
            case .failure(let error):
                failures += 1
                let monitor = self.monitor
                await lane.run { monitor.pollFailed(error, started: started) }
                delay = ServeSteps.backoff(failures: failures, using: &generator)
                runtime.logger.error("poll.failed", metadata: [
                    "error": .string(error.description), "attempt": .stringConvertible(failures),
                    "retry_in_seconds": .stringConvertible(Int(delay.rounded())),
                ])
                summary = "last poll \(Self.clock(started)) FAILED (attempt \(failures)), retry in \(Int(delay.rounded())) s"
            }
            // The status line is for systemd alone: without a supervisor to read it, the database
            // is not read for it. The read runs on the lane, not on the cooperative pool.
            var status = summary
            if notifier.isEnabled {
                let waiting: String = await lane.run {
                    guard let outbox = try? runtime.database.operations.counts(at: Date(), includingTickets: false).outbox else { return "?" }
                    return String((outbox["pending"] ?? 0) + (outbox["held"] ?? 0))
                }
                status += "; \(today.count) tickets today; outbox \(waiting) waiting"
            }
            if live.isReady {
                notifier.status(status)
            } else {
                live.markReady()
                notifier.ready(status: status)
                runtime.logger.notice("serve.ready", metadata: ["first_poll": .string(failures == 0 ? "ok" : "failed")])
            }
            if !(await pauseUnlessStopping(delay)) { break }
        }
    }

    static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }
}

/// Tickets created since local midnight, for the status line.
struct DailyCount {
    private var day: DateComponents?
    private(set) var count = 0

    mutating func add(_ tickets: Int, at date: Date) {
        let today = Calendar.current.dateComponents([.year, .month, .day], from: date)
        if today != day { day = today; count = 0 }
        count += tickets
    }
}
