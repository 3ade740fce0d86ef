import Hummingbird

/// FastAPI's 405 `{"detail":"Method Not Allowed"}` (with `Allow`) for a known path asked with a
/// method it does not serve; any other unmatched request goes on to the 404. Added after every
/// route, so Hummingbird applies it to unmatched requests only.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    private let routes: [(path: RouterPath, method: HTTPRequest.Method)]

    /// Takes the router's routes as they are once every controller has added its own.
    init(routes: [Router<Context>.RouteDescription]) {
        self.routes = routes.map { ($0.path, $0.method) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let allowed = methods(serving: request.uri.path)
        guard !allowed.isEmpty, !allowed.contains(request.method) else { return try await next(request, context) }
        let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        throw HTTPError(.methodNotAllowed, headers: [.allow: list], message: "Method Not Allowed")
    }

    /// The methods of the routes whose path matches.
    func methods(serving path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods: [HTTPRequest.Method] = []
        for route in routes where Self.matches(route.path, segments) && !methods.contains(route.method) {
            methods.append(route.method)
        }
        return methods
    }

    private static func matches(_ route: RouterPath, _ segments: [Substring]) -> Bool {
        var index = 0
        for element in route.components {
            if element == RouterPath.Element.recursiveWildcard { return true }
            guard index < segments.count, element ~= segments[index] else { return false }
            index += 1
        }
        return index == segments.count
    }
}
