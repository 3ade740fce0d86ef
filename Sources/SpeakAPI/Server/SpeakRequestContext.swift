import Domain
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every route: Hummingbird's core storage, with responses written by
/// `OrderedJSONResponseEncoder`.
public struct SpeakRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address (for rate limits), when the connection has one.
    public let clientAddress: String?
    /// Where a WebSocket route leaves its handler for the upgrade.
    public let webSocket = WebSocketHandlerReference<SpeakRequestContext>()
    /// The user of the request's bearer token, once `AuthenticationMiddleware` has read it.
    public var identity: User?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var responseEncoder: OrderedJSONResponseEncoder { OrderedJSONResponseEncoder() }
}
