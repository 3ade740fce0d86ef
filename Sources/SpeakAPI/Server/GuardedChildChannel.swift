import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Wraps the server's per-connection setup with what must hold from the moment a connection is
/// accepted — before it has sent a byte, which is when Hummingbird's own handlers (added once
/// the first request head is read) are not there yet: the connection cap, and a deadline for
/// the first bytes (a connection that never speaks is closed). Later idle time between requests
/// is Hummingbird's `idleTimeout`. Once Hummingbird's handlers are in, a request its parser
/// refuses is answered (`MalformedRequestAnswer`).
struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    let inner: Inner
    let limit: ConnectionLimit
    let firstBytesTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Inner.Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(limit.handler())
            try channel.pipeline.syncOperations.addHandler(FirstBytesDeadline(timeout: firstBytesTimeout))
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            // Requests the parser refuses get an answer (Hummingbird closes without one).
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(MalformedRequestAnswer(), position: .after(decoder))
            return value
        }
    }

    func handle(value: Inner.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
