import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing
import TestSupport
@testable import SpeakAPI

/// The multipart reader on its own: bodies delivered in chunks of every size, as a network would.
@Suite("Multipart form reading (unit)")
struct MultipartFormUnitTests {
    static let boundary = "XyZ-boundary"

    static func body(audio: [UInt8], field: String = "conv-1") -> [UInt8] {
        var text = "--\(boundary)\r\nContent-Disposition: form-data; name=\"conversation_id\"\r\n\r\n\(field)\r\n"
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"audio_file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
        return Array(text.utf8) + audio + Array("\r\n--\(boundary)--\r\n".utf8)
    }

    static func request(_ bytes: [UInt8], chunk: Int, contentType: String = "multipart/form-data; boundary=\"\(boundary)\"") -> Request {
        let chunks = stride(from: 0, to: bytes.count, by: chunk).map { ByteBuffer(bytes: bytes[$0..<min($0 + chunk, bytes.count)]) }
        let head = HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/api/audio2text", headerFields: [.contentType: contentType])
        let stream = AsyncStream<ByteBuffer> { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
        return Request(head: head, body: RequestBody(asyncSequence: stream))
    }

    @Test("whatever the chunking, the file part lands on disk byte for byte and the other fields are kept in memory", arguments: [1, 7, 64, 100_000])
    func chunked(chunk: Int) async throws {
        try await withTemporaryDirectory { root in
            // Given a body whose audio holds bytes that look like a boundary start
            let storage = UploadStorage(root: root)
            try await storage.prepare()
            let audio = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 31) } + Array("\r\n--XyZ".utf8) + [1, 2, 3]
            // When it arrives in chunks of `chunk` bytes
            let form = try await MultipartForm.spool(Self.request(Self.body(audio: audio), chunk: chunk), maximumBytes: 1 << 20, filePart: "audio_file", storage: storage)
            // Then the file holds exactly the audio, with its name and type, and the field is read
            let file = try #require(form.file)
            #expect(try Data(contentsOf: storage.url(of: file)) == Data(audio))
            #expect(form.hasFilePart && form.filename == "a.wav" && form.contentType == "audio/wav")
            #expect(form.fields.map(\.name) == ["conversation_id"])
            #expect(form.fields.first.map { String(buffer: $0.body) } == "conv-1")
            await storage.discard(file)
        }
    }

    @Test("a body cut short is malformed, and its partial file is deleted")
    func truncated() async throws {
        try await withTemporaryDirectory { root in
            let storage = UploadStorage(root: root)
            try await storage.prepare()
            let whole = Self.body(audio: [UInt8](repeating: 9, count: 2_000))
            await #expect(throws: RequestValidationError.self) {
                _ = try await MultipartForm.spool(Self.request(Array(whole.prefix(1_500)), chunk: 100), maximumBytes: 1 << 20, filePart: "audio_file", storage: storage)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("uploads/.incoming").path).isEmpty)
        }
    }

    @Test("past the size limit: 413, even with no Content-Length, and nothing is left on disk")
    func tooLarge() async throws {
        try await withTemporaryDirectory { root in
            let storage = UploadStorage(root: root)
            try await storage.prepare()
            let body = Self.body(audio: [UInt8](repeating: 1, count: 10_000))
            do {
                _ = try await MultipartForm.spool(Self.request(body, chunk: 512), maximumBytes: 4_096, filePart: "audio_file", storage: storage)
                Issue.record("an oversized body was accepted")
            } catch let error as HTTPError {
                #expect(error.status == .contentTooLarge)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("uploads/.incoming").path).isEmpty)
        }
    }

    @Test("fields other than the file are capped at 64 KiB between them")
    func fieldCap() async throws {
        try await withTemporaryDirectory { root in
            let storage = UploadStorage(root: root)
            try await storage.prepare()
            let body = Self.body(audio: [1], field: String(repeating: "a", count: 70_000))
            await #expect(throws: HTTPError.self) {
                _ = try await MultipartForm.spool(Self.request(body, chunk: 4_096), maximumBytes: 1 << 20, filePart: "audio_file", storage: storage)
            }
        }
    }

    @Test("the boundary parameter is read bare or quoted; a body that is not multipart has no parts")
    func boundaryParameter() async throws {
        #expect(MultipartForm.parameter("boundary", in: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartForm.parameter("boundary", in: "multipart/form-data; charset=utf-8; Boundary=\"a b\"") == "a b")
        #expect(MultipartForm.parameter("boundary", in: "multipart/form-data") == nil)
        try await withTemporaryDirectory { root in
            let storage = UploadStorage(root: root)
            let form = try await MultipartForm.spool(Self.request(Array("{}".utf8), chunk: 2, contentType: "application/json"), maximumBytes: 10, filePart: "audio_file", storage: storage)
            #expect(!form.hasFilePart && form.file == nil && form.fields.isEmpty)
        }
    }
}
