import Hummingbird

/// The request context of every route: Hummingbird's core storage, with responses written by
/// `OrderedJSONResponseEncoder`.
public struct SpeakRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    public var responseEncoder: OrderedJSONResponseEncoder { OrderedJSONResponseEncoder() }
}
