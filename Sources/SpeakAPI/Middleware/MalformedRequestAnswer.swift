import NIOCore
import NIOHTTP1

/// Answers a request the HTTP parser refuses before the connection closes, instead of closing
/// in silence: 431 `{"detail":"Request Header Fields Too Large"}` when its headers pass the
/// parser's limits (80 KiB), else uvicorn's 400 `Invalid HTTP request received.`. Sits right
/// after the request decoder; nothing is written while a response is still being sent. Stands
/// aside once a connection asks for an upgrade (what flows afterwards need not be HTTP).
final class MalformedRequestAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var responseUnfinished = false
    /// Set once a request asks for an upgrade: from then on nothing is inspected (or answered).
    private var upgrading = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !upgrading, case .head(let head) = unwrapInboundIn(data), head.headers.contains(name: "upgrade") { upgrading = true }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !upgrading else { return context.write(data, promise: promise) }
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200: responseUnfinished = true
        case .end: responseUnfinished = false
        default: break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !upgrading, let parserError = error as? HTTPParserError, !responseUnfinished {
            let tooLarge = parserError == .headerOverflow
            let body = tooLarge ? #"{"detail":"Request Header Fields Too Large"}"# : "Invalid HTTP request received."
            let headers = HTTPHeaders([
                ("content-type", tooLarge ? "application/json" : "text/plain; charset=utf-8"),
                ("content-length", "\(body.utf8.count)"), ("connection", "close"),
            ])
            let head = HTTPResponseHead(version: .http1_1, status: tooLarge ? .requestHeaderFieldsTooLarge : .badRequest, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            responseUnfinished = true
        }
        context.fireErrorCaught(error)
        // Nothing more can be read from this connection.
        if !upgrading, error is HTTPParserError { context.close(promise: nil) }
    }
}
