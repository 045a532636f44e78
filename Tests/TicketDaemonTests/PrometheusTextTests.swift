import Foundation
import Testing
import Tickets
import TicketStore
@testable import TicketDaemon

@Suite("Metrics in the Prometheus text format")
struct PrometheusTextTests {
    @Test("HELP and TYPE before the samples, labels in order, escaping, numbers as Prometheus reads them")
    func format() {
        let text = PrometheusText.render([
            MetricFamily("demo_total", .counter, help: "A help text with a \\ backslash\nand a line feed.", samples: [
                MetricSample(3, labels: [.init("a", "x\"y"), .init("b", "back\\slash\nline")]),
                MetricSample(0, "a", "plain"),
            ]),
            MetricFamily("demo_gauge", .gauge, help: "Values.", samples: [
                MetricSample(1_795_936_679.401, "kind", "time"), MetricSample(-2, "kind", "negative"), MetricSample(0.5, "kind", "half"),
                MetricSample(.infinity, "kind", "inf"), MetricSample(-.infinity, "kind", "minus_inf"), MetricSample(.nan, "kind", "nan"),
                MetricSample(1e20, "kind", "huge"),
            ]),
            MetricFamily("demo_empty", .gauge, help: "Never written: no samples.", samples: []),
            MetricFamily("demo_single", .gauge, help: "One value.", value: 42),
        ])
        #expect(text == """
        # HELP demo_total A help text with a \\\\ backslash\\nand a line feed.
        # TYPE demo_total counter
        demo_total{a="x\\"y",b="back\\\\slash\\nline"} 3
        demo_total{a="plain"} 0
        # HELP demo_gauge Values.
        # TYPE demo_gauge gauge
        demo_gauge{kind="time"} 1795936679.401
        demo_gauge{kind="negative"} -2
        demo_gauge{kind="half"} 0.5
        demo_gauge{kind="inf"} +Inf
        demo_gauge{kind="minus_inf"} -Inf
        demo_gauge{kind="nan"} NaN
        demo_gauge{kind="huge"} 1e+20
        # HELP demo_single One value.
        # TYPE demo_single gauge
        demo_single 42

        """)
    }

    @Test("the daemon's metrics file: every family, counters from memory, gauges from the database, exactly")
    func snapshot() {
        var counters = WorkCounters()
        var poll = PollReport()
        poll.fetched = 5
        poll.tickets = 3
        poll.quarantined = 2
        poll.quarantinedByReason = ["auto_reply": 1, "too_large": 1]
        poll.threaded = 1
        poll.duplicates = 0
        counters.record(poll)
        counters.recordPollFailure()
        var outbox = OutboxReport()
        outbox.sent = 4
        outbox.retried = 2
        outbox.failed = 1
        counters.record(outbox)
        counters.recordSweep()
        var counts = OperationalCounts()
        counts.outbox = ["pending": 2, "held": 1, "failed": 1, "sent": 7]
        counts.oldestPending = Date(timeIntervalSince1970: 1_800_000_000.5)
        counts.quarantine = 9
        counts.serverErasures = 1
        let gauges = MetricsGauges(counts: counts, lastSuccessfulPoll: Date(timeIntervalSince1970: 1_800_000_100.25), lastSweep: nil,
                                   sweepTotals: SweepTotals(tickets: ["anonymize": 12], quarantineExpired: 3))
        let text = PrometheusText.render(MetricsSnapshot(counters: counters, gauges: gauges, startedAt: Date(timeIntervalSince1970: 1_800_000_000)).families)
        #expect(text == """
        # HELP ticketd_polls_total Poll cycles of the support mailbox since the daemon started, by result.
        # TYPE ticketd_polls_total counter
        ticketd_polls_total{result="ok"} 1
        ticketd_polls_total{result="failed"} 1
        # HELP ticketd_mails_fetched_total Mails fetched from the support mailbox since the daemon started.
        # TYPE ticketd_mails_fetched_total counter
        ticketd_mails_fetched_total 5
        # HELP ticketd_tickets_created_total Tickets made from fetched mail since the daemon started.
        # TYPE ticketd_tickets_created_total counter
        ticketd_tickets_created_total 3
        # HELP ticketd_mails_quarantined_total Fetched mails kept sealed in quarantine since the daemon started, by reason.
        # TYPE ticketd_mails_quarantined_total counter
        ticketd_mails_quarantined_total{reason="auto_reply"} 1
        ticketd_mails_quarantined_total{reason="bounce"} 0
        ticketd_mails_quarantined_total{reason="no_processing_consent"} 0
        ticketd_mails_quarantined_total{reason="no_sender"} 0
        ticketd_mails_quarantined_total{reason="store_refused"} 0
        ticketd_mails_quarantined_total{reason="too_deep"} 0
        ticketd_mails_quarantined_total{reason="too_large"} 1
        ticketd_mails_quarantined_total{reason="too_many_parts"} 0
        ticketd_mails_quarantined_total{reason="unverified_confirmation"} 0
        # HELP ticketd_mails_threaded_total Fetched answers threaded into their tickets since the daemon started.
        # TYPE ticketd_mails_threaded_total counter
        ticketd_mails_threaded_total 1
        # HELP ticketd_mails_duplicate_total Fetched mails recognised as taken in before since the daemon started.
        # TYPE ticketd_mails_duplicate_total counter
        ticketd_mails_duplicate_total 0
        # HELP ticketd_outbox_sent_total Outgoing mails the SMTP server accepted since the daemon started.
        # TYPE ticketd_outbox_sent_total counter
        ticketd_outbox_sent_total 4
        # HELP ticketd_outbox_failures_total Outbox failures since the daemon started: deferred (retried later), failed (for good), session (no SMTP session for a pass).
        # TYPE ticketd_outbox_failures_total counter
        ticketd_outbox_failures_total{kind="deferred"} 2
        ticketd_outbox_failures_total{kind="failed"} 1
        ticketd_outbox_failures_total{kind="session"} 0
        # HELP ticketd_sweeps_total Retention sweeps the daemon ran since it started, by result.
        # TYPE ticketd_sweeps_total counter
        ticketd_sweeps_total{result="ok"} 1
        ticketd_sweeps_total{result="failed"} 0
        # HELP ticketd_start_time_seconds When the daemon started, in seconds since 1970.
        # TYPE ticketd_start_time_seconds gauge
        ticketd_start_time_seconds 1800000000
        # HELP ticketd_outbox_pending Outgoing mails waiting to be sent.
        # TYPE ticketd_outbox_pending gauge
        ticketd_outbox_pending 2
        # HELP ticketd_outbox_held Outgoing mails held for an agent's check or a restriction.
        # TYPE ticketd_outbox_held gauge
        ticketd_outbox_held 1
        # HELP ticketd_outbox_failed Outgoing mails that failed for good (ticketd outbox lists them).
        # TYPE ticketd_outbox_failed gauge
        ticketd_outbox_failed 1
        # HELP ticketd_outbox_oldest_pending_timestamp_seconds When the oldest pending outgoing mail was queued, in seconds since 1970.
        # TYPE ticketd_outbox_oldest_pending_timestamp_seconds gauge
        ticketd_outbox_oldest_pending_timestamp_seconds 1800000000.5
        # HELP ticketd_quarantine_entries Mails kept sealed in quarantine.
        # TYPE ticketd_quarantine_entries gauge
        ticketd_quarantine_entries 9
        # HELP ticketd_server_erasures_pending Erasures whose copies on the IMAP server are still to be expunged.
        # TYPE ticketd_server_erasures_pending gauge
        ticketd_server_erasures_pending 1
        # HELP ticketd_requests_open Data-subject requests received by mail and not yet done.
        # TYPE ticketd_requests_open gauge
        ticketd_requests_open 0
        # HELP ticketd_requests_overdue Data-subject requests past their one-month deadline (Art. 12(3) GDPR).
        # TYPE ticketd_requests_overdue gauge
        ticketd_requests_overdue 0
        # HELP ticketd_poll_last_success_timestamp_seconds When a poll of the support mailbox last succeeded, in seconds since 1970.
        # TYPE ticketd_poll_last_success_timestamp_seconds gauge
        ticketd_poll_last_success_timestamp_seconds 1800000100.25
        # HELP ticketd_sweep_tickets_total Tickets every retention sweep so far acted on, by action (kept in the database).
        # TYPE ticketd_sweep_tickets_total counter
        ticketd_sweep_tickets_total{action="anonymize"} 12
        ticketd_sweep_tickets_total{action="erase"} 0
        ticketd_sweep_tickets_total{action="restrict"} 0
        # HELP ticketd_sweep_quarantine_expired_total Quarantined mails every retention sweep so far erased at the end of quarantine_period.
        # TYPE ticketd_sweep_quarantine_expired_total counter
        ticketd_sweep_quarantine_expired_total 3

        """)
    }

    @Test("without the database's gauges the counters are written all the same")
    func countersOnly() {
        let text = PrometheusText.render(MetricsSnapshot(counters: WorkCounters(), gauges: nil, startedAt: Date(timeIntervalSince1970: 0)).families)
        #expect(text.contains("ticketd_polls_total{result=\"ok\"} 0\n"))
        #expect(text.hasSuffix("ticketd_start_time_seconds 0\n"))
        #expect(!text.contains("ticketd_outbox_pending"))
    }

    @Test("counters shared by several threads lose no update")
    func sharedCounters() async {
        let metrics = SharedCounters()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<1000 {
                        var poll = PollReport()
                        poll.fetched = 1
                        poll.quarantinedByReason = ["bounce": 1]
                        metrics.update { $0.record(poll) }
                    }
                }
            }
        }
        #expect(metrics.current.pollsOK == 8000)
        #expect(metrics.current.mailsFetched == 8000)
        #expect(metrics.current.quarantined["bounce"] == 8000)
    }

    @Test("the file is replaced whole, mode 0644 whatever the umask, no temporary file left")
    func textfile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ticketd-metrics-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = (directory as NSString).appendingPathComponent("ticketd.prom")
        let previous = umask(0o077)
        defer { umask(previous) }
        let file = MetricsTextfile(path: path)
        try file.write("a 1\n")
        try file.write("b 2\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "b 2\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["ticketd.prom"])
        let missing = MetricsTextfile(path: (directory as NSString).appendingPathComponent("gone/ticketd.prom"))
        #expect(throws: MetricsTextfile.WriteError.self) { try missing.write("c 3\n") }
    }
}
