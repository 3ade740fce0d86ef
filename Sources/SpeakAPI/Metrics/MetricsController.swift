import Domain
import Foundation
import Hummingbird
import Prometheus

/// `GET /metrics`: the process's Prometheus registry in the text format — Hummingbird's
/// request counts, durations (histograms) and requests in flight by route, method and status;
/// the embedded store's commits, writes and readers, as it reports them — with the background
/// jobs by state and the uptime, read at each scrape.
struct MetricsController: Sendable {
    let registry: PrometheusCollectorRegistry
    let jobs: JobCountsCache
    let started = ContinuousClock.now

    func addRoutes(to router: Router<SpeakRequestContext>) {
        router.get("metrics") { _, _ -> Response in
            let counts = (try? await jobs.counts()) ?? [:]
            for state in Set(Job.Status.allCases.map(\.rawValue)).union(counts.keys) {
                registry.makeGauge(
                    descriptor: MetricNameDescriptor(namespace: "speakai", metricName: "jobs", unitName: "", helpText: "Background jobs by state."),
                    labels: [("status", state)]
                ).set(to: Double(counts[state] ?? 0))
            }
            let uptime = started.duration(to: .now)
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "speakai", metricName: "uptime", unitName: "seconds", helpText: "Seconds since start."))
                .set(to: Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
