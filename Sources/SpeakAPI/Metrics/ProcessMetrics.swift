import Metrics
import Prometheus

/// The process's metrics: swift-metrics, bootstrapped once (the first time it is asked for)
/// with a Prometheus registry, so that every library's metrics — Hummingbird's request counters
/// and durations, the embedded store's commits among them — land in the one registry
/// `GET /metrics` prints.
public enum ProcessMetrics {
    /// The registry behind the process's `MetricsSystem`.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // The embedded store's commits take about a millisecond (an fsync) and carry 1 to 1,024
        // writes: the default buckets (5 ms up; 5 up) would put nearly all of them in the first.
        factory.durationHistogramBuckets["speakai_store_commit_duration_seconds"] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5),
        ]
        factory.valueHistogramBuckets["speakai_store_commit_writes"] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Bootstraps the process's metrics now, if that was not done yet. Call it before opening
    /// the store: a library's metrics made before the bootstrap go nowhere.
    public static func bootstrap() {
        _ = registry
    }
}
