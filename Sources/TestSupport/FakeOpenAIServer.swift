import Foundation
import Hummingbird
import Synchronization

/// A local stand-in for a remote OpenAI-compatible API, speaking the real protocol over HTTP on
/// a loopback port: `POST /v1/chat/completions` answers what the test's script says.
public final class FakeOpenAIServer: Sendable {
    /// One scripted answer.
    public enum Reply: Sendable {
        /// A 200 completion whose message content is this text.
        case content(String)
        /// A 200 transcription (`{"text": …, "duration": …}`).
        case transcript(String, duration: Double)
        /// An error status with a body.
        case status(Int, String)
        /// Waits, then answers the next reply.
        indirect case delayed(Duration, Reply)
    }

    private let replies: Mutex<[Reply]>
    private let transcriptions: Mutex<[Reply]>
    private let requests = Mutex<[String]>([])
    /// What to answer once the script is used up.
    private let fallback: Reply
    private let transcriptionFallback: Reply

    /// Answers `replies` in order, then `fallback`.
    public init(
        replies: [Reply] = [], transcriptions: [Reply] = [], fallback: Reply = .status(500, "no scripted reply"),
        transcriptionFallback: Reply = .status(500, "no scripted transcription")
    ) {
        self.transcriptionFallback = transcriptionFallback
        self.replies = Mutex(replies)
        self.transcriptions = Mutex(transcriptions)
        self.fallback = fallback
    }

    /// What `/v1/audio/speech` answers: an ID3 tag and one silent MPEG-1 Layer III frame.
    public static let mp3: [UInt8] = Array("ID3".utf8) + [4, 0, 0, 0, 0, 0, 0] + [0xFF, 0xFB, 0x90, 0x64] + [UInt8](repeating: 0, count: 413)

    /// The request bodies received, in order.
    public var receivedBodies: [String] { requests.withLock { $0 } }

    private func nextReply() -> Reply {
        replies.withLock { list in list.isEmpty ? fallback : list.removeFirst() }
    }

    private func nextTranscription() -> Reply {
        transcriptions.withLock { list in list.isEmpty ? transcriptionFallback : list.removeFirst() }
    }

    private func respond(_ reply: Reply) async throws -> Response {
        switch reply {
        case .transcript(let text, let duration):
            let data = try JSONSerialization.data(withJSONObject: ["text": text, "duration": duration, "language": "english"] as [String: Any])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        case .content(let text):
            let body: [String: Any] = [
                "id": "chatcmpl-test", "object": "chat.completion", "model": "fake",
                "choices": [["index": 0, "finish_reason": "stop", "message": ["role": "assistant", "content": text]]],
            ]
            let data = try JSONSerialization.data(withJSONObject: body)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        case .status(let code, let text):
            return Response(status: .init(code: code), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        case .delayed(let delay, let then):
            try await Task.sleep(for: delay)
            return try await respond(then)
        }
    }

    /// Runs the fake on a free loopback port (or `port`) for the duration of `body`, handing it
    /// the base URL (`http://127.0.0.1:PORT/v1`).
    public func run<R: Sendable>(port requestedPort: Int = 0, _ body: @Sendable (String) async throws -> R) async throws -> R {
        // A fixed port means a long-running benchmark fake: it does not keep what it receives.
        let recordsRequests = requestedPort == 0
        let router = Router()
        router.post("v1/chat/completions") { request, _ -> Response in
            let received = try await request.body.collect(upTo: 16 << 20)
            if recordsRequests { self.requests.withLock { $0.append(String(buffer: received)) } }
            return try await self.respond(self.nextReply())
        }
        router.post("v1/audio/transcriptions") { request, _ -> Response in
            let received = try await request.body.collect(upTo: 64 << 20)
            self.requests.withLock { $0.append("transcription: \(received.readableBytes) bytes; " + String(decoding: received.readableBytesView.prefix(2000).filter { $0 < 0x80 }, as: UTF8.self)) }
            return try await self.respond(self.nextTranscription())
        }
        router.post("v1/audio/speech") { request, _ -> Response in
            let received = try await request.body.collect(upTo: 1 << 20)
            self.requests.withLock { $0.append("speech: " + String(buffer: received)) }
            return Response(status: .ok, headers: [.contentType: "audio/mpeg"], body: .init(byteBuffer: ByteBuffer(bytes: FakeOpenAIServer.mp3)))
        }
        let (portStream, port) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: requestedPort)),
            onServerRunning: { channel in
                port.yield(channel.localAddress?.port ?? 0)
                port.finish()
            })
        return try await withThrowingTaskGroup(of: R?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = portStream.makeAsyncIterator()
            let boundPort = await iterator.next() ?? 0
            let result = try await body("http://127.0.0.1:\(boundPort)/v1")
            group.cancelAll()
            return result
        }
    }
}
