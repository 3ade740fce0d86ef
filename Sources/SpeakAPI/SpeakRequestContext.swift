import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core storage, with responses written by
/// `OrderedJSONResponseEncoder`.
public struct SpeakRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address (for rate limits), when the connection has one.
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var responseEncoder: OrderedJSONResponseEncoder { OrderedJSONResponseEncoder() }
}
