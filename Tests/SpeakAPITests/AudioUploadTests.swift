import AI
import BSON
import DocumentStore
import EmbeddedStore
import Foundation
import Hummingbird
import HummingbirdTesting
import SpeakAPI
import Testing
import TestSupport

/// A 16 kHz mono 16-bit PCM WAV of silence.
func wavBytes(seconds: Double = 0.5) -> [UInt8] {
    let samples = Int(16_000 * seconds)
    func u32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
    func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    return Array("RIFF".utf8) + u32(36 + samples * 2) + Array("WAVEfmt ".utf8) + u32(16) + u16(1) + u16(1) + u32(16_000) + u32(32_000)
        + u16(2) + u16(16) + Array("data".utf8) + u32(samples * 2) + [UInt8](repeating: 0, count: samples * 2)
}

extension TestClientProtocol {
    /// Uploads a file as the Flutter client does (part `audio_file`).
    func upload(_ bytes: [UInt8], filename: String, contentType: String?, token: String, part: String = "audio_file") async throws -> (HTTPResponse.Status, JSONValue?) {
        let boundary = "test-boundary-1234"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part)\"; filename=\"\(filename)\"\r\n".utf8)
        if let contentType { body += Array("Content-Type: \(contentType)\r\n".utf8) }
        body += Array("\r\n".utf8) + bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try await execute(
            uri: "/api/audio2text", method: .post,
            headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .authorization: "Bearer \(token)"],
            body: ByteBuffer(bytes: body)
        ) { response in (response.status, try? JSONValue(parsing: String(buffer: response.body))) }
    }
}

@Suite("Audio uploads over real HTTP, transcription through a fake OpenAI-compatible server")
struct AudioUploadTests {
    private func transcriber(_ base: String) -> any Transcriber {
        OpenAICompatibleTranscriber(endpoint: OpenAIEndpoint(baseURL: base, apiKey: "k", timeout: .seconds(5)), model: "whisper-1")
    }

