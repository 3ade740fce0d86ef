import Domain
import Hummingbird

/// The context of a route that needs a user: it exists only with one, so such a route cannot be
/// written without authentication. Made from `SpeakRequestContext` after
/// `AuthenticationMiddleware` (required) has read the token.
public struct AuthenticatedContext: ChildRequestContext {
    public typealias ParentContext = SpeakRequestContext
    public var coreContext: CoreRequestContextStorage
    /// The signed-in learner.
    public let user: User
    /// The client's IP address (for rate limits), when the connection has one.
    public let clientAddress: String?

    public init(context: SpeakRequestContext) throws {
        guard let user = context.identity else { throw Authenticator.notAuthenticated }
        coreContext = context.coreContext
        self.user = user
        clientAddress = context.clientAddress
    }

    public var responseEncoder: OrderedJSONResponseEncoder { OrderedJSONResponseEncoder() }
}
