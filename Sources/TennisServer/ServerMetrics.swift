import CoreMetrics
import Prometheus

/// The server's numbers for Prometheus (`GET /metrics`), kept through swift-metrics with a
/// registry of this server's own (so several servers in one process, as in tests, never mix).
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    let connections: CoreMetrics.Gauge
    let matches: CoreMetrics.Gauge
    let messagesIn: CoreMetrics.Counter
    let messagesOut: CoreMetrics.Counter
    let snapshotsDropped: CoreMetrics.Counter
    let tickDuration: CoreMetrics.Timer
    let tickLateness: CoreMetrics.Timer
    let lateTicks: CoreMetrics.Counter
    let inputsRateLimited: CoreMetrics.Counter
    /// Match fan-outs (one per match per event loop) writing their spectators several ticks at a time.
    let batchedFanouts: CoreMetrics.Meter

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let tickBuckets: [Duration] = [.microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
                                       .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                       .milliseconds(17), .milliseconds(50), .milliseconds(100)]
        factory.durationHistogramBuckets = ["tennis_tick_duration_seconds": tickBuckets,
                                            "tennis_tick_lateness_seconds": tickBuckets]
        self.registry = registry
        self.factory = factory
        connections = CoreMetrics.Gauge(label: "tennis_connections", factory: factory)
        matches = CoreMetrics.Gauge(label: "tennis_matches", factory: factory)
        messagesIn = CoreMetrics.Counter(label: "tennis_messages_in_total", factory: factory)
        messagesOut = CoreMetrics.Counter(label: "tennis_messages_out_total", factory: factory)
        snapshotsDropped = CoreMetrics.Counter(label: "tennis_snapshots_dropped_total", factory: factory)
        tickDuration = CoreMetrics.Timer(label: "tennis_tick_duration_seconds", factory: factory)
        tickLateness = CoreMetrics.Timer(label: "tennis_tick_lateness_seconds", factory: factory)
        lateTicks = CoreMetrics.Counter(label: "tennis_late_ticks_total", factory: factory)
        inputsRateLimited = CoreMetrics.Counter(label: "tennis_inputs_rate_limited_total", factory: factory)
        batchedFanouts = CoreMetrics.Meter(label: "tennis_spectator_batched_fanouts", factory: factory)
    }

    /// Counts a refused connection or message by its error code.
    func rejected(_ reason: String) {
        CoreMetrics.Counter(label: "tennis_rejections_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    /// The Prometheus text exposition of everything above.
    public func exposition() -> String {
        registry.emitToString()
    }
}
