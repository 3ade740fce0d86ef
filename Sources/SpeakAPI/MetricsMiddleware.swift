import Hummingbird

/// Records every request's method, matched route, status and duration.
struct MetricsMiddleware: RouterMiddleware {
    let metrics: RequestMetrics

    func handle(_ request: Request, context: SpeakRequestContext, next: (Request, SpeakRequestContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = start.duration(to: .now)
        metrics.record(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: Int(response.status.code),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        return response
    }
}
