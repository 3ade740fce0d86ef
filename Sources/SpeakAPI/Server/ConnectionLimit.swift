import NIOCore
import Synchronization

/// Caps the HTTP connections open at once: a connection over the cap is closed as soon as it is
/// accepted, so idle or slow clients cannot use up the process's file descriptors and stop
/// everyone else (`/health` included) from being served. One handler per connection, one
/// shared count.
final class ConnectionLimit: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)

    init(maximum: Int) { self.maximum = max(1, maximum) }

    /// The handler to put in a new connection's pipeline.
    func handler() -> Handler { Handler(limit: self) }

    fileprivate func enter() -> Bool {
        let now = open.add(1, ordering: .relaxed).newValue
        if now > maximum {
            open.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    fileprivate func leave() { open.subtract(1, ordering: .relaxed) }

    /// Counts its connection in when added, out when removed or closed (once); closes it when
    /// the cap is reached. Lives on its connection's event loop only.
    final class Handler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        private let limit: ConnectionLimit
        private var counted = false

        fileprivate init(limit: ConnectionLimit) { self.limit = limit }

        func handlerAdded(context: ChannelHandlerContext) {
            counted = limit.enter()
            if !counted { context.close(promise: nil) }
        }

        func handlerRemoved(context: ChannelHandlerContext) { release() }

        func channelInactive(context: ChannelHandlerContext) {
            release()
            context.fireChannelInactive()
        }

        private func release() {
            if counted { limit.leave() }
            counted = false
        }
    }
}