    @Test("a WAV is transcribed, kept and recorded in the original's audio shape")
    func wav() async throws {
        let fake = FakeOpenAIServer(transcriptions: [.transcript(" I goes to school yesterday.", duration: 0.5)])
        try await fake.run { base in
            try await withTemporaryDirectory { dataDirectory in
                try await LiveServer.run(in: dataDirectory, providers: AIProviders(transcriber: transcriber(base))) { client, store in
                    let token = try await LiveServer.register(client)
                    let (status, body) = try await client.upload(wavBytes(), filename: "audio_1700000000000.wav", contentType: "audio/wav", token: token)
                    #expect(status == .ok)
                    #expect(body?.keys == ["audio_id", "transcription", "success"])
                    #expect(body?["transcription"]?.string == " I goes to school yesterday." && body?["success"] == .bool(true))
                    let id = try ObjectId(try #require(body?["audio_id"]?.string))
                    let stored = try #require(try await store.collection("audio").findOne(["_id": .objectId(id)]))
                    #expect(stored.fieldNames == ["_id", "user_id", "url", "filename", "file_path", "duration_seconds", "transcription", "language",
                                                  "created_at", "pronunciation_score", "pronunciation_feedback", "language_feedback", "has_error"])
                    #expect(stored["duration_seconds"] == .double(0.5) && stored["language"] == "en-US")
                    let path = try #require(stored["file_path"]?.stringValue)
                    #expect(FileManager.default.contents(atPath: dataDirectory.appendingPathComponent(path).path)?.count == wavBytes().count)
                    #expect(fake.receivedBodies.last?.contains("whisper-1") == true)
                }
            }
        }
    }

    @Test("nothing heard: 200 with success false, nothing stored")
    func silence() async throws {
        let fake = FakeOpenAIServer(transcriptions: [.transcript("  ", duration: 0.5)])
        try await fake.run { base in
            try await LiveServer.run(transcriber: transcriber(base)) { client, store in
                let token = try await LiveServer.register(client)
                let (status, body) = try await client.upload(wavBytes(), filename: "a.wav", contentType: "audio/wav", token: token)
                #expect(status == .ok && body?["success"] == .bool(false) && body?["audio_id"] == .null)
                #expect(body?["transcription"]?.string == "It seems like you didn't say anything. Please try again.")
                #expect(try await store.collection("audio").countDocuments() == 0)
            }
        }
    }

    @Test("uploads are sniffed by content, limited in size, and need the audio_file part")
    func rejections() async throws {
        let fake = FakeOpenAIServer(transcriptions: [.transcript("hello there", duration: 1)])
        try await fake.run { base in
            try await LiveServer.run(transcriber: transcriber(base)) { client, store in
                let token = try await LiveServer.register(client)
                let (text, textBody) = try await client.upload(Array("just some text, not audio".utf8), filename: "a.wav", contentType: "audio/wav", token: token)
                #expect(text == .unsupportedMediaType && textBody?["detail"]?.string?.contains("Unsupported audio format") == true)
                let (big, _) = try await client.upload(wavBytes(seconds: 40), filename: "big.wav", contentType: "audio/wav", token: token)
                #expect(big == .contentTooLarge)
                let (missing, missingBody) = try await client.upload(wavBytes(), filename: "a.wav", contentType: "audio/wav", token: token, part: "file")
                #expect(missing == .unprocessableContent)
                if case .array(let issues)? = missingBody?["detail"] { #expect(issues.first?["loc"] == .array([.string("body"), .string("audio_file")])) }
                // An m4a sent as application/octet-stream (the image flow) is recognised by its bytes
                let m4a: [UInt8] = [0, 0, 0, 0x20] + Array("ftypM4A ".utf8) + [UInt8](repeating: 0, count: 64)
                let (accepted, body) = try await client.upload(m4a, filename: "recording.m4a", contentType: nil, token: token)
                #expect(accepted == .ok && body?["success"] == .bool(true))
                #expect(try await store.collection("audio").countDocuments() == 1)
            }
        }
    }

    @Test("without a transcription provider the upload gets the original's success:false answer")
    func notConfigured() async throws {
        try await LiveServer.run { client, store in
            let token = try await LiveServer.register(client)
            let (status, body) = try await client.upload(wavBytes(), filename: "a.wav", contentType: "audio/wav", token: token)
            #expect(status == .ok)
            #expect(body == .object([JSONMember("audio_id", .null), JSONMember("transcription", .string(Self.notTranscribed)), JSONMember("success", .bool(false))]))
            #expect(try await store.collection("audio").countDocuments() == 0)
        }
    }

    static let notTranscribed = "Your speech could not be transcribed. Please try again or check your microphone."

    @Test("every way transcription fails is the original's 200 success:false answer, nothing stored", arguments: [
        FakeOpenAIServer.Reply.status(500, "engine exploded"), .status(503, "busy"), .status(400, "could not decode audio"),
        .status(429, "slow down"), .content("not json at all"), .delayed(.seconds(3), .transcript("late", duration: 1)),
    ])
    func transcriptionFailures(reply: FakeOpenAIServer.Reply) async throws {
        // Given a transcription provider that fails (errors, garbage, or too slow for a 1 s deadline)
        let fake = FakeOpenAIServer(transcriptions: Array(repeating: reply, count: 4))
        try await fake.run { base in
            try await withTemporaryDirectory { directory in
                let transcriber = OpenAICompatibleTranscriber(endpoint: OpenAIEndpoint(baseURL: base, apiKey: "k", timeout: .seconds(1), attempts: 1), model: "whisper-1")
                try await LiveServer.run(in: directory, providers: AIProviders(transcriber: transcriber)) { client, store in
                    // When a recording is uploaded
                    let token = try await LiveServer.register(client)
                    let (status, body) = try await client.upload(wavBytes(), filename: "a.wav", contentType: "audio/wav", token: token)
                    // Then the answer is the one the app's screens expect, and nothing is kept
                    #expect(status == .ok)
                    #expect(body == .object([JSONMember("audio_id", .null), JSONMember("transcription", .string(Self.notTranscribed)), JSONMember("success", .bool(false))]))
                    #expect(try await store.collection("audio").countDocuments() == 0)
                }
            }
        }
    }

    @Test("a recording longer than MAX_AUDIO_SECONDS is 413 and never reaches the transcriber")
    func tooLong() async throws {
        let fake = FakeOpenAIServer(transcriptions: [.transcript("should not be asked", duration: 3)])
        try await fake.run { base in
            try await withTemporaryDirectory { directory in
                try await LiveServer.run(in: directory, providers: AIProviders(transcriber: transcriber(base)), configure: { $0.maximumAudioSeconds = 2 }) { client, store in
                    let token = try await LiveServer.register(client)
                    // When a 3-second recording is uploaded with a 2-second limit
                    let (status, body) = try await client.upload(wavBytes(seconds: 3), filename: "a.wav", contentType: "audio/wav", token: token)
                    // Then it is refused, saying why, before any transcription
                    #expect(status == .contentTooLarge)
                    #expect(body?["detail"]?.string == "The recording is 3 s long; recordings up to 2 s are transcribed")
                    #expect(fake.receivedBodies.isEmpty)
                    // And one within the limit goes through
                    let (ok, _) = try await client.upload(wavBytes(seconds: 1.5), filename: "a.wav", contentType: "audio/wav", token: token)
                    #expect(ok == .ok)
                }
            }
        }
    }
}
