import BSON
import Logging
import NIOCore
import NIOPosix

/// A MongoDB wire-protocol server over a `DocumentStore`: TCP (loopback by default) and/or a
/// Unix socket; each connection's requests are answered in order on its own task.
public struct WireServer: Sendable {
    /// Where to listen.
    public enum Address: Sendable, CustomStringConvertible {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)

        public var description: String {
            switch self {
            case .tcp(let host, let port): return "\(host):\(port)"
            case .unixSocket(let path): return "unix:\(path)"
            }
        }
    }

    public let handler: WireCommandHandler
    public let logger: Logger
    /// When set, every connection speaks TLS (clients connect with `tls=true`).
    public let tls: WireTLS?

    public init(handler: WireCommandHandler, tls: WireTLS? = nil, logger: Logger = Logger(label: "speakai.wire")) {
        self.handler = handler
        self.tls = tls
        self.logger = logger
    }

    /// Binds every address, calls `onBound` with the bound ones (TCP port 0 gives a real port),
    /// then serves until the task is cancelled.
    /// - Throws: `WireBindError` naming the address that could not be bound (nothing is left
    ///   listening then).
    public func run(addresses: [Address], onBound: @Sendable ([Address]) async -> Void = { _ in }) async throws {
        var channels: [NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>] = []
        var bound: [Address] = []
        do {
            try await bind(addresses, into: &channels, bound: &bound)
        } catch {
            // Those already bound are closed, not dropped (an unserved channel traps).
            for channel in channels { try? await channel.executeThenClose { _ in } }
            throw WireBindError(address: addresses[min(bound.count, addresses.count - 1)].description, underlying: "\(error)")
        }
        await onBound(bound)
        await serveBound(channels, bound)
    }

    /// Binds the addresses in order, adding each bound channel and address as it goes.
    private func bind(_ addresses: [Address], into channels: inout [NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>],
                      bound: inout [Address]) async throws {
        for address in addresses {
            let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            let tls = self.tls
            let initializer: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<ByteBuffer, ByteBuffer>> = { child in
                child.eventLoop.makeCompletedFuture {
                    if let tls { try child.pipeline.syncOperations.addHandler(tls.handler()) }
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(WireFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
            switch address {
            case .tcp(let host, let port):
                let channel = try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
                channels.append(channel)
                bound.append(.tcp(host: host, port: channel.channel.localAddress?.port ?? port))
            case .unixSocket(let path):
                let channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true, childChannelInitializer: initializer)
                channels.append(channel)
                bound.append(address)
            }
        }
    }

    /// Keeps serving after binding (the rest of `run`).
    private func serveBound(_ channels: [NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>], _ bound: [Address]) async {
        logger.info("MongoDB wire protocol listening", metadata: ["addresses": "\(bound.map(\.description).joined(separator: ", "))", "tls": "\(tls != nil)"])
        // Stopping closes the listening sockets rather than cancelling the accept loops: a
        // cancelled loop would drop connections NIO has accepted but not yet handed over, and an
        // NIOAsyncChannel dropped unserved traps (apple/swift-nio#2637). So the loops run in a
        // task that does not inherit cancellation, drain what was accepted, and end; it is
        // awaited here, never left behind.
        let listeners = channels.map(\.channel)
        let acceptLoops = Task { await acceptConnections(on: channels) }
        await withTaskCancellationHandler {
            await acceptLoops.value
        } onCancel: {
            for listener in listeners { listener.close(promise: nil) }
        }
    }

    /// Serves every connection accepted on `channels` until they are closed, then ends the
    /// connections still open.
    private func acceptConnections(on channels: [NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>]) async {
        await withDiscardingTaskGroup { group in
            for channel in channels {
                group.addTask {
                    await withDiscardingTaskGroup { connections in
                        do {
                            try await channel.executeThenClose { inbound in
                                for try await connection in inbound {
                                    connections.addTask { await serve(connection) }
                                }
                            }
                        } catch {
                            logger.debug("Wire listener ended", metadata: ["error": "\(error)"])
                        }
                        connections.cancelAll()
                    }
                }
            }
        }
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let connectionID = handler.nextConnectionID()
        handler.connectionOpened(connectionID, local: Self.isLocal(connection.channel.remoteAddress))
        defer { handler.connectionClosed(connectionID) }
        var replyID: Int32 = 0
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await frame in inbound {
                    let request: WireRequest
                    let reply: Document
                    do {
                        request = try WireRequest(frame: frame)
                        reply = await handler.respond(to: request.command, connectionID: connectionID)
                    } catch {
                        // A body that cannot be read (bad BSON, nesting too deep) is answered, as
                        // far as its header allows; only a message without one ends the connection.
                        guard let header = WireRequest.header(of: frame) else {
                            logger.warning("Unreadable wire message; closing the connection", metadata: ["error": "\(error)", "connection": "\(connectionID)"])
                            return
                        }
                        request = header
                        reply = WireCommandHandler.failure(WireCommandError(code: 22, codeName: "InvalidBSON", message: "\(error)"))
                    }
                    if case .message(moreToCome: true) = request.kind { continue }
                    replyID &+= 1
                    try await outbound.write(try WireReply.encode(reply, answering: request, requestID: replyID, allocator: connection.channel.allocator))
                }
            }
        } catch {
            logger.debug("Wire connection ended", metadata: ["error": "\(error)", "connection": "\(connectionID)"])
        }
    }
}

extension WireServer {
    /// Whether a peer is this machine: loopback (127.0.0.0/8, ::1, IPv4-mapped loopback) or a
    /// Unix socket.
    static func isLocal(_ address: SocketAddress?) -> Bool {
        switch address {
        case .unixDomainSocket?: return true
        case .v4?: return address?.ipAddress?.hasPrefix("127.") ?? false
        case .v6?: return address?.ipAddress.map { $0 == "::1" || $0.hasPrefix("::ffff:127.") } ?? false
        default: return false
        }
    }
}

/// An address the wire server could not listen on.
public struct WireBindError: Error, CustomStringConvertible {
    public let address: String
    public let underlying: String

    public var description: String { "the MongoDB wire protocol cannot listen on \(address): \(underlying)" }
}
