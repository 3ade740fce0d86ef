import AI
import BSON
import DocumentStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import HummingbirdWebSocket
import NIOCore
import Synchronization
import TestSupport
import Testing

/// `WS /api/audio/stream` fed a real recording (espeak-ng, resampled to 16 kHz PCM by ffmpeg),
/// transcribed live by the Whisper sidecar; the final recording is sent as a message.
@Suite("Live transcription over a WebSocket", .serialized, .tags(.speechEngines))
struct AudioStreamTests {
    static func pcm16k(_ text: String) throws -> [UInt8] { [UInt8](try ExternalTool.speech(text, as: "raw16k")) }

    @Test("partial and final transcripts; the final audio is sent as a message; bad tokens are refused")
    func liveTranscription() async throws {
        try await withWarmSpeechEngines { providers in try await streamRecording(providers: providers) }
    }

    private func streamRecording(providers: AIProviders) async throws {
        let audio = try Self.pcm16k("I would like to book a table for two people tonight, near the window if possible.")
        #expect(audio.count > 4 * 32_000)
        try await withTemporaryDirectory { directory in
            try await LiveServer.run(in: directory, providers: providers) { client, _ in
                let token = try await LiveServer.register(client)
                // Given a learner streaming a recording in 100 ms frames
                let events = Mutex<[JSONValue]>([])
                try await client.ws("/api/audio/stream?token=\(token)") { inbound, outbound, _ in
                    for start in stride(from: 0, to: audio.count, by: 3200) {
                        try await outbound.write(.binary(ByteBuffer(bytes: audio[start..<min(audio.count, start + 3200)])))
                    }
                    try await outbound.write(.text(#"{"type":"stop"}"#))
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message, let event = try? JSONValue(parsing: text) { events.withLock { $0.append(event) } }
                    }
                }
                // Then it hears "ready", partial transcripts, and a final one with a stored recording
                let received = events.withLock { $0 }
                #expect(received.first?["type"]?.string == "ready" && received.first?["sample_rate"] == .number("16000"))
                #expect(received.contains { $0["type"]?.string == "partial" && !($0["text"]?.string ?? "").isEmpty })
                let final = try #require(received.last)
                #expect(final["type"]?.string == "final" && final["success"] == .bool(true))
                #expect(final["text"]?.string?.lowercased().contains("table for two") == true, "\(final)")
                if case .array(let words)? = final["words"] { #expect(words.count >= 8) } else { Issue.record("no words in \(final)") }
                let audioID = try #require(final["audio_id"]?.string)
                // And the stored recording can be sent as a message
                let (_, _, conversation) = try await client.json(.post, "/api/conversations", token: token, body: #"{"user_role":"guest","ai_role":"waiter","situation":"a restaurant"}"#)
                let conversationID = try #require(conversation?["conversation"]?["id"]?.string)
                let (sent, _, exchange) = try await client.json(.post, "/api/conversations/\(conversationID)/message?audio_id=\(audioID)", token: token)
                #expect(sent == .ok && exchange?["user_message"]?["audio_path"]?.string?.hasSuffix("stream.wav") == true)
                // And a stream with a bad token is never upgraded
                await #expect(throws: (any Error).self) {
                    try await client.ws("/api/audio/stream?token=not-a-token") { _, _, _ in }
                }
                // And a stop with no audio ends with success false and nothing stored
                let empty = Mutex<[JSONValue]>([])
                try await client.ws("/api/audio/stream?token=\(token)") { inbound, outbound, _ in
                    try await outbound.write(.text("hello"))
                    try await outbound.write(.text(#"{"type":"stop"}"#))
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message, let event = try? JSONValue(parsing: text) { empty.withLock { $0.append(event) } }
                    }
                }
                let quiet = empty.withLock { $0 }
                #expect(quiet.map { $0["type"]?.string ?? "" } == ["ready", "error", "final"])
                #expect(quiet.last?["success"] == .bool(false) && quiet.last?["audio_id"] == .null)
            }
        }
    }

    @Test("when transcription fails the final answer is the original's success:false one, and nothing is stored")
    func failedTranscription() async throws {
        // Given a transcription provider that always fails
        let fake = FakeOpenAIServer(transcriptions: Array(repeating: .status(500, "engine exploded"), count: 40))
        try await fake.run { base in
            try await withTemporaryDirectory { directory in
                let transcriber = OpenAICompatibleTranscriber(endpoint: OpenAIEndpoint(baseURL: base, apiKey: "k", timeout: .seconds(2), attempts: 1), model: "whisper-1")
                try await LiveServer.run(in: directory, providers: AIProviders(transcriber: transcriber)) { client, store in
                    let token = try await LiveServer.register(client)
                    // When 3 s of audio are streamed and stopped
                    let events = Mutex<[JSONValue]>([])
                    try await client.ws("/api/audio/stream?token=\(token)") { inbound, outbound, _ in
                        let second = [UInt8](repeating: 0, count: 32_000)
                        for _ in 0..<3 { try await outbound.write(.binary(ByteBuffer(bytes: second))) }
                        try await outbound.write(.text(#"{"type":"stop"}"#))
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message, let event = try? JSONValue(parsing: text) { events.withLock { $0.append(event) } }
                        }
                    }
                    // Then the partials that failed are left out, and the final answer says it could not be transcribed
                    let received = events.withLock { $0 }
                    #expect(received.map { $0["type"]?.string ?? "" } == ["ready", "final"])
                    #expect(received.last?["success"] == .bool(false) && received.last?["audio_id"] == .null)
                    #expect(received.last?["text"]?.string == "Your speech could not be transcribed. Please try again or check your microphone.")
                    #expect(try await store.collection("audio").countDocuments() == 0)
                }
            }
        }
    }
}
