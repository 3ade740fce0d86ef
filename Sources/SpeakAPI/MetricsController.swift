import DocumentStore
import Domain
import Hummingbird

/// `GET /metrics`: Prometheus text — HTTP counters, uptime, jobs by state.
struct MetricsController: Sendable {
    let metrics: RequestMetrics
    let jobs: JobCountsCache

    func addRoutes(to router: Router<SpeakRequestContext>) {
        router.get("metrics") { _, _ -> Response in
            let counts = (try? await jobs.counts()) ?? [:]
            let gauges = counts.sorted { $0.key < $1.key }.map { (name: "speakai_jobs", help: "Background jobs by state.", labels: "status=\"\($0.key)\"", value: Double($0.value)) }
            let text = metrics.exposition(gauges: gauges)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
