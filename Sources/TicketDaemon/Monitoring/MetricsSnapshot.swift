package import Foundation
import Tickets
import TicketStore

/// Everything the metrics file says at one moment, as metric families: the daemon's counters
/// since it started and the gauges read from the database. Pure: the names, help texts and
/// labels are decided here, the text format by ``PrometheusText``.
package struct MetricsSnapshot: Sendable, Hashable {
    package var counters: WorkCounters
    /// Nil when the database could not be read: the counters are written all the same.
    package var gauges: MetricsGauges?
    /// When the daemon started.
    package var startedAt: Date

    /// Describes a snapshot.
    package init(counters: WorkCounters, gauges: MetricsGauges?, startedAt: Date) {
        self.counters = counters
        self.gauges = gauges
        self.startedAt = startedAt
    }

    /// The families, counters first, in a fixed order.
    package var families: [MetricFamily] {
        let c = counters
        var families: [MetricFamily] = [
            MetricFamily("ticketd_polls_total", .counter, help: "Poll cycles of the support mailbox since the daemon started, by result.",
                         samples: [MetricSample(Double(c.pollsOK), "result", "ok"), MetricSample(Double(c.pollsFailed), "result", "failed")]),
            MetricFamily("ticketd_mails_fetched_total", .counter, help: "Mails fetched from the support mailbox since the daemon started.",
                         value: Double(c.mailsFetched)),
            MetricFamily("ticketd_tickets_created_total", .counter, help: "Tickets made from fetched mail since the daemon started.",
                         value: Double(c.ticketsCreated)),
            MetricFamily("ticketd_mails_quarantined_total", .counter, help: "Fetched mails kept sealed in quarantine since the daemon started, by reason.",
                         samples: c.quarantined.keys.sorted().map { MetricSample(Double(c.quarantined[$0] ?? 0), "reason", $0) }),
            MetricFamily("ticketd_mails_threaded_total", .counter, help: "Fetched answers threaded into their tickets since the daemon started.",
                         value: Double(c.threaded)),
            MetricFamily("ticketd_mails_duplicate_total", .counter, help: "Fetched mails recognised as taken in before since the daemon started.",
                         value: Double(c.duplicates)),
            MetricFamily("ticketd_outbox_sent_total", .counter, help: "Outgoing mails the SMTP server accepted since the daemon started.",
                         value: Double(c.outboxSent)),
            MetricFamily("ticketd_outbox_failures_total", .counter,
                         help: "Outbox failures since the daemon started: deferred (retried later), failed (for good), session (no SMTP session for a pass).",
                         samples: [MetricSample(Double(c.outboxDeferred), "kind", "deferred"), MetricSample(Double(c.outboxFailed), "kind", "failed"),
                                   MetricSample(Double(c.outboxPassesFailed), "kind", "session")]),
            MetricFamily("ticketd_sweeps_total", .counter, help: "Retention sweeps the daemon ran since it started, by result.",
                         samples: [MetricSample(Double(c.sweepsOK), "result", "ok"), MetricSample(Double(c.sweepsFailed), "result", "failed")]),
            MetricFamily("ticketd_start_time_seconds", .gauge, help: "When the daemon started, in seconds since 1970.",
                         value: Self.seconds(startedAt)),
        ]
        guard let gauges else { return families }
        let counts = gauges.counts
        families += [
            MetricFamily("ticketd_outbox_pending", .gauge, help: "Outgoing mails waiting to be sent.", value: Double(counts.outbox["pending"] ?? 0)),
            MetricFamily("ticketd_outbox_held", .gauge, help: "Outgoing mails held for an agent's check or a restriction.", value: Double(counts.outbox["held"] ?? 0)),
            MetricFamily("ticketd_outbox_failed", .gauge, help: "Outgoing mails that failed for good (ticketd outbox lists them).", value: Double(counts.outbox["failed"] ?? 0)),
            MetricFamily("ticketd_outbox_oldest_pending_timestamp_seconds", .gauge, help: "When the oldest pending outgoing mail was queued, in seconds since 1970.",
                         samples: counts.oldestPending.map { [MetricSample(Self.seconds($0))] } ?? []),
            MetricFamily("ticketd_quarantine_entries", .gauge, help: "Mails kept sealed in quarantine.", value: Double(counts.quarantine)),
            MetricFamily("ticketd_server_erasures_pending", .gauge, help: "Erasures whose copies on the IMAP server are still to be expunged.",
                         value: Double(counts.serverErasures)),
            MetricFamily("ticketd_requests_open", .gauge, help: "Data-subject requests received by mail and not yet done.",
                         value: Double(counts.requestsOpen)),
            MetricFamily("ticketd_requests_overdue", .gauge, help: "Data-subject requests past their one-month deadline (Art. 12(3) GDPR).",
                         value: Double(counts.requestsOverdue)),
            MetricFamily("ticketd_poll_last_success_timestamp_seconds", .gauge, help: "When a poll of the support mailbox last succeeded, in seconds since 1970.",
                         samples: gauges.lastSuccessfulPoll.map { [MetricSample(Self.seconds($0))] } ?? []),
            MetricFamily("ticketd_sweep_last_success_timestamp_seconds", .gauge, help: "When a retention sweep last finished, in seconds since 1970.",
                         samples: gauges.lastSweep.map { [MetricSample(Self.seconds($0))] } ?? []),
            MetricFamily("ticketd_sweep_tickets_total", .counter, help: "Tickets every retention sweep so far acted on, by action (kept in the database).",
                         samples: Self.actions(gauges.sweepTotals).map { MetricSample(Double($0.count), "action", $0.action) }),
            MetricFamily("ticketd_sweep_quarantine_expired_total", .counter, help: "Quarantined mails every retention sweep so far erased at the end of quarantine_period.",
                         value: Double(gauges.sweepTotals.quarantineExpired)),
        ]
        return families
    }

    /// Every action, at zero when no sweep used it yet, sorted.
    static func actions(_ totals: SweepTotals) -> [(action: String, count: Int)] {
        let names = Set(RetentionClass.Action.allCases.map(\.rawValue)).union(totals.tickets.keys)
        return names.sorted().map { ($0, totals.tickets[$0] ?? 0) }
    }

    /// Seconds since 1970 with milliseconds, as the database keeps times.
    static func seconds(_ date: Date) -> Double {
        (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000
    }
}
