/// One metric of the Prometheus text format: a name, its help text, its type and its samples.
///
/// A plain value: what the daemon knows is turned into families (``MetricsSnapshot``), and the
/// families into text (``PrometheusText``), without I/O, so both are tested with exact strings.
package struct MetricFamily: Sendable, Hashable {
    /// The Prometheus metric type; ticketd writes only counters and gauges.
    package enum Kind: String, Sendable, Hashable {
        /// Only goes up (a restart starts it again at zero, which Prometheus' `rate` understands).
        case counter
        /// Goes up and down: a level, a count of what waits, a timestamp.
        case gauge
    }

    /// `ticketd_...`; counters end in `_total` (Prometheus naming conventions).
    package var name: String
    package var help: String
    package var kind: Kind
    package var samples: [MetricSample]

    /// Describes a family.
    package init(_ name: String, _ kind: Kind, help: String, samples: [MetricSample]) {
        self.name = name
        self.kind = kind
        self.help = help
        self.samples = samples
    }

    /// A family with one unlabelled sample.
    package init(_ name: String, _ kind: Kind, help: String, value: Double) {
        self.init(name, kind, help: help, samples: [MetricSample(value)])
    }
}

/// One sample of a family: its labels, in the order given, and its value.
package struct MetricSample: Sendable, Hashable {
    package var labels: [Label]
    package var value: Double

    /// One label pair.
    package struct Label: Sendable, Hashable {
        package var name: String
        package var value: String

        /// Describes a label.
        package init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Describes a sample.
    package init(_ value: Double, labels: [Label] = []) {
        self.labels = labels
        self.value = value
    }

    /// A sample with one label.
    package init(_ value: Double, _ label: String, _ labelValue: String) {
        self.init(value, labels: [Label(label, labelValue)])
    }
}
