import AI
import AsyncHTTPClient
import BSON
import DocumentStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import SpeakAPI
import Testing
import TestSupport

/// Uploads go to disk as they arrive, privately, and are kept or deleted — never left behind.
@Suite("Uploads on disk over real HTTP")
struct UploadSpoolTests {
    private func transcriber(_ base: String) -> any Transcriber {
        OpenAICompatibleTranscriber(endpoint: OpenAIEndpoint(baseURL: base, apiKey: "k", timeout: .seconds(5)), model: "whisper-1")
    }

    /// The POSIX permission bits of a file or folder.
    private func mode(_ url: URL) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    /// What `.incoming` holds.
    private func incoming(_ data: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("uploads/.incoming").path)) ?? []
    }

    @Test("a kept recording is 0600 in 0700 folders; nothing stays in .incoming, whatever the outcome")
    func privateAndClean() async throws {
        let fake = FakeOpenAIServer(transcriptions: [.transcript("I goes to school.", duration: 0.5), .transcript("  ", duration: 0.5)])
        try await fake.run { base in
            try await withTemporaryDirectory { data in
                try await LiveServer.run(in: data, providers: AIProviders(transcriber: transcriber(base))) { client, store in
                    let token = try await LiveServer.register(client)
                    // When a recording is heard, then its file is the owner's alone
                    let (status, body) = try await client.upload(wavBytes(), filename: "a.wav", contentType: "audio/wav", token: token)
                    #expect(status == .ok && body?["success"] == .bool(true))
                    let audio = try #require(try await store.collection("audio").findOne([:]))
                    let path = try #require(audio["file_path"]?.stringValue)
                    let file = data.appendingPathComponent(path)
                    #expect(try mode(file) == 0o600)
                    #expect(try mode(file.deletingLastPathComponent()) == 0o700)
                    #expect(try mode(data.appendingPathComponent("uploads")) == 0o700)
                    // And when nothing is heard, not audio, or too big, nothing is left on disk
                    _ = try await client.upload(wavBytes(), filename: "b.wav", contentType: "audio/wav", token: token)
                    let (notAudio, _) = try await client.upload(Array("plain text".utf8), filename: "c.wav", contentType: "audio/wav", token: token)
                    #expect(notAudio == .unsupportedMediaType)
                    let (tooBig, _) = try await client.upload(wavBytes(seconds: 40), filename: "d.wav", contentType: "audio/wav", token: token)
                    #expect(tooBig == .contentTooLarge)
                    #expect(incoming(data).isEmpty)
                    let kept = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
                    #expect(kept == [file.lastPathComponent])
                }
            }
        }
    }

    @Test("the body is written to disk while it is still arriving")
    func streamed() async throws {
        let fake = FakeOpenAIServer(transcriptions: [.transcript("hello there", duration: 10)])
        try await fake.run { base in
            try await withTemporaryDirectory { data in
                try await LiveServer.run(in: data, providers: AIProviders(transcriber: transcriber(base))) { client, _ in
                    let token = try await LiveServer.register(client)
                    let port = try #require(client.port)
                    let boundary = "spool-boundary"
                    let wav = wavBytes(seconds: 10)  // 320 KB
                    let head = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"audio_file\"; filename=\"a.wav\"\r\n\r\n".utf8)
                    let (chunks, feed) = AsyncStream.makeStream(of: ByteBuffer.self)
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/audio2text")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
                    request.headers.add(name: "Authorization", value: "Bearer \(token)")
                    request.body = .stream(chunks, length: .unknown)
                    let sent = Task { try await HTTPClient.shared.execute(request, timeout: .seconds(30)) }
                    // Given the first 200 KB of the recording sent, and the rest held back
                    feed.yield(ByteBuffer(bytes: head + wav.prefix(200_000)))
                    // Then a file in .incoming holds them before the body has ended
                    var written = 0
                    for _ in 0..<250 where written < 200_000 {
                        try await Task.sleep(for: .milliseconds(20))
                        written = incoming(data).compactMap { name in
                            try? FileManager.default.attributesOfItem(atPath: data.appendingPathComponent("uploads/.incoming/\(name)").path)[.size] as? Int
                        }.max() ?? 0
                    }
                    #expect(written >= 200_000)
                    // When the rest arrives, then the upload is transcribed and kept as usual
                    feed.yield(ByteBuffer(bytes: Array(wav.dropFirst(200_000)) + Array("\r\n--\(boundary)--\r\n".utf8)))
                    feed.finish()
                    let response = try await sent.value
                    #expect(response.status == .ok)
                    let body = try await response.body.collect(upTo: 1 << 16)
                    #expect(String(buffer: body).contains(#""success":true"#))
                    #expect(incoming(data).isEmpty)
                }
            }
        }
    }

    @Test("heard but not kept: 200 with the words, success true, the original's warning, and nothing recorded")
    func heardNotStored() async throws {
        let fake = FakeOpenAIServer(transcriptions: [.transcript("I goes to school.", duration: 0.5)])
        try await fake.run { base in
            try await withTemporaryDirectory { data in
                try await LiveServer.run(in: data, providers: AIProviders(transcriber: transcriber(base))) { client, store in
                    let token = try await LiveServer.register(client)
                    let (_, _, me) = try await client.json(.get, "/api/users/me", token: token)
                    let id = try #require(me?["_id"]?.string)
                    // Given the learner's upload folder cannot be made (a file is in its way)
                    #expect(FileManager.default.createFile(atPath: data.appendingPathComponent("uploads/\(id)").path, contents: Data("x".utf8)))
                    // When they upload a recording that is heard
                    let (status, body) = try await client.upload(wavBytes(), filename: "a.wav", contentType: "audio/wav", token: token)
                    // Then they get the words, with the original's warning, and nothing is recorded or left behind
                    #expect(status == .ok)
                    #expect(body == .object([
                        JSONMember("audio_id", .null), JSONMember("transcription", .string("I goes to school.")),
                        JSONMember("success", .bool(true)), JSONMember("warning", .string("Transcription successful but audio storage failed")),
                    ]))
                    #expect(try await store.collection("audio").countDocuments() == 0)
                    #expect(incoming(data).isEmpty)
                }
            }
        }
    }
}
