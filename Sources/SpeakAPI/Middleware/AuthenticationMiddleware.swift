import Domain
import Hummingbird

/// Reads the request's bearer token once, before any handler, into `context.identity`. Where a
/// user is required, a request without a valid token is answered with the original's 401 words
/// (see `Authenticator`) and never reaches the handler; where it is optional, an invalid or
/// missing token just leaves no identity.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = SpeakRequestContext
    let authenticator: Authenticator
    let required: Bool
    /// Whether a `token` query parameter counts too (WebSocket clients in browsers cannot set headers).
    var queryToken = false

    func handle(_ request: Request, context: SpeakRequestContext, next: (Request, SpeakRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        if required {
            context.identity = try await authenticator.user(for: request, queryToken: queryToken)
        } else {
            context.identity = try? await authenticator.user(for: request, queryToken: queryToken)
        }
        return try await next(request, context)
    }
}
