import AI
import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import SpeakAPI
import Synchronization
import Testing
import TestSupport

/// Requests at the edges of HTTP: refused by the parser, or a known path with the wrong method.
@Suite("HTTP protocol edges over real TCP")
struct ProtocolEdgeTests {
    /// Collects everything the server sends until it closes the connection.
    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received = Mutex<[UInt8]>([])
        let closed: EventLoopPromise<Void>

        init(closed: EventLoopPromise<Void>) { self.closed = closed }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            received.withLock { $0 += buffer.readableBytesView }
        }

        func channelInactive(context: ChannelHandlerContext) { closed.succeed() }
    }

    /// Sends `request` as raw bytes and returns what the server answers before it closes.
    static func exchange(port: Int, _ request: [UInt8]) async throws -> String {
        let group = MultiThreadedEventLoopGroup.singleton
        let closed = group.any().makePromise(of: Void.self)
        let collector = Collector(closed: closed)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) } }
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(bytes: request))
        let timeout = group.any().scheduleTask(in: .seconds(15)) { channel.close(promise: nil) }
        try await closed.futureResult.get()
        timeout.cancel()
        return String(decoding: collector.received.withLock { $0 }, as: UTF8.self)
    }

    @Test("headers over 80 KiB are answered 431 with a JSON detail, then the connection closes; the server goes on")
    func hugeHeaders() async throws {
        try await LiveServer.run { client, _ in
            let port = try #require(client.port)
            // Given a request whose one header is 100 KiB
            let request = "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100 * 1024))\r\n\r\n"
            // When it is sent, then the answer is 431, not silence
            let answer = try await Self.exchange(port: port, Array(request.utf8))
            #expect(answer.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
            #expect(answer.hasSuffix(#"{"detail":"Request Header Fields Too Large"}"#))
            // And a garbled request line is uvicorn's 400
            let garbled = try await Self.exchange(port: port, Array("GET / HTTP/9.Z\r\n\r\n".utf8))
            #expect(garbled.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(garbled.hasSuffix("Invalid HTTP request received."))
            // And the server still answers others
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("a known path with another method is FastAPI's 405 with Allow; unknown paths stay 404; a handler's 404 stays")
    func methodNotAllowed() async throws {
        try await LiveServer.run { client, _ in
            // When a GET-only path is asked with DELETE
            try await client.execute(uri: "/api/images/practice", method: .delete) { response in
                // Then it is 405 with FastAPI's body and the methods that path serves
                #expect(response.status == .methodNotAllowed)
                #expect(String(buffer: response.body) == #"{"detail":"Method Not Allowed"}"#)
                #expect(response.headers[.allow] == "GET")
            }
            // And a path with a parameter is matched whatever its value
            try await client.execute(uri: "/api/conversations/0123456789abcdef01234567", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow]?.contains("GET") == true)
            }
            // And HEAD is served wherever GET is, as Starlette does
            try await client.execute(uri: "/health", method: .head) { #expect($0.status == .ok) }
            // And an unknown path stays 404
            try await client.execute(uri: "/api/nothing-here", method: .delete) { #expect($0.status == .notFound) }
            // And a 404 a handler answers (an unknown image) is not turned into 405
            try await client.execute(uri: "/api/images/9999", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == #"{"detail":"Image not found"}"#)
            }
        }
    }
}

@Suite("Authentication before every handler that needs a user")
struct AuthenticationRouteTests {
    /// Every route that needs a user, with a path its parameters fill.
    static let signedInRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/api/users/me"), (.put, "/api/users/me"), (.delete, "/api/users/me"), (.get, "/api/users/list"),
        (.post, "/api/conversations"), (.get, "/api/conversations"), (.get, "/api/conversations/0123456789abcdef01234567"),
        (.post, "/api/conversations/0123456789abcdef01234567/message"), (.get, "/api/messages/0123456789abcdef01234567/feedback"),
        (.get, "/api/messages/0123456789abcdef01234567/voice_context"), (.get, "/messages/0123456789abcdef01234567/voice_context"),
        (.get, "/api/messages/0123456789abcdef01234567/speech"), (.post, "/api/audio2text"), (.post, "/api/feedback/generate"),
        (.get, "/api/feedback/history"), (.get, "/api/feedback/for/message/x"), (.get, "/api/feedback/0123456789abcdef01234567"),
        (.post, "/api/mistakes/create"), (.get, "/api/mistakes/list"), (.get, "/api/mistakes/drill-session"), (.post, "/api/mistakes/practice-result"),
        (.get, "/api/mistakes/practice"), (.post, "/api/mistakes/practice/0123456789abcdef01234567"), (.get, "/api/mistakes/statistics"),
        (.post, "/api/mistakes/sessions"), (.get, "/api/mistakes"), (.get, "/api/mistakes/0123456789abcdef01234567"),
        (.patch, "/api/mistakes/0123456789abcdef01234567"), (.delete, "/api/mistakes/0123456789abcdef01234567"),
    ]

    @Test("without a token, or with a forged one, every route that needs a user is the original's 401 — even with a malformed body or id")
    func everyRoute() async throws {
        try await LiveServer.run { client, _ in
            for (method, path) in Self.signedInRoutes {
                // When it is called with no token (and a body that would be a 422)
                try await client.execute(uri: path, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{not json")) { response in
                    #expect(response.status == .unauthorized, "\(method) \(path)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer", "\(method) \(path)")
                    #expect(String(buffer: response.body) == #"{"detail":"Not authenticated"}"#, "\(method) \(path)")
                }
                // And with a forged token
                try await client.execute(uri: path, method: method, headers: [.authorization: "Bearer forged.token.value"]) { response in
                    #expect(response.status == .unauthorized && String(buffer: response.body) == #"{"detail":"Could not validate credentials"}"#, "\(method) \(path)")
                }
            }
        }
    }
}
