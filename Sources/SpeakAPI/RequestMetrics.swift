import Foundation
import Synchronization

/// Counters of the HTTP server in Prometheus' text format: requests and their total duration by
/// method, route and status.
final class RequestMetrics: Sendable {
    private struct Key: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct Totals {
        var count = 0
        var seconds = 0.0
    }

    private let totals = Mutex<[Key: Totals]>([:])
    private let started = Date()

    func record(method: String, route: String, status: Int, seconds: Double) {
        totals.withLock { totals in
            var entry = totals[Key(method: method, route: route, status: status)] ?? Totals()
            entry.count += 1
            entry.seconds += seconds
            totals[Key(method: method, route: route, status: status)] = entry
        }
    }

    /// The exposition text, with the given extra gauges.
    func exposition(gauges: [(name: String, help: String, labels: String, value: Double)]) -> String {
        let snapshot = totals.withLock { $0 }.sorted { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }
        var lines = [
            "# HELP speakai_http_requests_total HTTP requests answered.", "# TYPE speakai_http_requests_total counter",
        ]
        func labels(_ key: Key) -> String {
            "method=\"\(key.method)\",route=\"\(key.route.replacingOccurrences(of: "\"", with: "'"))\",status=\"\(key.status)\""
        }
        for (key, value) in snapshot { lines.append("speakai_http_requests_total{\(labels(key))} \(value.count)") }
        lines += ["# HELP speakai_http_request_duration_seconds_sum Time spent answering.", "# TYPE speakai_http_request_duration_seconds_sum counter"]
        for (key, value) in snapshot { lines.append("speakai_http_request_duration_seconds_sum{\(labels(key))} \(value.seconds)") }
        lines += ["# HELP speakai_uptime_seconds Seconds since start.", "# TYPE speakai_uptime_seconds gauge", "speakai_uptime_seconds \(Date().timeIntervalSince(started))"]
        var described = Set<String>()
        for gauge in gauges {
            if described.insert(gauge.name).inserted { lines += ["# HELP \(gauge.name) \(gauge.help)", "# TYPE \(gauge.name) gauge"] }
            lines.append("\(gauge.name)\(gauge.labels.isEmpty ? "" : "{\(gauge.labels)}") \(gauge.value)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
