import Metrics
import Prometheus

/// The process's metrics: swift-metrics, bootstrapped once (the first time it is asked for)
/// with a Prometheus registry, so that every library's metrics — Hummingbird's request counters
/// and durations among them — land in the one registry `GET /metrics` prints.
enum ProcessMetrics {
    /// The registry behind the process's `MetricsSystem`.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
