import Dispatch
import Hummingbird
import Metrics
import Synchronization

/// Hummingbird's request metrics (`hb.requests`, `http.server.request.duration`,
/// `hb.request.errors`, `http.server.active_requests`, with the same dimensions), recorded when
/// the response is ready instead of after its body is written.
///
/// Hummingbird's own `MetricsMiddleware` wraps every body in a closure that runs after the write.
/// A wrapped body loses Hummingbird's fast path, which sends head, body and end in one batch: the
/// head then goes out on its own, so every response costs two hops through the channel's writer
/// and two socket writes instead of one. Every body this server answers with is a buffer, so
/// recording at the moment the response exists measures the same work.
struct ResponseMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let cache = Cache()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let active = cache.activeRequests(request.method)
        active.increment()
        defer { active.decrement() }
        do {
            let response = try await next(request, context)
            let metrics = cache.endpoint(context.endpointPath ?? "Unknown", request.method, response.status)
            metrics.requests.increment()
            metrics.duration.recordNanoseconds(Int64(clamping: DispatchTime.now().uptimeNanoseconds &- start))
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let metrics = cache.endpoint(context.endpointPath ?? "NotFound", request.method, status)
            metrics.requests.increment()
            metrics.errors.increment()
            throw error
        }
    }

    /// The metric handles by route, method and status, made once each (the metrics factory's
    /// own look-up is slower than this one).
    final class Cache: Sendable {
        struct Endpoint: Hashable {
            let route: String
            let method: HTTPRequest.Method
            let status: HTTPResponse.Status
        }

        struct EndpointMetrics: Sendable {
            let requests: Counter
            let duration: Metrics.Timer
            let errors: Counter
        }

        private let endpoints = Mutex<[Endpoint: EndpointMetrics]>([:])
        private let methods = Mutex<[HTTPRequest.Method: Meter]>([:])

        func activeRequests(_ method: HTTPRequest.Method) -> Meter {
            methods.withLock { meters in
                if let meter = meters[method] { return meter }
                let meter = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.description)])
                meters[method] = meter
                return meter
            }
        }

        func endpoint(_ route: String, _ method: HTTPRequest.Method, _ status: HTTPResponse.Status) -> EndpointMetrics {
            let key = Endpoint(route: route, method: method, status: status)
            return endpoints.withLock { known in
                if let metrics = known[key] { return metrics }
                let labels = [("http.route", route), ("http.request.method", method.description)]
                let metrics = EndpointMetrics(
                    requests: Counter(label: "hb.requests", dimensions: labels + [("http.response.status_code", status.code.description)]),
                    duration: Metrics.Timer(
                        label: "http.server.request.duration", dimensions: labels + [("http.response.status_code", status.code.description)],
                        preferredDisplayUnit: .seconds),
                    errors: Counter(label: "hb.request.errors", dimensions: labels + [("error.type", status.code.description)]))
                known[key] = metrics
                return metrics
            }
        }
    }
}
