import HTTPTypes
import Hummingbird

/// CORS for a list of web origins (`CORS_ORIGINS=https://a.example,https://b.example`), as
/// Starlette's `CORSMiddleware` does with `allow_credentials`: a listed origin is echoed back
/// with credentials allowed; any other gets no CORS headers, and its preflight is 400
/// `Disallowed CORS origin`.
struct OriginListCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    private let origins: Set<String>
    private let cors: CORSMiddleware<Context>

    /// - Parameter origins: the allowed origins, each `scheme://host[:port]` as browsers send it.
    init(origins: [String], allowHeaders: [HTTPField.Name], allowMethods: [HTTPRequest.Method], exposedHeaders: [String]) {
        self.origins = Set(origins)
        cors = CORSMiddleware(
            allowOrigin: .originBased, allowHeaders: allowHeaders, allowMethods: allowMethods, allowCredentials: true,
            exposedHeaders: exposedHeaders)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        if origins.contains(origin) { return try await cors.handle(request, context: context, next: next) }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            return Response(
                status: .badRequest, headers: [.contentType: "text/plain; charset=utf-8", .vary: "Origin"],
                body: .init(byteBuffer: ByteBuffer(string: "Disallowed CORS origin")))
        }
        return try await next(request, context)
    }
}
